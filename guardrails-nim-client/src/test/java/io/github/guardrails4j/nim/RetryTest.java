package io.github.guardrails4j.nim;

import static io.github.guardrails4j.nim.Nim.completion;
import static io.github.guardrails4j.nim.Nim.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.nim.internal.RetryBudget;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retries: which failures, how many attempts, which waits (recorded, never slept), Retry-After, the budget. */
class RetryTest extends NimServerTest {
    static final String SAFE = "{\"User Safety\": \"safe\"}";
    final RecordingScheduler scheduler = new RecordingScheduler();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    NimClient retrying(ResilienceConfig config) {
        return clientBuilder()
                .resilience(config)
                .scheduler(scheduler)
                .random(() -> 0.5)
                .build();
    }

    static Verdict check(NimClient c) {
        return ContentSafetyRail.input(c)
                .build()
                .check(RailRequest.ofInput("hello"))
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    static MockResponse status(int code) {
        return json(code, "{\"object\":\"error\",\"message\":\"injected " + code + "\"}");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void retriesEachRetryableStatusThenSucceeds(int code) {
        server.enqueue(status(code));
        server.enqueue(completion(SAFE));
        Verdict v = check(retrying(ResilienceConfig.ofDefaults()));
        assertEquals(Outcome.SAFE, v.outcome(), v.toString());
        assertEquals(2, v.attempts());
        assertEquals(2, server.getRequestCount());
        assertEquals(List.of(100L), scheduler.delaysMillis, "nominal first backoff with jitter factor 1");
        assertEquals(
                NimClient.normalize(server.url("/").toString()), v.endpoint().orElseThrow());
    }

    @Test
    void okHttpDoesNotRepeatA503WithRetryAfterZeroBehindOurBack() {
        server.enqueue(json(503, "{\"object\":\"error\",\"message\":\"overloaded\"}")
                .newBuilder()
                .addHeader("Retry-After", "0")
                .build());
        server.enqueue(completion(SAFE));
        // The OkHttp client the NimClient owns (a borrowed one is used as given).
        NimClient owned = NimClient.builder()
                .baseUrl(server.url("/").toString())
                .resilience(ResilienceConfig.disabled())
                .build();
        Verdict v;
        try (owned) {
            v = check(owned);
        }
        assertEquals(Outcome.ERROR, v.outcome(), v.toString());
        assertEquals(1, server.getRequestCount(), "one attempt means one request: OkHttp must not retry by itself");
        GuardServiceException e =
                assertInstanceOf(GuardServiceException.class, v.error().orElseThrow());
        assertEquals(503, e.statusCode());
        assertEquals(Optional.of(Duration.ZERO), e.retryAfter(), "the wait still reaches our retry layer");
    }

    @Test
    void retriesAnIoFailureOnAFreshCall() {
        server.enqueue(new MockResponse.Builder()
                .onResponseStart(new mockwebserver3.SocketEffect.CloseSocket())
                .build());
        server.enqueue(completion(SAFE));
        Verdict v = check(retrying(ResilienceConfig.ofDefaults()));
        assertEquals(Outcome.SAFE, v.outcome(), v.toString());
        assertEquals(2, v.attempts());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 422})
    void neverRetriesClientErrors(int code) {
        server.enqueue(status(code));
        server.enqueue(completion(SAFE));
        Verdict v = check(retrying(ResilienceConfig.ofDefaults()));
        assertEquals(Outcome.ERROR, v.outcome());
        assertEquals(code, ((GuardServiceException) v.error().orElseThrow()).statusCode());
        assertEquals(1, v.attempts());
        assertEquals(1, server.getRequestCount());
        assertEquals(List.of(), scheduler.delaysMillis);
    }

    @Test
    void neverRetriesAContextLengthRejectionOrUnreadableAnswers() {
        server.enqueue(json(400, "{\"message\":\"This model's maximum context length is 8192 tokens\"}"));
        server.enqueue(json(200, "<html>proxy</html>"));
        server.enqueue(completion("I think it is fine"));
        NimClient c = retrying(ResilienceConfig.ofDefaults());
        Verdict rejected = check(c);
        Verdict protocol = check(c);
        Verdict unparseable = check(c);
        assertEquals(ErrorReason.REJECTED_INPUT, rejected.errorReason().orElseThrow());
        assertEquals(ErrorReason.PROTOCOL, protocol.errorReason().orElseThrow());
        assertEquals(ErrorReason.UNPARSEABLE_OUTPUT, unparseable.errorReason().orElseThrow());
        for (Verdict v : List.of(rejected, protocol, unparseable)) {
            assertEquals(1, v.attempts(), v.toString());
        }
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void honoursRetryAfterSeconds() {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "1")
                .body("slow down")
                .build());
        server.enqueue(completion(SAFE));
        Verdict v = check(retrying(ResilienceConfig.ofDefaults()));
        assertEquals(Outcome.SAFE, v.outcome());
        assertEquals(List.of(1000L), scheduler.delaysMillis);
    }

    @Test
    void honoursRetryAfterHttpDateAgainstTheInjectedClock() {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        String date =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(3).atOffset(ZoneOffset.UTC));
        server.enqueue(new MockResponse.Builder()
                .code(503)
                .addHeader("Retry-After", date)
                .build());
        server.enqueue(completion(SAFE));
        NimClient c = clientBuilder()
                .resilience(ResilienceConfig.ofDefaults())
                .scheduler(scheduler)
                .random(() -> 0.5)
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .build();
        assertEquals(Outcome.SAFE, check(c).outcome());
        assertEquals(List.of(3000L), scheduler.delaysMillis);
    }

    @Test
    void aRetryAfterPastTheDeadlineEndsTheCheckWithTheLastError() {
        server.enqueue(new MockResponse.Builder()
                .code(503)
                .addHeader("Retry-After", "30")
                .build());
        server.enqueue(completion(SAFE));
        Verdict v = check(retrying(
                ResilienceConfig.builder().checkTimeout(Duration.ofSeconds(12)).build()));
        assertEquals(ErrorReason.HTTP_STATUS, v.errorReason().orElseThrow());
        assertEquals(1, v.attempts());
        assertEquals(List.of(), scheduler.delaysMillis, "no wait was taken");
        assertTrue(Arrays.stream(v.error().orElseThrow().getSuppressed())
                .anyMatch(s -> s.getMessage().contains("would pass the check's deadline of 12000 ms")));
    }

    @Test
    void exhaustedAttemptsReportTheLastFailureWithTheEarlierOnesSuppressed() {
        server.enqueue(status(500));
        server.enqueue(status(502));
        server.enqueue(status(503));
        Verdict v = check(retrying(ResilienceConfig.ofDefaults()));
        assertEquals(Outcome.ERROR, v.outcome());
        assertEquals(3, v.attempts());
        GuardrailsException last = v.error().orElseThrow();
        assertEquals(503, ((GuardServiceException) last).statusCode());
        List<Integer> earlier = Arrays.stream(last.getSuppressed())
                .map(s -> ((GuardServiceException) s).statusCode())
                .toList();
        assertEquals(List.of(500, 502), earlier);
    }

    @Test
    void backoffGrowsExponentiallyUpToTheMaximum() {
        useRoutes();
        routes.answer(r -> true, status(500));
        ResilienceConfig config = ResilienceConfig.builder()
                .maxAttempts(6)
                .initialBackoff(Duration.ofMillis(100))
                .backoffMultiplier(2)
                .maxBackoff(Duration.ofMillis(1000))
                .retryBudgetMinPerSecond(100)
                .build();
        check(retrying(config));
        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L), scheduler.delaysMillis);
    }

    @Test
    void jitterStaysWithinItsBounds() {
        useRoutes();
        routes.answer(r -> true, status(503));
        ResilienceConfig config = ResilienceConfig.builder()
                .maxAttempts(5)
                .retryBudgetMinPerSecond(1000)
                .build();
        NimClient low = clientBuilder()
                .resilience(config)
                .scheduler(scheduler)
                .random(() -> 0.0)
                .build();
        check(low);
        assertEquals(List.of(50L, 100L, 200L, 400L), scheduler.delaysMillis, "factor 1 - 0.5");
        scheduler.delaysMillis.clear();
        NimClient high = clientBuilder()
                .resilience(config)
                .scheduler(scheduler)
                .random(() -> 0.999_999)
                .build();
        check(high);
        assertEquals(List.of(150L, 300L, 600L, 1200L), scheduler.delaysMillis, "factor 1 + 0.5");
        scheduler.delaysMillis.clear();
        NimClient real = clientBuilder().resilience(config).scheduler(scheduler).build();
        for (int i = 0; i < 5; i++) {
            check(real);
        }
        long[] nominal = {100, 200, 400, 800};
        for (int i = 0; i < scheduler.delaysMillis.size(); i++) {
            long d = scheduler.delaysMillis.get(i);
            long n = nominal[i % 4];
            assertTrue(d >= n / 2 && d <= Math.min(2000, n * 3 / 2), "retry " + (i % 4 + 1) + " waited " + d);
        }
    }

    @Test
    void anEmptyRetryBudgetStopsRetries() {
        useRoutes();
        routes.answer(r -> true, status(503));
        long[] now = {0};
        // no share of first attempts, one retry per second: exactly one retry in the window
        ResilienceConfig config = ResilienceConfig.builder()
                .retryBudgetRatio(0)
                .retryBudgetMinPerSecond(1)
                .retryBudgetWindow(Duration.ofSeconds(1))
                .build();
        NimClient c = clientBuilder()
                .resilience(config)
                .scheduler(scheduler)
                .random(() -> 0.5)
                .nanoTime(() -> now[0])
                .build();
        Verdict first = check(c);
        assertEquals(2, first.attempts(), "one retry, then the budget is empty");
        assertTrue(
                Arrays.stream(first.error().orElseThrow().getSuppressed())
                        .anyMatch(s -> s.getMessage().contains("retry budget")),
                "the reason is attached");
        Verdict second = check(c);
        assertEquals(1, second.attempts(), "no retry while the budget is empty");
        assertEquals(3, server.getRequestCount());
        now[0] += TimeUnit.SECONDS.toNanos(1);
        assertEquals(2, check(c).attempts(), "the window slid: one retry again");
    }

    @Test
    void retryBudgetLetsRetriesAddTheRatioOnTopOfFirstAttempts() {
        long[] now = {0};
        RetryBudget budget = new RetryBudget(0.2, 0, 10, () -> now[0]);
        for (int i = 0; i < 100; i++) {
            budget.deposit();
        }
        int retries = 0;
        while (budget.tryWithdraw()) {
            retries++;
        }
        assertEquals(20, retries);
        now[0] += TimeUnit.SECONDS.toNanos(10);
        assertEquals(0, budget.available(), "deposits expire with the window");
    }

    @Test
    void oneAttemptMeansNoRetry() {
        server.enqueue(status(503));
        Verdict v = check(retrying(ResilienceConfig.builder().maxAttempts(1).build()));
        assertEquals(1, v.attempts());
        assertInstanceOf(GuardServiceException.class, v.error().orElseThrow());
    }
}
