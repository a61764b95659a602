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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

    /**
     * A rail whose verdict the race took before the decision is reported with that verdict, even when the thread
     * that delivered it reaches the listener only after another thread decided the check. Here the third rail's
     * verdict arrives while the first rail's end holds the check's lock; the last rail then decides the check (on the
     * same thread, re-entering the lock). Before the fix the check ended ALLOWED with three SAFE verdicts, yet the
     * listener saw the waiting rail cancelled and its {@code railEnded} was dropped (with {@code runAllRails} an UNSAFE
     * rail could so be reported cancelled while the check was blocked by it).
     */
    @Test
    void aVerdictTakenBeforeTheDecisionIsReportedEndedEvenWhenItsThreadIsLate() throws Exception {
        ManualRail first = new ManualRail("first", RailDirection.INPUT);
        ManualRail waiting = new ManualRail("waiting", RailDirection.INPUT);
        ManualRail last = new ManualRail("last", RailDirection.INPUT);
        List<String> events = new CopyOnWriteArrayList<>();
        Thread[] late = new Thread[1];
        GuardrailsListener listener = new GuardrailsListener() {
            @Override
            public void railEnded(RailEvent e) {
                events.add("ended " + e.rail());
                if (e.rail().equals("first")) {
                    // the waiting rail's verdict is taken by the race, then its thread waits for this lock
                    late[0] = new Thread(() -> waiting.answer(Outcome.SAFE), "late-verdict");
                    late[0].start();
                    awaitBlockedOn(late[0], RailPairs.class);
                    last.answer(Outcome.SAFE); // decides the check: every rail has its verdict
                }
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
        Guardrails guardrails = Guardrails.builder()
                .rail(first)
                .rail(waiting)
                .rail(last)
                .unguarded(RailDirection.OUTPUT)
                .listener(listener)
                .build();
        CompletableFuture<GuardResult> check = guardrails.checkInput("hello");

        first.answer(Outcome.SAFE);
        GuardResult r = check.join();
        late[0].join(10_000);

        assertTrue(r.allowed(), r.toString());
        assertEquals(3, r.verdicts().size(), r.toString());
        assertEquals(List.of("ended first", "ended last", "ended waiting", "check " + CheckEvent.ALLOWED), events);
    }

    /** Waits (at most 10 s) until the thread waits to enter a monitor of that class. */
    private static void awaitBlockedOn(Thread t, Class<?> monitor) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ThreadInfo info = threads.getThreadInfo(t.getId());
            if (info != null
                    && info.getThreadState() == Thread.State.BLOCKED
                    && info.getLockName() != null
                    && info.getLockName().startsWith(monitor.getName() + "@")) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(t + " never waited for a " + monitor.getSimpleName() + " lock");
    }
}
