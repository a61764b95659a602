package io.github.guardrails4j.micrometer;

import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.ENDPOINT;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.ENDPOINT_INFLIGHT;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.ENDPOINT_LIMIT;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.ENDPOINT_QUEUED;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The per-endpoint gauges {@code guardrails.endpoint.inflight}, {@code guardrails.endpoint.queued} and
 * {@code guardrails.endpoint.limit}, tagged {@code guardrails.endpoint}, read from a snapshot supplier each time the
 * registry reads them (nothing is sampled in between). The supplier maps a client's per-endpoint snapshot onto
 * {@link EndpointLoad}s; it is called on the registry's thread and must be fast and thread safe. Stateless.
 */
public final class EndpointGauges {
    private EndpointGauges() {}

    /**
     * Registers the three gauges for every endpoint of the supplier's first snapshot (a client's endpoints are fixed
     * when it is built); a gauge whose endpoint is missing from a later snapshot reads NaN.
     *
     * @param registry the registry
     * @param snapshot the current load of every endpoint
     * @throws NullPointerException when an argument is null
     */
    public static void bind(MeterRegistry registry, Supplier<List<EndpointLoad>> snapshot) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(snapshot, "snapshot");
        for (EndpointLoad load : snapshot.get()) {
            gauge(
                    registry,
                    snapshot,
                    load.endpoint(),
                    ENDPOINT_INFLIGHT,
                    "Guard calls in flight",
                    EndpointLoad::inflight);
            gauge(
                    registry,
                    snapshot,
                    load.endpoint(),
                    ENDPOINT_QUEUED,
                    "Guard calls waiting for a slot",
                    EndpointLoad::queued);
            gauge(registry, snapshot, load.endpoint(), ENDPOINT_LIMIT, "Concurrency limit", EndpointLoad::limit);
        }
    }

    private static void gauge(
            MeterRegistry registry,
            Supplier<List<EndpointLoad>> snapshot,
            String endpoint,
            String name,
            String description,
            ToIntFunction<EndpointLoad> value) {
        Gauge.builder(name, () -> {
                    for (EndpointLoad l : snapshot.get()) {
                        if (l.endpoint().equals(endpoint)) {
                            return value.applyAsInt(l);
                        }
                    }
                    return Double.NaN;
                })
                .description(description)
                .tag(ENDPOINT, endpoint)
                .register(registry);
    }
}
