package io.github.guardrails4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The per-endpoint gauges read the supplier's latest snapshot each time they are read. */
class EndpointGaugesTest {
    @Test
    void gaugesFollowTheLatestSnapshotAndReadNanForAVanishedEndpoint() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<List<EndpointLoad>> loads = new AtomicReference<>(
                List.of(new EndpointLoad("http://a:8000", 1, 0, 8), new EndpointLoad("http://b:8000", 0, 0, 8)));
        EndpointGauges.bind(registry, loads::get);
        assertEquals(6, registry.getMeters().size());
        assertEquals(
                1.0,
                registry.get("guardrails.endpoint.inflight")
                        .tag("guardrails.endpoint", "http://a:8000")
                        .gauge()
                        .value());

        loads.set(List.of(new EndpointLoad("http://a:8000", 8, 3, 8)));
        assertEquals(
                8.0,
                registry.get("guardrails.endpoint.inflight")
                        .tag("guardrails.endpoint", "http://a:8000")
                        .gauge()
                        .value());
        assertEquals(
                3.0,
                registry.get("guardrails.endpoint.queued")
                        .tag("guardrails.endpoint", "http://a:8000")
                        .gauge()
                        .value());
        assertTrue(Double.isNaN(registry.get("guardrails.endpoint.limit")
                .tag("guardrails.endpoint", "http://b:8000")
                .gauge()
                .value()));
    }
}
