package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 8: every call path (plain, early decision streamed, classify) honours the check timeout from the
 * moment the check starts, whatever the check spends queued: in the endpoint's concurrency queue, or in OkHttp's
 * dispatcher (a supplied client whose dispatcher admits fewer calls than the checks in flight). Against a simulator
 * that takes 30 s per call, hundreds of checks with a 2 s check timeout all end as {@code TIMEOUT} by about 2 s. The
 * bound asserted is generous (2 s + 3 s) so that a loaded build machine does not make it flaky; before the fix a
 * queued check failed at once as UNAVAILABLE (the limit did not wait), and calls queued in OkHttp's dispatcher were
 * timed from when they left the queue (640 early-decision checks took 10.3 s).
 */
class CheckTimeoutEveryPathTest {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    /** Generous: the shared 2-core build machine runs at a load of 20; before the fix 640 checks took 10.3 s. */
    private static final long BOUND_MILLIS = CHECK_TIMEOUT.toMillis() + 3_000;

    private static NimSimulator slow;

    @BeforeAll
    static void start() {
        slow = NimSimulator.builder()
                .latency(LatencyModel.fixed(Duration.ofSeconds(30)))
                .recordedRequestLimit(0)
                .start();
    }

    @AfterAll
    static void stop() {
        slow.close();
    }

    private static ResilienceConfig config(int limit) {
        return ResilienceConfig.builder()
                .checkTimeout(CHECK_TIMEOUT)
                .maxConcurrentCallsPerEndpoint(limit)
                .build();
    }

    private static void allTimeOutInTime(int checks, NimRail rail) {
        long t0 = System.nanoTime();
        List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
        for (int i = 0; i < checks; i++) {
            verdicts.add(rail.check(RailRequest.ofInput("How do I bake bread? " + i)));
        }
        for (CompletableFuture<Verdict> f : verdicts) {
            Verdict v = f.orTimeout(30, TimeUnit.SECONDS).join();
            assertEquals(Outcome.ERROR, v.outcome(), v::toString);
            assertEquals(ErrorReason.TIMEOUT, v.errorReason().orElseThrow(), v::toString);
            GuardTimeoutException e =
                    assertInstanceOf(GuardTimeoutException.class, v.error().orElseThrow());
            assertEquals(CHECK_TIMEOUT, e.timeout(), v::toString);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < BOUND_MILLIS, checks + " checks ended after " + ms + " ms, over " + BOUND_MILLIS + " ms");
    }

    private static void run(int checks, int limit, OkHttpClient http, Function<NimClient, NimRail> rail) {
        NimClient.Builder b = NimClient.builder().baseUrl(slow.baseUrl()).resilience(config(limit));
        if (http != null) {
            b.okHttpClient(http);
        }
        try (NimClient c = b.build()) {
            allTimeOutInTime(checks, rail.apply(c));
        }
    }

    @Test
    void earlyDecisionChecksQueuedForTheLimitEndByTheirCheckTimeout() {
        run(
                640,
                ResilienceConfig.AUTO_CONCURRENCY_LIMIT,
                null,
                c -> ContentSafetyRail.input(c).earlyDecision(true).build());
    }

    @Test
    void plainChecksQueuedForTheLimitEndByTheirCheckTimeout() {
        run(
                200,
                ResilienceConfig.AUTO_CONCURRENCY_LIMIT,
                null,
                c -> ContentSafetyRail.input(c).build());
    }

    @Test
    void classifyChecksQueuedForTheLimitEndByTheirCheckTimeout() {
        run(
                200,
                ResilienceConfig.AUTO_CONCURRENCY_LIMIT,
                null,
                c -> JailbreakDetectionRail.builder(c).build());
    }

    @Test
    void checksQueuedInOkHttpsDispatcherEndByTheirCheckTimeout() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequestsPerHost(4); // far fewer than the checks: most wait inside OkHttp
        OkHttpClient http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
        try {
            run(
                    640,
                    0,
                    http,
                    c -> ContentSafetyRail.input(c).earlyDecision(true).build());
        } finally {
            dispatcher.cancelAll();
            dispatcher.executorService().shutdown();
        }
    }
}
