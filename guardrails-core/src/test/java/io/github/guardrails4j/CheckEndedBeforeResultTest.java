package io.github.guardrails4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Outcome;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The caller's future completes only after every listener has seen the check end: a host (or the CLI's
 * {@code --metrics-out}) that reads its metrics as soon as {@code join()} returns finds the check in them. Before
 * the fix, the result completed first and the listeners ran after the caller had woken up.
 */
class CheckEndedBeforeResultTest {
    @Test
    void checkEndedRunsBeforeTheCallersJoinReturns() {
        ManualRail rail = new ManualRail("slow-listener", RailDirection.INPUT);
        List<String> ended = new CopyOnWriteArrayList<>();
        GuardrailsListener listener = new GuardrailsListener() {
            @Override
            public void checkEnded(CheckEvent event) {
                try {
                    Thread.sleep(200); // a listener that takes a while, like a registry flushing
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ended.add(event.outcome());
            }
        };
        Guardrails guardrails = Guardrails.builder()
                .rail(rail)
                .unguarded(RailDirection.OUTPUT)
                .listener(listener)
                .build();
        CompletableFuture<GuardResult> result = guardrails.checkInput("hello");
        // the rail answers on another thread while this one waits in join()
        CompletableFuture.runAsync(
                () -> rail.answer(Outcome.UNSAFE, "S1"), CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
        GuardResult r = result.join();
        assertTrue(r.blocked());
        assertEquals(List.of(CheckEvent.BLOCKED), ended, "checkEnded had run when join() returned");
    }

    @Test
    void cancellingTheResultStillEndsTheCheckAsCancelled() {
        ManualRail rail = new ManualRail("cancelled", RailDirection.INPUT);
        List<String> ended = new CopyOnWriteArrayList<>();
        Guardrails guardrails = Guardrails.builder()
                .rail(rail)
                .unguarded(RailDirection.OUTPUT)
                .listener(new GuardrailsListener() {
                    @Override
                    public void checkEnded(CheckEvent event) {
                        ended.add(event.outcome());
                    }
                })
                .build();
        CompletableFuture<GuardResult> result = guardrails.checkInput("hello");
        assertTrue(result.cancel(true));
        assertTrue(rail.last().isCancelled(), "the rail's call is cancelled");
        assertEquals(List.of(CheckEvent.CANCELLED), ended);
    }
}
