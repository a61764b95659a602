package io.github.guardrails4j.testkit;

import java.util.Objects;
import java.util.Optional;

/**
 * Decides, for each request the {@link NimSimulator} receives, whether to inject a {@link Fault}.
 *
 * <p>Called once per request on the simulator's worker thread, after the request was read and
 * recorded and before it is routed. Implementations must be thread safe (requests arrive
 * concurrently), fast, and must not throw; an exception is answered as HTTP 500.
 */
@FunctionalInterface
public interface FaultInjector {

    /**
     * Decides whether to fail one request.
     *
     * @param request the request; {@link RecordedRequest#sequence()} is its 1-based arrival number
     * @return the fault to apply, or empty to answer normally
     */
    Optional<Fault> inject(RecordedRequest request);

    /**
     * Never injects anything (the simulator's default).
     *
     * @return the no-op injector
     */
    static FaultInjector none() {
        return request -> Optional.empty();
    }

    /**
     * Fails the first {@code count} requests (by arrival number) with {@code fault}, then answers
     * normally. Useful to test retries.
     *
     * @param count how many requests fail; 0 or more
     * @param fault the fault to apply
     * @return the injector
     * @throws IllegalArgumentException if {@code count} is negative
     */
    static FaultInjector firstRequests(int count, Fault fault) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, got " + count);
        }
        Objects.requireNonNull(fault, "fault");
        return request -> request.sequence() <= count ? Optional.of(fault) : Optional.empty();
    }

    /**
     * Fails a deterministic pseudo-random {@code fraction} of requests with {@link Fault#status(int)}.
     * Whether request number {@code n} fails depends only on {@code seed} and {@code n}, not on
     * thread timing, so a run with the same seed fails the same arrival numbers.
     *
     * @param fraction the share of failing requests, 0.0 to 1.0
     * @param status the HTTP status to answer, 100 to 599
     * @param seed the seed
     * @return the injector
     * @throws IllegalArgumentException if {@code fraction} or {@code status} is out of range
     */
    static FaultInjector randomStatus(double fraction, int status, long seed) {
        if (!(fraction >= 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("fraction must be between 0.0 and 1.0, got " + fraction);
        }
        Fault fault = Fault.status(status);
        return request -> {
            long z = seed + request.sequence() * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            double draw = (z >>> 11) * 0x1.0p-53;
            return draw < fraction ? Optional.of(fault) : Optional.empty();
        };
    }
}
