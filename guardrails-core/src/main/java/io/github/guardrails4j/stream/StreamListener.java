package io.github.guardrails4j.stream;

import io.github.guardrails4j.GuardResult;

/**
 * Receives a guarded stream's released text and its one terminal signal, for the push API
 * ({@link StreamingGuard#open(String, StreamListener)}).
 *
 * <p><b>Signals.</b> Zero or more {@link #onText} calls, in answer order, then at most one of {@link #onComplete},
 * {@link #onBlocked} or {@link #onError}. After {@link GuardedStream#cancel()} nothing more is signalled.
 *
 * <p><b>Threads.</b> Methods are never called concurrently for one stream, and each call happens-after the
 * previous one, but they may run on different threads: the thread that called a {@link GuardedStream} method or
 * the thread that completed a chunk check (for NIM rails an HTTP dispatcher thread). Be fast, never block, and
 * hand heavy work to your own executor. Calling back into the {@link GuardedStream} from a method is allowed.
 *
 * <p><b>Exceptions.</b> If {@link #onText} throws, the stream is cancelled (the LLM stream's producer is told
 * through {@link GuardedStream#isOpen()}, every chunk check is cancelled) and the exception is passed to
 * {@link #onError}. An exception thrown by a terminal method is logged and otherwise ignored.
 *
 * <p>The terminal methods have no default on purpose: a host must decide what a blocked or failed answer
 * shows the user. {@link #onComplete} defaults to a no-op.
 */
public interface StreamListener {
    /**
     * Text released to the user: in stream-first mode as it arrives (at most
     * {@link StreamingConfig#maxInFlightChecks()} chunks ahead of the checks), in hold-back mode once its chunk
     * passed. Pieces need not match the LLM's deltas; their concatenation is a prefix of the answer.
     *
     * @param released the next piece of text; never null or empty
     */
    void onText(String released);

    /**
     * A chunk check blocked: the stream has stopped, the LLM stream should be abandoned (the Flow API cancels it)
     * and every chunk check still running was cancelled. Terminal.
     *
     * @param blocked where and why; {@link StreamBlocked#toOpenAiErrorJson()} gives an OpenAI-style error
     */
    void onBlocked(StreamBlocked blocked);

    /**
     * A chunk check ended with a result (its verdicts carry the guard's token usage and latency, so a host can see
     * what each chunk check cost). Called in the order the checks end, before the text a passing check releases; the
     * check that blocks is reported too ({@code result.blocked()} is true), just before {@link #onBlocked}. Not called
     * for a check that failed unexpectedly ({@link #onError}) or was cancelled. Default: does nothing.
     *
     * @param chunkIndex the 0-based index of the chunk
     * @param characters the characters of answer text the check sent (the whole answer so far in cumulative mode)
     * @param result the check's result
     */
    default void onChunkChecked(int chunkIndex, int characters, GuardResult result) {}

    /** Every chunk passed and all text was released. Terminal. Default: does nothing. */
    default void onComplete() {}

    /**
     * The LLM stream failed ({@link GuardedStream#error(Throwable)}), a chunk check failed in an unexpected way
     * (never "safe"), or {@link #onText} threw. Every chunk check still running was cancelled. Terminal.
     *
     * @param error the failure, unchanged
     */
    void onError(Throwable error);
}
