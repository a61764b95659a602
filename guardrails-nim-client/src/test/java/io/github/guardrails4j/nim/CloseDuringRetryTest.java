package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RetryEvent;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardUnavailableException;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * {@code NimClient.close()} while checks wait for a retry completes every pending check at once with a clear
 * "closed" error, and a check started on a closed client fails at once with the same error, without a request.
 */
class CloseDuringRetryTest extends NimServerTest {
    private static final int CHECKS = 10;

    private void rateLimitEverything() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder()
                        .code(429)
                        .addHeader("Retry-After", "3")
                        .addHeader("Content-Type", "application/json")
                        .body("{\"object\":\"error\",\"message\":\"Too Many Requests\",\"code\":429}")
                        .build();
            }
        });
    }

    private static void assertClosed(Verdict v) {
        assertEquals(Outcome.ERROR, v.outcome(), v::toString);
        assertEquals(ErrorReason.UNAVAILABLE, v.errorReason().orElseThrow(), v::toString);
        Throwable e = v.error().orElseThrow();
        assertEquals(GuardUnavailableException.class, e.getClass(), v::toString);
        assertTrue(e.getMessage().contains("NimClient was closed"), e.getMessage());
    }

    @Test
    void closeCompletesEveryCheckWaitingForARetry() {
        rateLimitEverything();
        AtomicInteger retries = new AtomicInteger();
        NimClient owned =
                NimClient.builder().baseUrl(server.url("/").toString()).build(); // default settings
        Guardrails g = Guardrails.builder()
                .rail(ContentSafetyRail.input(owned).build())
                .listener(new GuardrailsListener() {
                    @Override
                    public void retryScheduled(RetryEvent event) {
                        retries.incrementAndGet();
                    }
                })
                .build();
        List<CompletableFuture<GuardResult>> checks = new ArrayList<>();
        for (int i = 0; i < CHECKS; i++) {
            checks.add(g.checkInput("hello " + i));
        }
        Nim.await("every check to wait for its retry", Duration.ofSeconds(10), () -> retries.get() == CHECKS);
        owned.close();
        for (CompletableFuture<GuardResult> c : checks) {
            // well under the 3 s Retry-After: completed by close(), not by the retry or the deadline
            GuardResult r = c.orTimeout(1, TimeUnit.SECONDS).join();
            assertTrue(r.blocked());
            assertClosed(r.verdicts().get(0));
        }
        assertEquals(CHECKS, server.getRequestCount(), "no retry went out after close()");
    }

    @Test
    void aCheckOnAClosedClientFailsAtOnceWithoutARequest() {
        NimClient owned =
                NimClient.builder().baseUrl(server.url("/").toString()).build();
        owned.close();
        assertClosed(ContentSafetyRail.input(owned)
                .build()
                .check(RailRequest.ofInput("hello"))
                .orTimeout(1, TimeUnit.SECONDS)
                .join());
        assertClosed(ContentSafetyRail.input(owned)
                .earlyDecision(true)
                .build()
                .check(RailRequest.ofInput("hello"))
                .orTimeout(1, TimeUnit.SECONDS)
                .join());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void closeAlsoEndsChecksOfAClientWithABorrowedScheduler() {
        rateLimitEverything();
        AtomicInteger retries = new AtomicInteger();
        java.util.concurrent.ScheduledExecutorService host =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            NimClient borrowing = NimClient.builder()
                    .baseUrl(server.url("/").toString())
                    .scheduler(host)
                    .build();
            Guardrails g = Guardrails.builder()
                    .rail(ContentSafetyRail.input(borrowing).build())
                    .listener(new GuardrailsListener() {
                        @Override
                        public void retryScheduled(RetryEvent event) {
                            retries.incrementAndGet();
                        }
                    })
                    .build();
            CompletableFuture<GuardResult> check = g.checkInput("hello");
            Nim.await("the retry to be scheduled", Duration.ofSeconds(10), () -> retries.get() == 1);
            borrowing.close();
            assertClosed(check.orTimeout(1, TimeUnit.SECONDS).join().verdicts().get(0));
        } finally {
            host.shutdownNow();
        }
    }
}
