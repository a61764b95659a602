package io.github.guardrails4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Every rail of a check gets one start and then one end, even a rail the race never started because another rail
 * blocked first. Before the fix, a rail that blocked at once (here synchronously, as a verdict cache hit or a
 * loaded machine can make it) left the later rails with a {@code railCancelled} and no {@code railStarted}: a
 * metrics listener then never timed them, and the counts of a check depended on thread timing.
 */
class RailEventPairsTest {
    /** A rail that blocks before {@code check} returns. */
    private static final Rail BLOCKS_AT_ONCE = new Rail() {
        @Override
        public String name() {
            return "blocks-at-once";
        }

        @Override
        public RailDirection direction() {
            return RailDirection.INPUT;
        }

        @Override
        public CompletableFuture<Verdict> check(RailRequest request) {
            return CompletableFuture.completedFuture(
                    Verdict.builder(name()).outcome(Outcome.UNSAFE).build());
        }
    };

    @Test
    void railsNeverStartedAreReportedStartedThenCancelled() {
        List<String> events = new CopyOnWriteArrayList<>();
        GuardrailsListener listener = new GuardrailsListener() {
            @Override
            public void railStarted(RailEvent e) {
                events.add("started " + e.rail());
            }

            @Override
            public void railEnded(RailEvent e) {
                events.add("ended " + e.rail());
            }

            @Override
            public void railFailed(RailEvent e) {
                events.add("failed " + e.rail());
            }

            @Override
            public void railCancelled(RailEvent e) {
                events.add("cancelled " + e.rail());
            }

            @Override
            public void checkEnded(CheckEvent e) {
                events.add("check " + e.outcome());
            }
        };
        ManualRail second = new ManualRail("second", RailDirection.INPUT);
        ManualRail third = new ManualRail("third", RailDirection.INPUT);
        Guardrails guardrails = Guardrails.builder()
                .rail(BLOCKS_AT_ONCE)
                .rail(second)
                .rail(third)
                .unguarded(RailDirection.OUTPUT)
                .listener(listener)
                .build();

        GuardResult r = guardrails.checkInput("hello").join();

        assertTrue(r.blocked());
        assertTrue(second.calls.isEmpty() && third.calls.isEmpty(), "the race started neither: " + events);
        assertEquals(
                List.of(
                        "started blocks-at-once",
                        "ended blocks-at-once",
                        "started second",
                        "cancelled second",
                        "started third",
                        "cancelled third",
                        "check " + CheckEvent.BLOCKED),
                events);
    }
}
