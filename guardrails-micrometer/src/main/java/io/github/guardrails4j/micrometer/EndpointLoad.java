package io.github.guardrails4j.micrometer;

import java.util.Objects;

/**
 * How loaded one guard endpoint is at one moment: calls in flight, calls waiting for a slot and the concurrency
 * limit. The input of {@link EndpointGauges}; map a client's own per-endpoint snapshot onto it. Immutable and
 * thread safe.
 *
 * @param endpoint the endpoint's base URL (no credentials)
 * @param inflight calls in flight
 * @param queued calls waiting for a slot
 * @param limit the current concurrency limit
 */
public record EndpointLoad(String endpoint, int inflight, int queued, int limit) {
    /**
     * Checks for null.
     *
     * @param endpoint the endpoint's base URL (no credentials)
     * @param inflight calls in flight
     * @param queued calls waiting for a slot
     * @param limit the current concurrency limit
     * @throws NullPointerException when endpoint is null
     */
    public EndpointLoad {
        Objects.requireNonNull(endpoint, "endpoint");
    }
}
