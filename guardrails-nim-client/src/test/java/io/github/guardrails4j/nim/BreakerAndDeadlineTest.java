package io.github.guardrails4j.nim;

import static io.github.guardrails4j.nim.Nim.completion;
import static io.github.guardrails4j.nim.Nim.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.exception.GuardUnavailableException;
import io.github.guardrails4j.nim.resilience.EndpointLoad;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** Deadlines, circuit breakers, concurrency limits, limit consistency, and the API key in every message. */
class BreakerAndDeadlineTest extends NimServerTest {
    static final String SAFE = "{\"User Safety\": \"safe\"}";

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-03-01T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
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

    @Test
    void aServerThatNeverAnswersEndsAtTheDeadlineAndLeavesNoCallRunning() throws Exception {
        useRoutes();
        CountDownLatch arrived = routes.hold(r -> true, completion(SAFE));
        NimClient c = clientBuilder()
                .attemptTimeout(Duration.ofSeconds(5))
                .resilience(ResilienceConfig.builder()
                        .checkTimeout(Duration.ofMillis(300))
                        .build())
                .build();
        long t0 = System.nanoTime();
        Verdict v = check(c);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(arrived.await(1, TimeUnit.SECONDS));
        assertEquals(Outcome.ERROR, v.outcome());
        GuardTimeoutException e =
                assertInstanceOf(GuardTimeoutException.class, v.error().orElseThrow());
        assertEquals(Duration.ofMillis(300), e.timeout());
        assertTrue(e.getMessage().contains("deadline of 300 ms"), e.getMessage());
        assertEquals(1, v.attempts());
        assertTrue(tookMillis >= 250 && tookMillis < 2_000, "ended near the deadline, took " + tookMillis + " ms");
        Nim.await("the in-flight call to be cancelled", Duration.ofSeconds(2), () -> runningCalls() == 0);
        c.close();
    }

    @Test
    void theBreakerOpensAfterTheConfiguredFailuresAndThenNoRequestLeaves() {
        useRoutes();
        routes.answer(r -> true, status(500));
        MutableClock clock = new MutableClock();
        ResilienceConfig config = ResilienceConfig.builder()
                .maxAttempts(1)
                .slidingWindowSize(4)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitInOpenState(Duration.ofSeconds(10))
                .permittedCallsInHalfOpenState(1)
                .build();
        NimClient c = clientBuilder().resilience(config).clock(clock).build();
        for (int i = 0; i < 4; i++) {
            assertEquals(ErrorReason.HTTP_STATUS, check(c).errorReason().orElseThrow());
        }
        assertEquals(4, server.getRequestCount());
        Verdict refused = check(c);
        assertEquals(ErrorReason.UNAVAILABLE, refused.errorReason().orElseThrow());
        assertEquals(0, refused.attempts(), "no call was made");
        String message = refused.error().orElseThrow().getMessage();
        assertTrue(message.contains(c.baseUrl()) && message.contains("OPEN"), message);
        assertEquals(4, server.getRequestCount(), "no request reached the server");

        // half-open after the wait: one trial call; it succeeds and the breaker closes
        routes.answer(r -> true, completion(SAFE));
        useRoutesFirst(completion(SAFE));
        clock.now = clock.now.plusSeconds(11);
        Verdict trial = check(c);
        assertEquals(Outcome.SAFE, trial.outcome(), trial.toString());
        CircuitBreaker breaker = c.executor().endpoints().get(0).breaker();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.getState());
    }

    /** Routes every later request to this answer (ahead of earlier routes). */
    private void useRoutesFirst(MockResponse response) {
        RoutingDispatcher fresh = new RoutingDispatcher();
        fresh.answer(r -> true, response);
        server.setDispatcher(fresh);
    }

    @Test
    void unsafeVerdictsAndClientErrorsDoNotOpenTheBreaker() {
        useRoutes();
        routes.answer(RoutingDispatcher.bodyContains("bad"), status(404));
        routes.answer(r -> true, completion("{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence\"}"));
        ResilienceConfig config = ResilienceConfig.builder()
                .maxAttempts(1)
                .slidingWindowSize(4)
                .minimumNumberOfCalls(4)
                .build();
        NimClient c = clientBuilder().resilience(config).build();
        NimRail rail = ContentSafetyRail.input(c).build();
        for (int i = 0; i < 6; i++) {
            rail.check(RailRequest.ofInput(i % 2 == 0 ? "bad" : "x")).join();
        }
        assertEquals(
                CircuitBreaker.State.CLOSED,
                c.executor().endpoints().get(0).breaker().getState());
        assertEquals(Outcome.UNSAFE, rail.check(RailRequest.ofInput("x")).join().outcome());
    }

    @Test
    void aFullConcurrencyLimitQueuesTheCheckUntilASlotFrees() throws Exception {
        useRoutes();
        CountDownLatch arrived = routes.hold(r -> true, completion(SAFE));
        NimClient c = clientBuilder()
                .resilience(ResilienceConfig.builder()
                        .maxConcurrentCallsPerEndpoint(1)
                        .build())
                .build();
        NimRail rail = ContentSafetyRail.input(c).build();
        CompletableFuture<Verdict> first = rail.check(RailRequest.ofInput("one"));
        assertTrue(arrived.await(5, TimeUnit.SECONDS));
        CompletableFuture<Verdict> second = rail.check(RailRequest.ofInput("two"));
        assertEquals(List.of(new EndpointLoad(c.baseUrl(), 1, 1, 1)), c.endpointLoad());
        assertFalse(second.isDone(), "it waits for the slot instead of failing (it failed at once before)");
        routes.releaseAll();
        assertEquals(Outcome.SAFE, first.get(5, TimeUnit.SECONDS).outcome());
        Verdict v = second.get(5, TimeUnit.SECONDS);
        assertEquals(Outcome.SAFE, v.outcome(), v::toString);
        assertEquals(1, v.attempts());
        assertEquals(2, server.getRequestCount());
        assertEquals(List.of(new EndpointLoad(c.baseUrl(), 0, 0, 1)), c.endpointLoad());
    }

    @Test
    void withNoCheckTimeoutAFullConcurrencyLimitFailsAtOnceWithoutACall() throws Exception {
        useRoutes();
        CountDownLatch arrived = routes.hold(r -> true, completion(SAFE));
        NimClient c = clientBuilder()
                .resilience(ResilienceConfig.builder()
                        .maxConcurrentCallsPerEndpoint(1)
                        .checkTimeout(Duration.ZERO)
                        .build())
                .build();
        NimRail rail = ContentSafetyRail.input(c).build();
        CompletableFuture<Verdict> first = rail.check(RailRequest.ofInput("one"));
        assertTrue(arrived.await(5, TimeUnit.SECONDS));
        Verdict second = rail.check(RailRequest.ofInput("two")).get(1, TimeUnit.SECONDS);
        assertEquals(ErrorReason.UNAVAILABLE, second.errorReason().orElseThrow());
        GuardUnavailableException e = (GuardUnavailableException) second.error().orElseThrow();
        assertTrue(e.getMessage().contains("concurrency limit full (1 calls in flight, limit 1"), e.getMessage());
        assertEquals(0, second.attempts());
        routes.releaseAll();
        assertEquals(Outcome.SAFE, first.get(5, TimeUnit.SECONDS).outcome());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void theDefaultLimitIsSizedFromTheRailsSharingTheEndpointAndTheDispatcher() {
        try (NimClient owned =
                NimClient.builder().baseUrl("http://127.0.0.1:8000").build()) {
            assertEquals(32, owned.endpointLoad().get(0).limit(), "no rail yet: the minimum");
            ContentSafetyRail.input(owned).build();
            ContentSafetyRail.output(owned).build();
            assertEquals(32, owned.endpointLoad().get(0).limit(), "2 rails x 16 = 32");
            JailbreakDetectionRail.builder(owned).build();
            assertEquals(48, owned.endpointLoad().get(0).limit(), "3 rails x 16 = 48");
            ContentSafetyRail.input(owned).name("another").build();
            ContentSafetyRail.input(owned).name("a fifth").build();
            assertEquals(64, owned.endpointLoad().get(0).limit(), "capped by the owned dispatcher's 64 per host");
        }
        OkHttpClient five = new OkHttpClient(); // OkHttp's default: 5 calls per host
        try (NimClient supplied = NimClient.builder()
                .baseUrl("http://127.0.0.1:8000")
                .okHttpClient(five)
                .build()) {
            for (int i = 0; i < 3; i++) {
                ContentSafetyRail.input(supplied).name("r" + i).build();
            }
            assertEquals(5, supplied.endpointLoad().get(0).limit(), "never more than the supplied dispatcher admits");
        } finally {
            five.dispatcher().executorService().shutdown();
        }
    }

    @Test
    void aPerUrlLimitOverridesTheDefaultAndSizesAnOwnedDispatcher() {
        try (NimClient gateway = NimClient.builder()
                .baseUrl("http://127.0.0.1:8000/v1")
                .maxConcurrentCalls("http://127.0.0.1:8000/v1/", 200)
                .build()) {
            assertEquals(List.of(new EndpointLoad("http://127.0.0.1:8000", 0, 0, 200)), gateway.endpointLoad());
            assertEquals(200, gateway.okHttpClient().dispatcher().getMaxRequestsPerHost());
            assertTrue(gateway.okHttpClient().dispatcher().getMaxRequests() >= 200);
        }
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> NimClient.builder()
                        .baseUrl("http://127.0.0.1:8000")
                        .maxConcurrentCalls("http://127.0.0.1:9000", 10)
                        .build());
        assertTrue(e.getMessage().contains("not one of the base URLs"), e.getMessage());
        assertThrows(
                ConfigurationException.class,
                () -> NimClient.builder()
                        .baseUrl("http://127.0.0.1:8000")
                        .maxConcurrentCalls("http://127.0.0.1:8000", -2)
                        .build());
    }

    static final List<String> THREE =
            List.of("http://127.0.0.1:8000", "http://127.0.0.1:8001", "http://127.0.0.1:8002");

    @Test
    void limitsMustAgreeWithASuppliedDispatcher() {
        OkHttpClient defaults = new OkHttpClient();
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> NimClient.builder()
                        .baseUrl("http://127.0.0.1:8000")
                        .okHttpClient(defaults)
                        .resilience(ResilienceConfig.builder()
                                .maxConcurrentCallsPerEndpoint(32)
                                .build())
                        .build());
        assertTrue(
                e.getMessage().contains("allows 5 concurrent calls per host")
                        && e.getMessage().contains("setMaxRequestsPerHost(32)"),
                e.getMessage());
        // three replicas on one host count together (3 x 32 > 64) (OkHttp limits per host name)
        assertThrows(
                ConfigurationException.class,
                () -> NimClient.builder()
                        .baseUrls(THREE)
                        .okHttpClient(http)
                        .resilience(ResilienceConfig.builder()
                                .maxConcurrentCallsPerEndpoint(32)
                                .build())
                        .build());
        // the default (auto) limits share the dispatcher's 64 per host: 21 each
        try (NimClient auto =
                NimClient.builder().baseUrls(THREE).okHttpClient(http).build()) {
            assertEquals(
                    List.of(21, 21, 21),
                    auto.endpointLoad().stream().map(EndpointLoad::limit).toList());
        }
        defaults.dispatcher().executorService().shutdown();
    }

    @Test
    void anOwnedClientIsSizedToItsLimits() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            urls.add("http://127.0.0.1:" + (8000 + i));
        }
        try (NimClient c = NimClient.builder()
                .baseUrls(urls)
                .resilience(ResilienceConfig.builder()
                        .healthCheckInterval(Duration.ZERO)
                        .build())
                .build()) {
            // each auto-sized limit may grow to 64: 4 x 64 on one host name
            assertEquals(256, c.okHttpClient().dispatcher().getMaxRequestsPerHost());
            assertTrue(c.okHttpClient().dispatcher().getMaxRequests() >= 256);
            assertFalse(c.okHttpClient().retryOnConnectionFailure(), "one retry layer");
        }
    }

    @Test
    void theApiKeyNeverAppearsInMessagesOrToString() {
        useRoutes();
        routes.answer(
                r -> true,
                new MockResponse.Builder()
                        .code(503)
                        .addHeader("Retry-After", "0")
                        .body("{\"message\":\"overloaded\"}")
                        .build());
        String key = NimClientTest.CANARY;
        ResilienceConfig config = ResilienceConfig.builder()
                .slidingWindowSize(3)
                .minimumNumberOfCalls(3)
                .build();
        NimClient c = clientBuilder().apiKey(key).resilience(config).build();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Verdict v = check(c);
            texts.add(v.toString());
            collect(v.error().orElseThrow(), texts);
        }
        Verdict open = check(c);
        assertEquals(ErrorReason.UNAVAILABLE, open.errorReason().orElseThrow());
        collect(open.error().orElseThrow(), texts);
        texts.add(open.toString());
        texts.add(c.toString());
        texts.add(c.resilience().toString());
        texts.add(c.executor().endpoints().toString());
        for (String t : texts) {
            assertFalse(t.contains(key), "the key leaked: " + t);
        }
        assertTrue(texts.size() > 10);
    }

    private static void collect(Throwable t, List<String> out) {
        if (t == null) {
            return;
        }
        out.add(String.valueOf(t.getMessage()));
        out.add(t.toString());
        for (Throwable s : t.getSuppressed()) {
            collect(s, out);
        }
        collect(t.getCause(), out);
    }
}
