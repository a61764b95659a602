package io.github.guardrails4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-endpoint gauges read the live limiter of a real NimClient calling the simulator. */
class EndpointGaugesTest {
    static double gauge(MeterRegistry registry, String name, String endpoint) {
        return registry.get(name).tag("guardrails.endpoint", endpoint).gauge().value();
    }

    /** The meters of this module (resilience4j's breaker meters are bound too). */
    static long endpointMeters(MeterRegistry registry) {
        return registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("guardrails.endpoint."))
                .count();
    }

    @Test
    void gaugesReadTheClientsInflightQueuedAndLimitWhileTheSimulatorHoldsTheCalls() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (NimSimulator sim = NimSimulator.builder()
                        .workerThreads(8)
                        .faults(request -> {
                            try {
                                release.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return Optional.empty();
                        })
                        .build()
                        .start();
                NimClient nim = NimClient.builder()
                        .baseUrl(sim.baseUrl())
                        .resilience(ResilienceConfig.builder()
                                .maxConcurrentCallsPerEndpoint(2)
                                .build())
                        .build()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            EndpointGauges.bind(registry, nim);
            String url = nim.baseUrl();
            assertEquals(3, endpointMeters(registry));
            assertEquals(0.0, gauge(registry, "guardrails.endpoint.inflight", url));
            assertEquals(0.0, gauge(registry, "guardrails.endpoint.queued", url));
            assertEquals(2.0, gauge(registry, "guardrails.endpoint.limit", url));

            NimRail rail = ContentSafetyRail.input(nim).build();
            List<CompletableFuture<Verdict>> checks = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    checks.add(rail.check(RailRequest.ofInput("How long should green tea steep? " + i)));
                }
                Fixture.await(() -> sim.inflightRequests() == 2, "two calls held at the simulator");
                Fixture.await(() -> gauge(registry, "guardrails.endpoint.queued", url) == 3.0, "three queued");
                assertEquals(2.0, gauge(registry, "guardrails.endpoint.inflight", url));
                assertEquals(3.0, gauge(registry, "guardrails.endpoint.queued", url));
                assertEquals(2.0, gauge(registry, "guardrails.endpoint.limit", url));
            } finally {
                release.countDown();
            }
            for (CompletableFuture<Verdict> c : checks) {
                assertEquals(Outcome.SAFE, c.get(10, TimeUnit.SECONDS).outcome());
            }
            Fixture.await(() -> gauge(registry, "guardrails.endpoint.inflight", url) == 0.0, "all calls done");
            assertEquals(0.0, gauge(registry, "guardrails.endpoint.queued", url));
            assertTrue(url.startsWith("http://127.0.0.1:") || url.startsWith("http://localhost:"), url);
        }
    }

    @Test
    void theEndpointTagIsTheBaseUrlWithoutCredentials() {
        try (NimClient nim = NimClient.builder()
                .baseUrls(List.of("http://user:secret@127.0.0.1:9/", "http://127.0.0.1:10"))
                .build()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            EndpointGauges.bind(registry, nim);
            assertEquals(6, endpointMeters(registry));
            List<String> tags = registry.find("guardrails.endpoint.limit").gauges().stream()
                    .map(g -> g.getId().getTag("guardrails.endpoint"))
                    .sorted()
                    .toList();
            assertEquals(nim.baseUrls().stream().sorted().toList(), tags);
            registry.getMeters()
                    .forEach(m -> assertTrue(!m.getId().toString().contains("secret"), m.getId()::toString));
        }
    }
}
