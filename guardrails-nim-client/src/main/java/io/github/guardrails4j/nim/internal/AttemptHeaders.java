package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.rail.RailObserver;
import okhttp3.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request headers a {@link RailObserver} adds to one HTTP attempt (trace context, request id): collected through
 * {@link RailObserver#attemptHeaders}, each one checked by OkHttp's rules; an invalid one is dropped and logged, so
 * an observer can never fail a call. The client's own headers ({@code Authorization}, {@code Accept},
 * {@code Content-Type}) are set after these and win. Stateless.
 */
public final class AttemptHeaders {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptHeaders.class);

    private AttemptHeaders() {}

    /**
     * Asks the observer for the headers of one attempt.
     *
     * @param observer the rail's observer
     * @param endpoint the attempt's base URL
     * @return the headers; {@link Headers#EMPTY} for {@link RailObserver#NONE} or when it adds none
     */
    public static Headers of(RailObserver observer, String endpoint) {
        if (observer == RailObserver.NONE || observer == RailObserver.NONE_UNCACHED) {
            return Headers.EMPTY;
        }
        Headers.Builder headers = new Headers.Builder();
        try {
            observer.attemptHeaders(endpoint, (name, value) -> {
                try {
                    headers.add(name, value);
                } catch (IllegalArgumentException | NullPointerException e) {
                    // the message of OkHttp names the header; never its value (it could be anything)
                    LOG.warn("dropped an invalid request header from a rail observer: {}", name);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("a rail observer threw while adding request headers; the attempt goes on", e);
        }
        return headers.build();
    }
}
