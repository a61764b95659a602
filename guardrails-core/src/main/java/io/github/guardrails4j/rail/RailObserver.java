package io.github.guardrails4j.rail;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.verdict.TokenUsage;
import java.util.function.BiConsumer;

/**
 * What a rail reports while it checks one request: each HTTP attempt, retries and token usage. {@code Guardrails}
 * hands one observer to every {@link Rail#check(RailRequest, RailObserver)} call and turns the reports into
 * {@code GuardrailsListener} events (with the rail's name, direction and model added); rails that make no remote
 * calls report nothing.
 *
 * <p>Rules for callers (rail implementations): every {@link #attemptStarted} is followed by exactly one
 * {@link #attemptEnded}; report on any thread, without holding locks. Implementations must be fast, must not block
 * and must not throw (a throw is caught and logged by {@code Guardrails}). Methods default to no-ops (and
 * {@link #verdictCacheable()} to true). Thread safe.
 */
public interface RailObserver {
    /** An observer that ignores every report. */
    RailObserver NONE = new RailObserver() {};

    /** An observer that ignores every report and keeps the check out of verdict caches. */
    RailObserver NONE_UNCACHED = new RailObserver() {
        @Override
        public boolean verdictCacheable() {
            return false;
        }
    };

    /**
     * An HTTP attempt starts.
     *
     * @param attempt 1 for the first attempt, 2 for the first retry, ...
     * @param endpoint the base URL chosen for it (no credentials)
     */
    default void attemptStarted(int attempt, String endpoint) {}

    /**
     * An HTTP attempt ended.
     *
     * @param attempt the attempt number given to {@link #attemptStarted}
     * @param endpoint its base URL
     * @param durationNanos its duration, in nanoseconds
     * @param failure its failure, or null when it answered successfully (cancelled attempts report a
     *     {@link java.util.concurrent.CancellationException})
     */
    default void attemptEnded(int attempt, String endpoint, long durationNanos, Throwable failure) {}

    /**
     * A failed attempt will be retried after a wait.
     *
     * @param attempt the attempt that failed
     * @param reason why it failed
     * @param waitNanos the wait before the next attempt, in nanoseconds
     */
    default void retryScheduled(int attempt, ErrorReason reason, long waitNanos) {}

    /**
     * The guard server reported token usage (prompt and cached prompt tokens) for this check.
     *
     * @param usage the usage
     */
    default void tokensReported(TokenUsage usage) {}

    /**
     * An HTTP attempt is about to be sent, right after its {@link #attemptStarted}, on the same thread: the
     * observer may add request headers to it, such as the W3C {@code traceparent} of the rail's span and a request
     * id that the guard server logs. Rails that make HTTP calls ask once per attempt. A header the rail cannot send
     * (a name or value that is not valid HTTP header text) is dropped and logged; the call itself goes on. Default:
     * no headers.
     *
     * @param endpoint the attempt's base URL (no credentials)
     * @param header receives each header as (name, value); only valid during this call
     */
    default void attemptHeaders(String endpoint, BiConsumer<String, String> header) {}

    /**
     * The rail looked the check up in its verdict cache (rails with a verdict cache only).
     *
     * @param lookup a hit, a check sharing an identical call already in flight, or a miss (this check calls)
     */
    default void verdictCacheLookup(CacheLookup lookup) {}

    /**
     * Whether the rail may answer this check from a verdict cache and cache its verdict. False for the chunk checks
     * of a streamed answer (every chunk is new text: caching them would only evict useful verdicts). Default true.
     *
     * @return true when a verdict cache may be used
     */
    default boolean verdictCacheable() {
        return true;
    }
}
