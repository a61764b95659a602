package io.github.guardrails4j.micrometer;

import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.ENDPOINT;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.ENDPOINT_INFLIGHT;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.ENDPOINT_LIMIT;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.ENDPOINT_QUEUED;

import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.resilience.EndpointLoad;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetricsPublisher;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The per-endpoint meters of a {@link NimClient}: the gauges {@code guardrails.endpoint.inflight},
 * {@code guardrails.endpoint.queued} and {@code guardrails.endpoint.limit}, tagged {@code guardrails.endpoint} with
 * the endpoint's base URL as the client lists it ({@link EndpointLoad#baseUrl()}: normalised, never with
 * credentials), and the circuit breakers' meters through resilience4j's own Micrometer binder
 * ({@link TaggedCircuitBreakerMetricsPublisher}: {@code resilience4j.circuitbreaker.state},
 * {@code .calls}, {@code .failure.rate}, ... tagged {@code name="nim <base URL>"}, see
 * {@link NimClient#circuitBreakers()}). Each gauge reads {@link NimClient#endpointLoad()} when the registry reads it
 * (nothing is sampled in between); the limit reads 0 for an endpoint without one. Stateless and thread safe.
 */
public final class EndpointGauges {
    private EndpointGauges() {}

    /**
     * Registers the three gauges for every endpoint of the client (a client's endpoints are fixed when it is built),
     * and resilience4j's circuit breaker meters for every breaker of the client (none when its breakers are off).
     * The gauges hold the client weakly, as Micrometer's gauges do: once the client is garbage collected they read
     * NaN. A registry that already has a meter with the same name and endpoint (another client on the same URL)
     * keeps the first one.
     *
     * @param registry the registry
     * @param client the client whose endpoints to watch
     * @throws NullPointerException when an argument is null
     */
    public static void bind(MeterRegistry registry, NimClient client) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(client, "client");
        for (EndpointLoad load : client.endpointLoad()) {
            String url = load.baseUrl();
            gauge(registry, client, url, ENDPOINT_INFLIGHT, "Guard calls in flight", EndpointLoad::inflight);
            gauge(registry, client, url, ENDPOINT_QUEUED, "Checks waiting for a free slot", EndpointLoad::queued);
            gauge(registry, client, url, ENDPOINT_LIMIT, "Concurrency limit (0: none)", EndpointLoad::limit);
        }
        TaggedCircuitBreakerMetricsPublisher breakers = new TaggedCircuitBreakerMetricsPublisher(registry);
        for (CircuitBreaker breaker : client.circuitBreakers()) {
            breakers.publishMetrics(breaker);
        }
    }

    private static void gauge(
            MeterRegistry registry,
            NimClient client,
            String baseUrl,
            String name,
            String description,
            ToIntFunction<EndpointLoad> value) {
        Gauge.builder(name, client, c -> read(c, baseUrl, value))
                .description(description)
                .tag(ENDPOINT, baseUrl)
                .register(registry);
    }

    private static double read(NimClient client, String baseUrl, ToIntFunction<EndpointLoad> value) {
        for (EndpointLoad l : client.endpointLoad()) {
            if (l.baseUrl().equals(baseUrl)) {
                return value.applyAsInt(l);
            }
        }
        return Double.NaN;
    }
}
