package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One NIM replica (or one gateway URL) as the client sees it: its base URL, its circuit breaker, its concurrency
 * limit (a {@link ConcurrencyLimiter}: a FIFO queue that never blocks a thread), its retry budget and the result of
 * its last readiness probe. Internal API. Thread safe.
 */
public final class Endpoint {
    private final String baseUrl;
    private final long hash;
    private final CircuitBreaker breaker;
    private final ConcurrencyLimiter limiter;
    private final RetryBudget budget;
    private volatile boolean healthy = true;
    private final AtomicBoolean probing = new AtomicBoolean();

    /**
     * Sets baseUrl.
     *
     * @param baseUrl the normalised base URL, without credentials, such as {@code http://10.0.0.7:8000}
     * @param policy the settings
     * @param limit the concurrency limit, 1 or more, {@link ConcurrencyLimiter#UNLIMITED} for none (resolved by the
     *     client from the policy, the per-URL limits and the dispatcher)
     * @param clock the wall clock of the breaker
     * @param nanoTime the monotonic clock of the retry budget
     */
    public Endpoint(String baseUrl, ResilienceConfig policy, int limit, Clock clock, LongSupplier nanoTime) {
        this.baseUrl = baseUrl;
        this.hash = Rendezvous.hash(baseUrl);
        this.breaker = policy.circuitBreakerEnabled()
                ? CircuitBreaker.of(
                        "nim " + baseUrl,
                        CircuitBreakerConfig.custom()
                                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                                .slidingWindowSize(policy.slidingWindowSize())
                                .minimumNumberOfCalls(policy.minimumNumberOfCalls())
                                .failureRateThreshold(policy.failureRateThreshold())
                                .waitDurationInOpenState(policy.waitInOpenState())
                                .permittedNumberOfCallsInHalfOpenState(policy.permittedCallsInHalfOpenState())
                                // slow calls are bounded by the attempt timeout, not counted here
                                .slowCallRateThreshold(100f)
                                .slowCallDurationThreshold(Duration.ofDays(1))
                                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                                .recordException(Failures::endpointFailure)
                                .writableStackTraceEnabled(false)
                                .clock(clock)
                                .build())
                : null;
        this.limiter = new ConcurrencyLimiter(limit, policy.adaptiveConcurrency());
        this.budget = new RetryBudget(
                policy.retryBudgetRatio(),
                policy.retryBudgetMinPerSecond(),
                (int) policy.retryBudgetWindow().toSeconds(),
                nanoTime);
    }

    /** {@return the base URL, without credentials} */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@return the rendezvous hash of the base URL} */
    public long hash() {
        return hash;
    }

    /** {@return the retry budget} */
    public RetryBudget budget() {
        return budget;
    }

    /** {@return the breaker, or null when breakers are off} */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /** {@return the concurrency limiter (its limit is {@link ConcurrencyLimiter#UNLIMITED} when there is none)} */
    public ConcurrencyLimiter limiter() {
        return limiter;
    }

    /** {@return false when the last readiness probe failed} */
    public boolean healthy() {
        return healthy;
    }

    /**
     * Sets healthy.
     *
     * @param healthy the result of a readiness probe
     */
    public void healthy(boolean healthy) {
        this.healthy = healthy;
    }

    /** {@return the flag that keeps two probes of this endpoint from overlapping} */
    AtomicBoolean probing() {
        return probing;
    }

    /**
     * Takes a breaker permission (not a concurrency slot: see {@link #limiter()}).
     *
     * @return null when the breaker lets a call through, else why not (for the UNAVAILABLE message)
     */
    public String acquireBreaker() {
        if (breaker != null && !breaker.tryAcquirePermission()) {
            return baseUrl + ": circuit breaker " + breaker.getState() + " (failure rate "
                    + Math.round(breaker.getMetrics().getFailureRate()) + "% of the last "
                    + breaker.getMetrics().getNumberOfBufferedCalls() + " calls)";
        }
        return null;
    }

    /** Gives back a breaker permission taken by {@link #acquireBreaker()} for a call that was not made. */
    public void releaseBreaker() {
        if (breaker != null) {
            breaker.releasePermission();
        }
    }

    /** {@return why a call cannot get a slot now, for the UNAVAILABLE message} */
    public String fullMessage() {
        return baseUrl + ": concurrency limit full (" + limiter.inflight() + " calls in flight, limit "
                + limiter.limit() + ", " + limiter.queued() + " waiting)";
    }

    /**
     * Ends a call that held a breaker permission and a concurrency slot: releases the slot (to the next waiter, if
     * any) and records the outcome in the breaker and, for an adaptive limit, in the limiter (HTTP 429 and 503 are
     * overload; a success grows the limit; anything else leaves it).
     *
     * @param elapsedNanos its duration
     * @param failure its failure, or null on success; null with {@code cancelled} for a cancelled call
     * @param cancelled true when the call was cancelled by us (nothing is recorded)
     */
    public void release(long elapsedNanos, Throwable failure, boolean cancelled) {
        if (breaker != null) {
            if (cancelled) {
                breaker.releasePermission();
            } else if (failure == null) {
                breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS, failure);
            }
        }
        if (!cancelled) {
            if (failure == null) {
                limiter.onSuccess();
            } else if (overload(failure)) {
                limiter.onOverload();
            }
        }
        limiter.release(); // last: it may start the next waiter's call on this thread
    }

    private static boolean overload(Throwable failure) {
        if (!(failure instanceof GuardServiceException)) {
            return false;
        }
        int status = ((GuardServiceException) failure).statusCode();
        return status == 429 || status == 503;
    }

    @Override
    public String toString() {
        return "Endpoint{" + baseUrl + ", breaker=" + (breaker == null ? "off" : breaker.getState()) + ", healthy="
                + healthy + ", " + limiter + '}';
    }
}
