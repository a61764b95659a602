package io.github.guardrails4j.nim.resilience;

import java.util.Objects;

/**
 * A snapshot of one endpoint's concurrency limit, as {@code NimClient.endpointLoad()} returns it: what to export as
 * gauges (for example {@code guardrails.endpoint.inflight}, {@code .queued} and {@code .limit}, tagged with the base
 * URL). Each number was read at the moment of the snapshot; the three are not read atomically together. Immutable and
 * thread safe.
 *
 * @param baseUrl the endpoint's base URL, normalised and without credentials (as {@code NimClient.baseUrls()} lists
 *     it)
 * @param inflight calls in flight to the endpoint now, 0 or more
 * @param queued checks waiting for a free slot of the endpoint now, 0 or more
 * @param limit the concurrency limit now (below the configured one after an adaptive decrease), 1 or more; 0 when the
 *     endpoint has no limit
 */
public record EndpointLoad(String baseUrl, int inflight, int queued, int limit) {
    /**
     * Checks the values.
     *
     * @param baseUrl the endpoint's base URL
     * @param inflight calls in flight, 0 or more
     * @param queued checks waiting for a slot, 0 or more
     * @param limit the limit now, 0 for none
     * @throws NullPointerException when baseUrl is null
     * @throws IllegalArgumentException when a number is negative
     */
    public EndpointLoad {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (inflight < 0 || queued < 0 || limit < 0) {
            throw new IllegalArgumentException(
                    "inflight, queued and limit must be >= 0, got " + inflight + ", " + queued + ", " + limit);
        }
    }
}
