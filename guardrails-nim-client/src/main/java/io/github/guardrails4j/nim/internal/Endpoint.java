package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One NIM replica as the client sees it: its base URL, its circuit breaker, its concurrency limit (a semaphore
 * bulkhead that never waits), its retry budget and the result of its last readiness probe. Internal API. Thread
 * safe.
 */
public final class Endpoint {
    private final String baseUrl;
    private final long hash;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final int maxConcurrentCalls;
    private final RetryBudget budget;
    private volatile boolean healthy = true;
    private final AtomicBoolean probing = new AtomicBoolean();

    /**
     * Sets baseUrl.
     *
     * @param baseUrl the normalised base URL, without credentials, such as {@code http://10.0.0.7:8000}
     * @param policy the settings
     * @param clock the wall clock of the breaker
     * @param nanoTime the monotonic clock of the retry budget
     */
    public Endpoint(String baseUrl, ResilienceConfig policy, Clock clock, LongSupplier nanoTime) {
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
        this.maxConcurrentCalls = policy.maxConcurrentCallsPerEndpoint();
        this.bulkhead = maxConcurrentCalls > 0
                ? Bulkhead.of(
                        "nim " + baseUrl,
                        BulkheadConfig.custom()
                                .maxConcurrentCalls(maxConcurrentCalls)
                                .maxWaitDuration(Duration.ZERO)
                                .writableStackTraceEnabled(false)
                                .build())
                : null;
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

    /** {@return the bulkhead, or null when there is no limit} */
    public Bulkhead bulkhead() {
        return bulkhead;
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
     * Takes a breaker permission and a bulkhead slot, both or neither.
     *
     * @return null when the call may go ahead, else why not (for the UNAVAILABLE message)
     */
    public String tryAcquire() {
        if (breaker != null && !breaker.tryAcquirePermission()) {
            return baseUrl + ": circuit breaker " + breaker.getState() + " (failure rate "
                    + Math.round(breaker.getMetrics().getFailureRate()) + "% of the last "
                    + breaker.getMetrics().getNumberOfBufferedCalls() + " calls)";
        }
        if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
            if (breaker != null) {
                breaker.releasePermission();
            }
            return baseUrl + ": concurrency limit full (" + maxConcurrentCalls + " calls in flight, "
                    + "ResilienceConfig.maxConcurrentCallsPerEndpoint)";
        }
        return null;
    }

    /**
     * Ends a call that {@link #tryAcquire()} let through.
     *
     * @param elapsedNanos its duration
     * @param failure its failure, or null on success; null with {@code cancelled} for a cancelled call
     * @param cancelled true when the call was cancelled by us (nothing is recorded)
     */
    public void release(long elapsedNanos, Throwable failure, boolean cancelled) {
        if (bulkhead != null) {
            bulkhead.onComplete();
        }
        if (breaker != null) {
            if (cancelled) {
                breaker.releasePermission();
            } else if (failure == null) {
                breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS, failure);
            }
        }
    }

    @Override
    public String toString() {
        return "Endpoint{" + baseUrl + ", breaker=" + (breaker == null ? "off" : breaker.getState()) + ", healthy="
                + healthy + '}';
    }
}
