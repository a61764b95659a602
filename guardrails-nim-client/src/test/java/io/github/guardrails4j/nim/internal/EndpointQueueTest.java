package io.github.guardrails4j.nim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.exception.GuardUnavailableException;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-endpoint queue inside {@link ResilientExecutor}, with attempts the test completes by hand (no HTTP, no
 * sleeps): a check over the limit waits in FIFO order instead of failing, its wait is bounded by its check timeout,
 * cancelling it leaves the queue, and every outcome gives the permit back.
 */
class EndpointQueueTest {
    private static final String URL = "http://127.0.0.1:9";
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<String>> calls = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static ResilienceConfig oneSlot(Duration checkTimeout) {
        return ResilienceConfig.builder()
                .maxAttempts(1)
                .circuitBreakerEnabled(false)
                .healthCheckInterval(Duration.ZERO)
                .checkTimeout(checkTimeout)
                .build();
    }

    private ResilientExecutor executor(ResilienceConfig policy) {
        Endpoint ep = new Endpoint(URL, policy, 1, Clock.systemUTC(), System::nanoTime);
        return new ResilientExecutor(List.of(ep), policy, scheduler, Clock.systemUTC(), System::nanoTime, () -> 0.5);
    }

    private CompletableFuture<Attempted<String>> check(ResilientExecutor ex, String name) {
        return ex.execute(
                "key",
                url -> {
                    started.add(name);
                    CompletableFuture<String> call = new CompletableFuture<>();
                    calls.put(name, call);
                    return call;
                },
                RailObserver.NONE);
    }

    private static ConcurrencyLimiter limiter(ResilientExecutor ex) {
        return ex.endpoints().get(0).limiter();
    }

    @Test
    void checksOverTheLimitWaitInArrivalOrderInsteadOfFailing() {
        ResilientExecutor ex = executor(oneSlot(Duration.ofSeconds(30)));
        CompletableFuture<Attempted<String>> a = check(ex, "a");
        CompletableFuture<Attempted<String>> b = check(ex, "b");
        CompletableFuture<Attempted<String>> c = check(ex, "c");
        CompletableFuture<Attempted<String>> d = check(ex, "d");
        assertEquals(List.of("a"), started);
        assertEquals(3, limiter(ex).queued());
        calls.get("a").complete("A");
        assertEquals("A", a.join().value());
        assertEquals(List.of("a", "b"), started);
        calls.get("b").complete("B");
        calls.get("c").complete("C");
        calls.get("d").complete("D");
        assertEquals(List.of("a", "b", "c", "d"), started);
        assertEquals("B", b.join().value());
        assertEquals("C", c.join().value());
        assertEquals("D", d.join().value());
        assertEquals(1, d.join().attempts());
        assertEquals(0, limiter(ex).inflight());
        assertEquals(0, limiter(ex).queued());
    }

    @Test
    void aCancelledWaiterLeavesTheQueueAndTheNextOneGetsTheSlot() {
        ResilientExecutor ex = executor(oneSlot(Duration.ofSeconds(30)));
        check(ex, "a");
        CompletableFuture<Attempted<String>> b = check(ex, "b");
        CompletableFuture<Attempted<String>> c = check(ex, "c");
        b.cancel(true);
        assertEquals(1, limiter(ex).queued());
        calls.get("a").complete("A");
        assertEquals(List.of("a", "c"), started, "b never made a call");
        calls.get("c").complete("C");
        assertEquals("C", c.join().value());
        assertEquals(0, limiter(ex).inflight());
    }

    @Test
    void theWaitIsBoundedByTheCheckTimeoutCountedFromTheCheckStart() {
        ResilientExecutor ex = executor(oneSlot(Duration.ofMillis(300)));
        assertTrue(limiter(ex).tryAcquire(), "the slot is held by a call that outlives the check");
        long t0 = System.nanoTime();
        Attempted<String> b = check(ex, "b").orTimeout(10, TimeUnit.SECONDS).join();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 250 && ms < 5_000, "ended by its 300 ms deadline: " + ms + " ms");
        GuardTimeoutException e = assertInstanceOf(GuardTimeoutException.class, b.error());
        assertTrue(
                e.getMessage().contains("waiting") && e.getMessage().contains("free slot of " + URL), e.getMessage());
        assertEquals(0, b.attempts());
        assertEquals(0, limiter(ex).queued(), "the timed-out waiter left the queue");
        limiter(ex).release();
        assertEquals(List.of(), started, "b never made a call");
        assertEquals(0, limiter(ex).inflight());
    }

    @Test
    void withNoCheckTimeoutAFullLimitFailsAtOnce() {
        ResilientExecutor ex = executor(oneSlot(Duration.ZERO));
        check(ex, "a");
        Attempted<String> b = check(ex, "b").join();
        GuardUnavailableException e = assertInstanceOf(GuardUnavailableException.class, b.error());
        assertTrue(e.getMessage().contains("concurrency limit full (1 calls in flight, limit 1"), e.getMessage());
        calls.get("a").complete("A");
    }

    @Test
    void thePermitIsGivenBackOnEveryOutcome() {
        ResilientExecutor ex = executor(oneSlot(Duration.ofMillis(500)));
        // success
        check(ex, "ok");
        calls.get("ok").complete("x");
        assertEquals(0, limiter(ex).inflight());
        // failure
        CompletableFuture<Attempted<String>> failed = check(ex, "failed");
        calls.get("failed").completeExceptionally(new GuardServiceException(URL, 500, "boom"));
        assertInstanceOf(GuardServiceException.class, failed.join().error());
        assertEquals(0, limiter(ex).inflight());
        // the caller cancels the check while its call is in flight
        CompletableFuture<Attempted<String>> cancelled = check(ex, "cancelled");
        cancelled.cancel(true);
        assertTrue(calls.get("cancelled").isCancelled(), "the call in flight was cancelled");
        assertEquals(0, limiter(ex).inflight());
        // the deadline runs out while the call is in flight
        Attempted<String> late =
                check(ex, "late").orTimeout(10, TimeUnit.SECONDS).join();
        assertInstanceOf(GuardTimeoutException.class, late.error());
        assertEquals(0, limiter(ex).inflight());
        // the attempt function throws
        Attempted<String> thrown = ex.<String>execute(
                        "key",
                        url -> {
                            throw new IllegalStateException("no call");
                        },
                        RailObserver.NONE)
                .join();
        assertTrue(thrown.error() != null);
        assertEquals(0, limiter(ex).inflight());
        // the client closes while one check waits and one is in flight
        CompletableFuture<Attempted<String>> running = check(ex, "running");
        CompletableFuture<Attempted<String>> waiting = check(ex, "waiting");
        ex.closeAll("closed");
        assertInstanceOf(GuardUnavailableException.class, running.join().error());
        assertInstanceOf(GuardUnavailableException.class, waiting.join().error());
        assertEquals(0, limiter(ex).inflight());
        assertEquals(0, limiter(ex).queued());
        assertNull(calls.get("waiting"), "the waiting check never made a call");
    }
}
