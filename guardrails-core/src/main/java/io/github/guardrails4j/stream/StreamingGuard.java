package io.github.guardrails4j.stream;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.TurnResult;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Streaming output rails: lets a host stream an LLM answer to its user while the answer is checked chunk by
 * chunk, as NeMo Guardrails does with {@code rails.output.streaming}.
 *
 * <pre>{@code
 * StreamingGuard streaming = StreamingGuard.create(guardrails, StreamingConfig.builder()
 *     .chunkSize(200).contextSize(50).streamFirst(true).build());
 * Flow.Publisher<String> safe = streaming.guard(userMessage, llmDeltas);   // Flow API
 * GuardedStream stream = streaming.open(userMessage, listener);             // push API
 * }</pre>
 *
 * <p><b>How.</b> The answer is cut into chunks of {@link StreamingConfig#chunkSize()} deltas (or characters).
 * Each chunk, preceded by the last {@link StreamingConfig#contextSize()} units of the chunk before, is checked
 * with {@link Guardrails#checkStreamedChunk(Conversation, String)} (an output check that bypasses verdict caches): every
 * output rail, concurrently, first block wins. Checks
 * run while the LLM keeps generating, up to {@link StreamingConfig#maxInFlightChecks()} at once; text is released
 * in answer order, whatever order the checks finish in. The final, partial chunk is checked when the answer
 * ends. Each check uses the same prompt template, so the guard server's cached prompt prefix is reused.
 *
 * <p><b>Release.</b> Stream first (the default): text is released as it arrives, before its chunk is checked,
 * but never more than {@code maxInFlightChecks} chunks ahead of the checks. Hold back: a chunk's text is released
 * only once its check passed.
 *
 * <p><b>Blocking.</b> When a chunk check blocks (unsafe, or an error of a fail-closed rail; an error of a
 * fail-open rail does not block), the stream stops at once: nothing more is released (in hold-back mode nothing
 * of that chunk; in stream-first mode what was already released stays released), the LLM stream is cancelled
 * (Flow API) and every check still running is cancelled. The Flow subscriber gets
 * {@code onError(ContentBlockedException)}, the listener {@link StreamListener#onBlocked}.
 *
 * <p><b>Sharing.</b> Immutable and thread safe: one instance serves any number of streams at once. Each call
 * keeps its own state; two streams never see each other's text. It borrows the {@link Guardrails} (and so its
 * rails and HTTP clients); it owns no threads and needs no closing.
 */
public final class StreamingGuard {
    private final Guardrails guardrails;
    private final StreamingConfig config;

    private StreamingGuard(Guardrails guardrails, StreamingConfig config) {
        this.guardrails = Objects.requireNonNull(guardrails, "guardrails");
        this.config = Objects.requireNonNull(config, "config");
        guardrails.requireGuarded(RailDirection.OUTPUT); // never release every delta unchecked by accident
    }

    /**
     * Returns a guard with {@link StreamingConfig#ofDefaults()}.
     *
     * @param guardrails the rails to check chunks with (its output rails run); borrowed, not closed
     * @return a guard with {@link StreamingConfig#ofDefaults()}
     * @throws NullPointerException when guardrails is null
     * @throws ConfigurationException when it has no output rails and the output was
     *     not declared unguarded ({@link Guardrails.Builder#unguarded(RailDirection)})
     */
    public static StreamingGuard create(Guardrails guardrails) {
        return new StreamingGuard(guardrails, StreamingConfig.ofDefaults());
    }

    /**
     * Returns the guard.
     *
     * @param guardrails the rails to check chunks with (its output rails run); borrowed, not closed
     * @param config chunking and release settings
     * @return the guard
     * @throws NullPointerException when an argument is null
     * @throws ConfigurationException when it has no output rails and the output was
     *     not declared unguarded ({@link Guardrails.Builder#unguarded(RailDirection)})
     */
    public static StreamingGuard create(Guardrails guardrails, StreamingConfig config) {
        return new StreamingGuard(guardrails, config);
    }

    /** {@return the rails chunks are checked with} */
    public Guardrails guardrails() {
        return guardrails;
    }

    /** {@return the chunking and release settings} */
    public StreamingConfig config() {
        return config;
    }

    /**
     * Guards an LLM answer stream with the Flow API. Nothing happens until a subscriber subscribes; then the LLM
     * publisher is subscribed to.
     *
     * <p><b>Contract.</b> The returned publisher serves <b>one</b> subscriber (it guards one LLM stream); a second
     * one gets {@code onError(IllegalStateException)}. It follows the reactive-streams rules: signals are never
     * concurrent, at most one terminal signal is sent, and released text is buffered until the subscriber
     * requests it. The LLM publisher is asked for {@link StreamingConfig#prefetch()} deltas at a time, and only
     * when the previous batch has arrived, no chunk waits for a free check slot, and the subscriber keeps up.
     *
     * <p><b>Signals.</b> {@code onNext} with released text (pieces need not match the LLM's deltas); then
     * {@code onComplete} when every chunk passed; or {@code onError(ContentBlockedException)} when a chunk check
     * blocked (after every piece released before the block); or {@code onError} with the LLM publisher's error,
     * after every check still running was cancelled; or {@code onError(GuardrailsException)} with reason
     * {@code INTERNAL} when a check failed unexpectedly (never treated as safe). {@code request(n <= 0)} ends the
     * stream with {@code onError(IllegalArgumentException)}. Cancelling the subscription cancels the LLM
     * subscription and every check still running.
     *
     * <p><b>Threads.</b> Signals run on the thread that delivered an LLM delta, requested, or completed a check
     * (for NIM rails an HTTP dispatcher thread). Never block in them.
     *
     * @param userMessage the user's message, the context of every chunk check
     * @param llmDeltas the LLM's answer as text deltas, in order
     * @return the guarded publisher of released text
     * @throws NullPointerException when an argument is null
     */
    public Flow.Publisher<String> guard(String userMessage, Flow.Publisher<String> llmDeltas) {
        Objects.requireNonNull(userMessage, "userMessage must not be null (use \"\" for none)");
        return guard(Conversation.empty().plus(Conversation.Role.USER, userMessage), llmDeltas);
    }

    /**
     * Guards an LLM answer stream to a conversation's last user turn with the Flow API, as
     * {@link #guard(String, Flow.Publisher)}; every chunk check sees the conversation as context
     * ({@link Guardrails#checkOutput(Conversation, String)}).
     *
     * @param conversation the conversation, ending with the user's turn the answer replies to
     * @param llmDeltas the LLM's answer as text deltas, in order
     * @return the guarded publisher of released text
     * @throws IllegalArgumentException when the conversation does not end with a user turn
     * @throws NullPointerException when an argument is null
     */
    public Flow.Publisher<String> guard(Conversation conversation, Flow.Publisher<String> llmDeltas) {
        RailRequest.ofConversation(conversation, null);
        Objects.requireNonNull(llmDeltas, "llmDeltas");
        return new GuardedPublisher(this, conversation, llmDeltas);
    }

    /**
     * Opens a guarded stream with the push API: feed it the LLM's deltas, the listener gets the released text
     * and one terminal signal. No backpressure (see {@link GuardedStream}).
     *
     * @param userMessage the user's message, the context of every chunk check
     * @param listener receives released text and the terminal signal; see its threading rules
     * @return the stream to feed
     * @throws NullPointerException when an argument is null
     */
    public GuardedStream open(String userMessage, StreamListener listener) {
        Objects.requireNonNull(userMessage, "userMessage must not be null (use \"\" for none)");
        return open(Conversation.empty().plus(Conversation.Role.USER, userMessage), listener);
    }

    /**
     * Opens a guarded stream of the answer to a conversation's last user turn with the push API, as
     * {@link #open(String, StreamListener)}.
     *
     * @param conversation the conversation, ending with the user's turn the answer replies to
     * @param listener receives released text and the terminal signal; see its threading rules
     * @return the stream to feed
     * @throws IllegalArgumentException when the conversation does not end with a user turn
     * @throws NullPointerException when an argument is null
     */
    public GuardedStream open(Conversation conversation, StreamListener listener) {
        RailRequest.ofConversation(conversation, null);
        return new GuardedStream(new StreamSession(guardrails, config, conversation, listener, false));
    }

    /**
     * Runs a whole turn whose LLM call streams while the host wants the whole answer at the end: the input rails
     * run on the user's message (with {@link Guardrails#speculativeGeneration()} together with the LLM), the answer's
     * chunks are checked as they arrive with this guard's settings (cumulative mode,
     * {@link StreamingConfig#cumulative()}, checks the whole answer so far each time), so when the LLM's last token
     * arrives only the last chunk's check remains. The answer reaches the caller only through
     * {@link TurnResult#allowedAnswer()}, when the input and every chunk check allowed it.
     *
     * <p>The turn's output result lists the verdicts of every chunk check when all passed (its latency is the last
     * check's), or the blocking check's result. The LLM publisher is requested everything at once (the host waits
     * for the whole answer) and is cancelled when the input or a chunk is blocked.
     *
     * @param userMessage the user's message, verbatim
     * @param llmCall starts the host's streaming LLM call
     * @return a future of the turn; it completes exceptionally with the LLM publisher's own error, or with a
     *     {@code GuardrailsException} when a chunk check failed unexpectedly; cancelling it cancels the input check,
     *     the LLM subscription and the chunk checks
     * @throws NullPointerException when an argument is null
     * @throws ConfigurationException when the input has no rails and was not declared unguarded
     */
    public CompletableFuture<TurnResult> guardTurn(String userMessage, StreamingLlmCall llmCall) {
        Objects.requireNonNull(userMessage, "userMessage must not be null (use \"\" for none)");
        return guardTurn(Conversation.empty().plus(Conversation.Role.USER, userMessage), llmCall);
    }

    /**
     * Runs a whole streamed turn of a conversation, as {@link #guardTurn(String, StreamingLlmCall)}: input rails on
     * its last user turn with the turns before it as context, chunk checks with the same context.
     *
     * @param conversation the conversation, ending with the user's turn
     * @param llmCall starts the host's streaming LLM call (given that user turn's text)
     * @return a future of the turn, as {@link #guardTurn(String, StreamingLlmCall)}
     * @throws IllegalArgumentException when the conversation does not end with a user turn
     * @throws NullPointerException when an argument is null
     * @throws ConfigurationException when the input has no rails and was not declared unguarded
     */
    public CompletableFuture<TurnResult> guardTurn(Conversation conversation, StreamingLlmCall llmCall) {
        RailRequest.ofConversation(conversation, null);
        Objects.requireNonNull(llmCall, "llmCall");
        guardrails.requireGuarded(RailDirection.INPUT);
        return new StreamedTurn(this, conversation, llmCall).start();
    }

    @Override
    public String toString() {
        return "StreamingGuard{" + config + ", " + guardrails + '}';
    }
}
