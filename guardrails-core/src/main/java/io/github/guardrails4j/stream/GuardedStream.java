package io.github.guardrails4j.stream;

import java.util.Objects;

/**
 * One LLM answer being guarded through the push API: the host feeds the LLM's deltas in, the
 * {@link StreamListener} gets the released text and one terminal signal. Create with
 * {@link StreamingGuard#open(String, StreamListener)}.
 *
 * <pre>{@code
 * GuardedStream stream = streamingGuard.open(userMessage, listener);
 * llm.stream(request, delta -> {
 *     if (!stream.onDelta(delta)) {
 *         llmCall.cancel();            // blocked or cancelled: stop generating
 *     }
 * }, stream::complete, stream::error);
 * }</pre>
 *
 * <p><b>No backpressure.</b> A push source cannot be slowed down: deltas whose chunk waits for a check are
 * buffered in memory (at most the answer's length). Use {@link StreamingGuard#guard} for backpressure.
 *
 * <p><b>Thread safety.</b> Thread safe: methods may be called from any thread, and from inside the listener.
 * Deltas are taken in the order the calls happen; call {@link #onDelta} from one thread at a time (or otherwise
 * order the calls) to keep the answer in order.
 */
public final class GuardedStream {
    private final StreamSession session;

    GuardedStream(StreamSession session) {
        this.session = session;
    }

    /**
     * Adds the LLM's next delta. Empty deltas are ignored. In stream-first mode the listener may get the text
     * before this method returns (on this thread); a chunk that completes starts its check.
     *
     * @param delta the next piece of the answer, verbatim
     * @return true while the stream accepts more deltas; false once it is decided (blocked, failed, cancelled) or
     *     {@link #complete()} was called: stop the LLM call then, further deltas are ignored
     * @throws NullPointerException when delta is null
     */
    public boolean onDelta(String delta) {
        return session.onDelta(delta);
    }

    /**
     * The LLM's answer is complete: the final, partial chunk is checked, and once every chunk passed and all text
     * was released the listener gets {@link StreamListener#onComplete()}. Later calls are ignored.
     */
    public void complete() {
        session.onUpstreamComplete();
    }

    /**
     * The LLM stream failed: every chunk check still running is cancelled and the listener gets
     * {@link StreamListener#onError(Throwable)} with this error, after the text already released. Ignored once
     * the stream is decided.
     *
     * @param error the LLM's failure
     * @throws NullPointerException when error is null
     */
    public void error(Throwable error) {
        session.onUpstreamError(Objects.requireNonNull(error, "error"), false);
    }

    /**
     * Abandons the stream: every chunk check still running is cancelled (its HTTP call too) and the listener gets
     * nothing more. Idempotent.
     */
    public void cancel() {
        session.cancel();
    }

    /** {@return true while the stream accepts deltas: not yet completed by the host, blocked, failed or cancelled} */
    public boolean isOpen() {
        return session.isOpen();
    }
}
