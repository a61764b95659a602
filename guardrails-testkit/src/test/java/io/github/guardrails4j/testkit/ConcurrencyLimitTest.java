package io.github.guardrails4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link NimSimulator.Builder#maxConcurrentRequests(int)} and {@link NimSimulator#maxObservedConcurrency()}. */
class ConcurrencyLimitTest {
    private static final String BODY = "{\"input\": \"hello\"}";

    @Test
    void aGuardCallOverTheLimitIs429AtOnceAndTheMaximumIsCounted() throws Exception {
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        FaultInjector hold = request -> {
            inside.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        };
        try (NimSimulator sim =
                NimSimulator.builder().faults(hold).maxConcurrentRequests(2).start()) {
            List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(CompletableFuture.supplyAsync(() -> TestHttp.post(sim.baseUrl() + "/v1/classify", BODY)));
            }
            assertTrue(inside.await(30, TimeUnit.SECONDS));
            assertEquals(2, sim.inflightRequests());
            HttpResponse<String> over = TestHttp.post(sim.baseUrl() + "/v1/classify", BODY);
            assertEquals(429, over.statusCode(), over::body);
            assertTrue(over.body().contains("over the simulator's limit of 2"), over::body);
            assertEquals(3, sim.maxObservedConcurrency(), "the refused request arrived too");
            release.countDown();
            for (CompletableFuture<HttpResponse<String>> f : held) {
                assertEquals(200, f.get(30, TimeUnit.SECONDS).statusCode());
            }
            assertEquals(200, TestHttp.get(sim.baseUrl() + "/v1/health/ready").statusCode());
            sim.resetMaxObservedConcurrency();
            assertTrue(sim.maxObservedConcurrency() <= 1, "reset to what is in flight now");
        }
    }
}
