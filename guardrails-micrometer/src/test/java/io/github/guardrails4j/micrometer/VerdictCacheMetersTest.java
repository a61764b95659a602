package io.github.guardrails4j.micrometer;

import static io.github.guardrails4j.micrometer.Fixture.SAFE_QUESTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.VerdictCache;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.testkit.NimSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code guardrails.verdict_cache.gets{rail.name, result}} counts a real VerdictCache's answers over the simulator. */
class VerdictCacheMetersTest {
    @Test
    void countsMissHitAndSharedPerRail() throws Exception {
        AtomicReference<CountDownLatch> gate = new AtomicReference<>();
        try (NimSimulator sim = NimSimulator.builder()
                        .workerThreads(4)
                        .faults(request -> {
                            CountDownLatch g = gate.get();
                            if (g != null) {
                                try {
                                    g.await(10, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            return Optional.empty();
                        })
                        .build()
                        .start();
                NimClient nim = Fixture.nim(sim.baseUrl(), ResilienceConfig.disabled())) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            String rail = "content-safety-input";
            Guardrails g = Guardrails.builder()
                    .rail(ContentSafetyRail.input(nim)
                            .name(rail)
                            .verdictCache(VerdictCache.create())
                            .build())
                    .unguarded(RailDirection.OUTPUT)
                    .listenerFactory(GuardrailsObservation.listenerFactory(ObservationRegistry.NOOP, meters))
                    .build();

            assertTrue(g.checkInput(SAFE_QUESTION).get(10, TimeUnit.SECONDS).allowed());
            assertTrue(g.checkInput(SAFE_QUESTION).get(10, TimeUnit.SECONDS).allowed());
            assertEquals(1.0, count(meters, rail, "miss"));
            assertEquals(1.0, count(meters, rail, "hit"));
            assertNull(meters.find("guardrails.verdict_cache.gets")
                    .tag("result", "shared")
                    .counter());
            assertEquals(1, sim.requestCount(), "the hit made no call");

            CountDownLatch held = new CountDownLatch(1);
            gate.set(held);
            CompletableFuture<GuardResult> first;
            CompletableFuture<GuardResult> second;
            try {
                first = g.checkInput("Which teapot keeps oolong warm?");
                Fixture.await(() -> sim.inflightRequests() == 1, "the first call held at the simulator");
                second = g.checkInput("Which teapot keeps oolong warm?");
            } finally {
                held.countDown();
            }
            assertTrue(first.get(10, TimeUnit.SECONDS).allowed());
            assertTrue(second.get(10, TimeUnit.SECONDS).allowed());
            assertEquals(2.0, count(meters, rail, "miss"));
            assertEquals(1.0, count(meters, rail, "hit"));
            assertEquals(1.0, count(meters, rail, "shared"));
            assertEquals(2, sim.requestCount(), "the shared check waited for the first one's call");
        }
    }

    static double count(SimpleMeterRegistry meters, String rail, String result) {
        return meters.get("guardrails.verdict_cache.gets")
                .tag("rail.name", rail)
                .tag("result", result)
                .counter()
                .count();
    }
}
