package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.exception.GuardTransportException;
import java.util.Set;

/**
 * Which failures are retried and which count against an endpoint's circuit breaker. Internal API. Stateless.
 *
 * <ul>
 *   <li>Retried: I/O failures ({@link GuardTransportException}), attempt timeouts ({@link GuardTimeoutException})
 *       and HTTP {@link #RETRYABLE_STATUSES}. Never: other 4xx (400, 401, 403, 404, 422...), a context-length
 *       rejection, a body that is not the API's shape, or an unreadable verdict.</li>
 *   <li>Breaker failures: I/O failures, timeouts, HTTP 5xx, 408 and 429. Everything else means the endpoint is up
 *       and answering, so it counts as a success.</li>
 * </ul>
 */
public final class Failures {
    /** Statuses worth another attempt: 408, 429, 500, 502, 503, 504. */
    public static final Set<Integer> RETRYABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    private Failures() {}

    /**
     * Sets t.
     *
     * @param t a failure of one attempt
     * @return true when another attempt may succeed
     */
    public static boolean retryable(Throwable t) {
        if (t instanceof GuardTransportException || t instanceof GuardTimeoutException) {
            return true;
        }
        return t instanceof GuardServiceException
                && RETRYABLE_STATUSES.contains(((GuardServiceException) t).statusCode());
    }

    /**
     * Sets t.
     *
     * @param t a failure of one attempt
     * @return true when it says the endpoint is unhealthy
     */
    public static boolean endpointFailure(Throwable t) {
        if (t instanceof GuardTransportException || t instanceof GuardTimeoutException) {
            return true;
        }
        if (t instanceof GuardServiceException) {
            int s = ((GuardServiceException) t).statusCode();
            return s >= 500 || s == 408 || s == 429;
        }
        return false;
    }
}
