package io.github.guardrails4j.rail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 10 item 9: a text over the limit is split, and its windows' requests made, off the caller's thread. */
class TextLimitSplitThreadTest {
    private static Verdict safe() {
        return Verdict.builder("rail")
                .parsed(ParsedVerdict.safe(), null)
                .latency(Duration.ZERO)
                .build();
    }

    @Test
    void windowsAreSplitAndStartedOffTheCallersThread() {
        TextLimit limit = TextLimit.split(TextLimit.MIN_MAX_CHARS);
        String text = "a".repeat(TextLimit.MIN_MAX_CHARS * 3);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        List<String> judged = new CopyOnWriteArrayList<>();
        Verdict v = limit.apply("rail", RailDirection.INPUT, RailRequest.ofInput(text), r -> {
                    threads.add(Thread.currentThread());
                    judged.add(r.userMessage());
                    return CompletableFuture.completedFuture(safe());
                })
                .join();
        assertEquals(Outcome.SAFE, v.outcome());
        assertTrue(judged.size() > 1, "split into windows: " + judged.size());
        assertFalse(threads.contains(Thread.currentThread()), "a window was started on the caller's thread");
    }

    @Test
    void aTextWithinTheLimitIsCheckedAsItIs() {
        TextLimit limit = TextLimit.split(TextLimit.MIN_MAX_CHARS);
        List<String> judged = new CopyOnWriteArrayList<>();
        Verdict v = limit.apply("rail", RailDirection.INPUT, RailRequest.ofInput("short"), r -> {
                    judged.add(r.userMessage());
                    return CompletableFuture.completedFuture(safe());
                })
                .join();
        assertEquals(Outcome.SAFE, v.outcome());
        assertEquals(List.of("short"), judged);
    }

    @Test
    void cancellingTheCheckCancelsTheWindowsInFlight() throws InterruptedException {
        TextLimit limit = TextLimit.split(TextLimit.MIN_MAX_CHARS);
        String text = "a".repeat(TextLimit.MIN_MAX_CHARS * 3);
        List<CompletableFuture<Verdict>> calls = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Verdict> check = limit.apply("rail", RailDirection.INPUT, RailRequest.ofInput(text), r -> {
            CompletableFuture<Verdict> call = new CompletableFuture<>();
            calls.add(call);
            started.countDown();
            return call;
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        check.cancel(true);
        assertTrue(check.isCancelled());
        assertFalse(calls.isEmpty());
        for (CompletableFuture<Verdict> call : calls) {
            // the splitter thread links the windows to the check: their cancellation may land just after ours
            assertThrows(CancellationException.class, () -> call.get(10, TimeUnit.SECONDS), "window cancelled");
        }
    }
}
