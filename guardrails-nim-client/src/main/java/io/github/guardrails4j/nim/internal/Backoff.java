package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the nominal wait before retry {@code n} (1 for the first retry) is
 * {@code min(maxBackoff, initialBackoff * multiplier^(n-1))}; the wait is drawn uniformly within +-jitter of it and
 * never exceeds {@code maxBackoff}. A server's {@code Retry-After} replaces it when longer. Internal API. Immutable
 * and thread safe when its random source is.
 */
public final class Backoff {
    private final long initialMillis;
    private final double multiplier;
    private final long maxMillis;
    private final double jitter;
    private final DoubleSupplier random;

    /**
     * Sets policy.
     *
     * @param policy the settings
     * @param random uniform values in [0, 1)
     */
    public Backoff(ResilienceConfig policy, DoubleSupplier random) {
        this.initialMillis = policy.initialBackoff().toMillis();
        this.multiplier = policy.backoffMultiplier();
        this.maxMillis = policy.maxBackoff().toMillis();
        this.jitter = policy.backoffJitter();
        this.random = random;
    }

    /**
     * Sets retry.
     *
     * @param retry 1 for the first retry
     * @return the nominal wait in ms, before jitter
     */
    public long nominalMillis(int retry) {
        double d = initialMillis * Math.pow(multiplier, Math.max(0, retry - 1));
        return (long) Math.min(maxMillis, d);
    }

    /**
     * Sets retry.
     *
     * @param retry 1 for the first retry
     * @param retryAfter the server's {@code Retry-After}, or null
     * @return the wait in ms: the jittered backoff, or the Retry-After when longer
     */
    public long waitMillis(int retry, Duration retryAfter) {
        long nominal = nominalMillis(retry);
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        long wait = Math.min(maxMillis, Math.max(0, Math.round(nominal * factor)));
        if (retryAfter != null && retryAfter.toMillis() > wait) {
            return retryAfter.toMillis();
        }
        return wait;
    }
}
