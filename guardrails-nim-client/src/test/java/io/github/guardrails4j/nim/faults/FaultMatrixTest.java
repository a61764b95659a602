package io.github.guardrails4j.nim.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.Dispatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rail against every fault, one attempt, short call timeout: each ends in its one documented outcome, never
 * SAFE, its future completes in bounded time, and no OkHttp call is left running. Writes the observed matrix to
 * {@code target/fault-matrix.md}; {@link ReliabilityDocTest} keeps {@code docs/reliability.md} equal to it.
 */
class FaultMatrixTest {
    /** Budget of the one attempt: long enough for loopback, short enough to keep the suite fast. */
    static final Duration CALL_TIMEOUT = Duration.ofMillis(500);
    /** Bound on how long any check may take to complete (the call timeout plus generous scheduling slack). */
    static final Duration COMPLETION_BOUND = Duration.ofSeconds(5);

    static final Path REPORT = Path.of("target", "fault-matrix.md");

    private record Observed(String cell, String exception, int requests) {}

    private static final Map<String, Observed> OBSERVED = new ConcurrentHashMap<>();

    static Stream<Arguments> railsTimesFaults() {
        return Stream.of(FaultCase.values())
                .flatMap(f -> Stream.of(RailUnderTest.values()).map(r -> Arguments.of(r, f)));
    }

    /**
     * A client that makes exactly one attempt. NimClient has no retry API on this branch (retries are being added on
     * branch resil); its owned OkHttp client has {@code retryOnConnectionFailure(false)}. When a retry setting
     * exists, switch it off here so this matrix stays a matrix of single attempts.
     */
    static NimClient oneAttemptClient(String baseUrl) {
        return NimClient.builder()
                .baseUrl(baseUrl)
                .attemptTimeout(CALL_TIMEOUT)
                .resilience(ResilienceConfig.disabled())
                .build();
    }

    @BeforeAll
    static void warmUp() {
        FaultServer.warmUp();
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("railsTimesFaults")
    void everyFaultEndsInItsOneDocumentedOutcomeNeverSafe(RailUnderTest rail, FaultCase fault) throws Exception {
        FaultCase.Expected expected = fault.expected();
        try (FaultServer server = FaultServer.start(fault, rail);
                NimClient client = fault.closesDuringRetry()
                        ? retryingClient(server.baseUrl())
                        : oneAttemptClient(server.baseUrl())) {
            CompletableFuture<Verdict> future = rail.build(client).check(rail.request());
            if (fault.closesDuringRetry()) {
                awaitRequests(server, 1);
                client.close(); // while the check waits 3 s for its retry (or reads the 429)
            }
            Verdict v = future.get(COMPLETION_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(future.isDone());
            assertTrue(!future.isCompletedExceptionally(), "a rail future never completes exceptionally");

            Dispatcher dispatcher = client.okHttpClient().dispatcher();
            awaitNoRunningCalls(dispatcher);
            assertEquals(0, dispatcher.queuedCallsCount(), "queued calls");

            String exception = v.error().map(e -> e.getClass().getSimpleName()).orElse("-");
            String cell = v.errorReason().map(r -> v.outcome() + " " + r).orElse(v.outcome() + " (parsed)");
            OBSERVED.put(key(fault, rail), new Observed(cell, exception, server.requestCount()));

            assertNotEquals(Outcome.SAFE, v.outcome(), "a fault is never SAFE");
            assertEquals(rail.railName(), v.rail());
            assertEquals(expected.outcome(), v.outcome(), () -> "verdict " + v);
            assertEquals(expected.reason(), v.errorReason().orElse(null), () -> "verdict " + v);
            if (expected.exception() != null) {
                assertSame(expected.exception(), v.error().orElseThrow().getClass(), () -> "verdict " + v);
            }
            assertEquals(expected.requests(), server.requestCount(), "HTTP requests the fake NIM received");
            v.error().ifPresent(e -> {
                if (e instanceof GuardTimeoutException t) {
                    assertEquals(CALL_TIMEOUT, t.timeout(), "the budget that ran out");
                }
                if (e instanceof GuardServiceException s) {
                    assertEquals(statusOf(fault), s.statusCode());
                }
            });
        }
    }

    /** A client that retries (3 attempts), for the close-during-retry row; no breaker, no probes. */
    static NimClient retryingClient(String baseUrl) {
        return NimClient.builder()
                .baseUrl(baseUrl)
                .attemptTimeout(CALL_TIMEOUT)
                .resilience(ResilienceConfig.builder()
                        .circuitBreakerEnabled(false)
                        .healthCheckInterval(Duration.ZERO)
                        .build())
                .build();
    }

    private static void awaitRequests(FaultServer server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + COMPLETION_BOUND.toNanos();
        while (server.requestCount() < count) {
            if (System.nanoTime() > deadline) {
                fail("no request arrived within " + COMPLETION_BOUND);
            }
            Thread.sleep(1);
        }
    }

    private static int statusOf(FaultCase fault) {
        return Integer.parseInt(fault.label().replaceAll("^HTTP (\\d{3}).*$", "$1"));
    }

    private static void awaitNoRunningCalls(Dispatcher dispatcher) throws InterruptedException {
        // OkHttp counts a call as running until its callback has returned; the verdict is completed inside the
        // callback, so the count reaches 0 a moment after the future. Poll OkHttp's bookkeeping, bounded.
        long deadline = System.nanoTime() + COMPLETION_BOUND.toNanos();
        while (dispatcher.runningCallsCount() != 0) {
            if (System.nanoTime() > deadline) {
                fail(dispatcher.runningCallsCount() + " OkHttp call(s) still running " + COMPLETION_BOUND
                        + " after the verdict");
            }
            Thread.sleep(1);
        }
    }

    private static String key(FaultCase f, RailUnderTest r) {
        return f.name() + "/" + r.name();
    }

    @AfterAll
    static void writeObservedMatrix() throws IOException {
        String table = FaultMatrix.render(
                (f, r) -> {
                    Observed o = OBSERVED.get(key(f, r));
                    return o == null ? "not run" : o.cell();
                },
                f -> distinct(f, o -> o.exception()),
                f -> distinct(f, o -> Integer.toString(o.requests())));
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, table, StandardCharsets.UTF_8);
    }

    private static String distinct(FaultCase f, Function<Observed, String> column) {
        Set<String> values = new LinkedHashSet<>();
        for (RailUnderTest r : RailUnderTest.values()) {
            Observed o = OBSERVED.get(key(f, r));
            if (o != null) {
                values.add(column.apply(o));
            }
        }
        return values.isEmpty() ? "not run" : values.stream().collect(Collectors.joining(" / "));
    }
}
