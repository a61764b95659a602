package io.github.guardrails4j.nim.internal;

import java.time.Duration;

/**
 * The resilience settings as the internal layer reads them (a copy of the public {@code ResilienceConfig}, which
 * this package may not depend on). Internal API. Immutable and thread safe.
 *
 * @param maxAttempts attempts per check, at least 1
 * @param initialBackoff nominal first wait
 * @param backoffMultiplier growth per retry
 * @param maxBackoff longest backoff wait
 * @param backoffJitter 0 to 1
 * @param deadline budget of a check; zero for none
 * @param retryBudgetRatio retries per first attempt allowed
 * @param retryBudgetMinPerSecond retries per second always allowed
 * @param retryBudgetWindow the budget's window, whole seconds
 * @param circuitBreakerEnabled whether endpoints have breakers
 * @param slidingWindowSize breaker window, calls
 * @param minimumNumberOfCalls calls before the breaker may open
 * @param failureRateThreshold percent
 * @param waitInOpenState open time
 * @param permittedCallsInHalfOpenState trial calls
 * @param maxConcurrentCallsPerEndpoint bulkhead limit; 0 for none
 * @param healthCheckInterval probe interval; zero for none
 */
public record Policy(
        int maxAttempts,
        Duration initialBackoff,
        double backoffMultiplier,
        Duration maxBackoff,
        double backoffJitter,
        Duration deadline,
        double retryBudgetRatio,
        int retryBudgetMinPerSecond,
        Duration retryBudgetWindow,
        boolean circuitBreakerEnabled,
        int slidingWindowSize,
        int minimumNumberOfCalls,
        float failureRateThreshold,
        Duration waitInOpenState,
        int permittedCallsInHalfOpenState,
        int maxConcurrentCallsPerEndpoint,
        Duration healthCheckInterval) {}
