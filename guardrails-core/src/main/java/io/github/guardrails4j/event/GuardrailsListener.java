package io.github.guardrails4j.event;

import java.util.function.BiConsumer;

/**
 * Receives the events of checks, for metrics, tracing and logs, the way OkHttp's {@code EventListener} does: every
 * start has exactly one matching end. A {@link Factory} makes one listener per check, so an implementation may keep
 * per-check state (a span, a timer) in fields; a listener given directly to {@code Guardrails.Builder.listener}
 * serves every check. Binding modules (Micrometer, OpenTelemetry) implement it; core has no dependency on them.
 *
 * <p>Order within one check: {@link #checkStarted}; then for each rail {@link #railStarted}, for each HTTP attempt
 * {@link #attemptStarted} (it names the endpoint chosen) and one of {@link #attemptEnded} / {@link #attemptFailed},
 * {@link #retryScheduled} between attempts, {@link #verdictCacheLookup} before them when the rail has a
 * verdict cache, {@link #tokensReported} when the server reports usage, and one of
 * {@link #railEnded} (SAFE or UNSAFE), {@link #railFailed} (ERROR) or {@link #railCancelled} (the check was decided
 * by another rail, or cancelled); finally {@link #checkEnded}. Rails run concurrently, so their events interleave;
 * with early decision, {@link #tokensReported} and the last attempt's end may come after {@link #checkEnded}.
 *
 * <p>Memory visibility within one check: {@link #checkStarted} happens-before every other event of the check; a
 * rail's {@link #railStarted} happens-before its end ({@link #railEnded}, {@link #railFailed} or
 * {@link #railCancelled}), and its attempt, retry, cache and token events in between; every rail's end
 * happens-before {@link #checkEnded}. What one of these callbacks writes to a per-check listener's fields is visible
 * in the later ones without {@code volatile}; events of different rails may still run at the same time.
 *
 * <p><b>Rules for implementations:</b> be fast and never block (methods run on the thread that produced the event,
 * often an HTTP dispatcher thread); never call back into {@code Guardrails}; be thread safe (rails of one check
 * report from several threads). A listener that throws never changes a verdict: the exception is logged once per
 * listener instance and the check goes on. Methods default to no-ops. Events carry no user text and no secrets.
 */
public interface GuardrailsListener {
    /** A listener that ignores every event. */
    GuardrailsListener NONE = new GuardrailsListener() {};

    /** Makes one listener per check. Implementations are thread safe. */
    @FunctionalInterface
    interface Factory {
        /**
         * Makes the listener of one check, just before {@link GuardrailsListener#checkStarted} is called on it.
         *
         * @param started the check's start
         * @return the listener of this check (may be shared); never null
         */
        GuardrailsListener create(CheckEvent started);
    }

    /**
     * A check started.
     *
     * @param event direction, rails and start time
     */
    default void checkStarted(CheckEvent event) {}

    /**
     * A check ended: allowed, blocked or cancelled.
     *
     * @param event its outcome and duration
     */
    default void checkEnded(CheckEvent event) {}

    /**
     * A rail started checking.
     *
     * @param event the rail
     */
    default void railStarted(RailEvent event) {}

    /**
     * A rail produced a SAFE or UNSAFE verdict.
     *
     * @param event the rail, its verdict and whether it blocks
     */
    default void railEnded(RailEvent event) {}

    /**
     * A rail produced an ERROR verdict (it blocks under fail-closed).
     *
     * @param event the rail and its verdict (with the error)
     */
    default void railFailed(RailEvent event) {}

    /**
     * A rail was cancelled before its verdict: another rail decided the check, or the host cancelled it. A rail the
     * check never got to start (another rail decided first) is reported too, with {@link #railStarted} just
     * before, so that every rail of every check has one start and one end.
     *
     * @param event the rail; no verdict
     */
    default void railCancelled(RailEvent event) {}

    /**
     * An HTTP attempt started, on the endpoint chosen for it.
     *
     * @param event the attempt
     */
    default void attemptStarted(AttemptEvent event) {}

    /**
     * An HTTP attempt got an answer the rail could read.
     *
     * @param event the attempt and its duration
     */
    default void attemptEnded(AttemptEvent event) {}

    /**
     * An HTTP attempt failed (I/O, timeout, HTTP error, protocol error) or was cancelled.
     *
     * @param event the attempt, its duration and failure
     */
    default void attemptFailed(AttemptEvent event) {}

    /**
     * A failed attempt will be retried.
     *
     * @param event the reason and the wait
     */
    default void retryScheduled(RetryEvent event) {}

    /**
     * The guard server reported token usage, with cached prompt tokens where known.
     *
     * @param event the usage
     */
    default void tokensReported(TokensEvent event) {}

    /**
     * An HTTP attempt is about to be sent, right after its {@link #attemptStarted}, on the same thread: add request
     * headers to it, such as the W3C {@code traceparent} of the rail's span and a request id the guard server logs,
     * so that the call can be found in the server's logs and traces. Header names and values must be valid HTTP
     * header text (ASCII, no line breaks): an invalid header is dropped and logged, a throw is handled as for every
     * other method (headers added before it are sent), and the call goes on.
     *
     * @param event the attempt, as given to {@link #attemptStarted}
     * @param header receives each header as (name, value); only valid during this call
     */
    default void attemptHeaders(AttemptEvent event, BiConsumer<String, String> header) {}

    /**
     * A rail with a verdict cache looked the check up: hit, shared (an identical call already in flight) or miss.
     * Comes after {@link #railStarted} and before that rail's end; a miss is followed by the rail's attempts.
     *
     * @param event the rail and how the cache answered
     */
    default void verdictCacheLookup(VerdictCacheEvent event) {}
}
