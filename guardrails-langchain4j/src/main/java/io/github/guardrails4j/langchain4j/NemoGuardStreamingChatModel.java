package io.github.guardrails4j.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.langchain4j.internal.Blocks;
import io.github.guardrails4j.langchain4j.internal.MessageTexts;
import io.github.guardrails4j.stream.ContentBlockedException;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.stream.StreamingGuard;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link StreamingChatModel} decorator that checks the answer chunk by chunk <em>while it streams</em>, with the
 * output rails of a {@link StreamingGuard}, and stops the model on a block.
 *
 * <pre>{@code
 * StreamingChatModel guarded = NemoGuardStreamingChatModel.wrap(openAiStreamingModel,
 *     StreamingGuard.create(guardrails, StreamingConfig.builder().chunkSize(20).streamFirst(true).build()));
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .streamingChatModel(guarded)
 *     .inputGuardrails(NemoGuardInputGuardrail.of(guardrails))   // input rails as usual
 *     .build();
 * }</pre>
 *
 * <h2>When to use it instead of {@link NemoGuardOutputGuardrail}</h2>
 * LangChain4j runs output guardrails only after it has buffered the whole streamed answer, so with one the user
 * sees no token until the last one was generated and checked. This decorator keeps the stream a stream: in
 * stream-first mode ({@link StreamingConfig#streamFirst()}, the default) text reaches the handler as it arrives,
 * checked a few chunks behind; in hold-back mode each chunk is released once its check passed. Use the output
 * guardrail for non-streamed calls, or when the whole answer must be checked before anything is shown (or
 * {@code reprompt} is wanted); use this decorator for streamed answers. Do not add both for one answer: it would be
 * checked twice.
 *
 * <h2>Signals to the handler</h2>
 * <ul>
 *   <li>{@code onPartialResponse(PartialResponse, PartialResponseContext)}: released text (pieces need not match
 *       the model's deltas); the context's handle cancels the model and the checks.
 *   <li>On a block of a chunk: the model's stream is cancelled through LangChain4j's {@code StreamingHandle} (the
 *       HTTP stream is closed), checks still running are cancelled, and {@code onError(}{@link ContentBlockedException}{@code )}
 *       is called exactly once; {@code onCompleteResponse} is never called. In stream-first mode the text released
 *       before the blocked chunk was delivered; in hold-back mode nothing of the blocked chunk.
 *   <li>When every chunk passed: tool-call requests of the complete response are checked as text ({@code
 *       name(arguments)} per line, unless {@link Builder#checkToolExecutionRequests(boolean)} is off; a block is
 *       {@code onError(NemoGuardBlockedException)}), then the buffered {@code onCompleteToolCall} signals and
 *       {@code onCompleteResponse} with the model's complete response.
 *   <li>The model's error: {@code onError} with it, exactly once.
 *   <li>Partial tool calls and reasoning ("thinking") deltas are not forwarded: they are not checked, so they are
 *       not released.
 * </ul>
 * A model that does not pass a {@code StreamingHandle} cannot be cancelled: after a block its further output is
 * ignored. The user message of the request (its last {@code UserMessage}) is the context of every chunk check.
 *
 * <h2>Thread safety</h2>
 * Immutable and thread safe: one instance serves concurrent requests, each with its own state. Handler methods
 * are never called concurrently for one request, but may run on the model's thread or on the thread that
 * completed a check. It borrows the wrapped model and the guard.
 */
public final class NemoGuardStreamingChatModel implements StreamingChatModel {

    /** Default of {@link Builder#checkToolExecutionRequests(boolean)}: {@value}. */
    public static final boolean DEFAULT_CHECK_TOOL_EXECUTION_REQUESTS = true;

    private final StreamingChatModel delegate;
    private final StreamingGuard guard;
    private final boolean checkToolExecutionRequests;

    private NemoGuardStreamingChatModel(Builder b) {
        Blocks.requireRails(b.guard.guardrails(), false, "NemoGuardStreamingChatModel");
        this.delegate = b.delegate;
        this.guard = b.guard;
        this.checkToolExecutionRequests = b.checkToolExecutionRequests;
    }

    /**
     * Wraps a streaming model with the defaults.
     *
     * @param delegate the model whose answers are checked; borrowed
     * @param guard the streaming guard (its output rails, chunking and release mode); borrowed
     * @return the guarded model
     * @throws ConfigurationException when the guard's {@code Guardrails} has no output rail
     * @throws NullPointerException when an argument is null
     */
    public static NemoGuardStreamingChatModel wrap(StreamingChatModel delegate, StreamingGuard guard) {
        return builder(delegate, guard).build();
    }

    /**
     * Sets delegate.
     *
     * @param delegate the model whose answers are checked; borrowed
     * @param guard the streaming guard; borrowed
     * @return a builder with the defaults
     * @throws NullPointerException when an argument is null
     */
    public static Builder builder(StreamingChatModel delegate, StreamingGuard guard) {
        return new Builder(delegate, guard);
    }

    /**
     * Streams the wrapped model's answer through the guard (see the class documentation for the signals).
     *
     * @param request the request, passed on unchanged
     * @param options the request options, passed on unchanged
     * @param handler receives the guarded stream
     */
    @Override
    public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
        Objects.requireNonNull(handler, "handler");
        delegate.chat(request, options, guarded(request, handler));
    }

    /**
     * Same as {@link #chat(ChatRequest, ChatRequestOptions, StreamingChatResponseHandler)} without options.
     *
     * @param request the request
     * @param handler receives the guarded stream
     */
    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        Objects.requireNonNull(handler, "handler");
        delegate.chat(request, guarded(request, handler));
    }

    private GuardedResponseHandler guarded(ChatRequest request, StreamingChatResponseHandler handler) {
        String user = MessageTexts.lastUserText(request.messages()).orElse("");
        return new GuardedResponseHandler(guard, user, handler, checkToolExecutionRequests);
    }

    /** {@return the wrapped model's default parameters} */
    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    /** {@return none: the wrapped model notifies its own listeners} */
    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    /** {@return the wrapped model's provider} */
    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }

    /** {@return the wrapped model's capabilities} */
    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }

    /** {@return the wrapped model} */
    public StreamingChatModel delegate() {
        return delegate;
    }

    /** {@return the streaming guard} */
    public StreamingGuard guard() {
        return guard;
    }

    @Override
    public String toString() {
        return "NemoGuardStreamingChatModel{" + guard + ", delegate="
                + delegate.getClass().getSimpleName() + '}';
    }

    /** Builds a {@link NemoGuardStreamingChatModel}. Mutable and not thread safe. */
    public static final class Builder {
        private final StreamingChatModel delegate;
        private final StreamingGuard guard;
        private boolean checkToolExecutionRequests = DEFAULT_CHECK_TOOL_EXECUTION_REQUESTS;

        private Builder(StreamingChatModel delegate, StreamingGuard guard) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            this.guard = Objects.requireNonNull(guard, "guard");
        }

        /**
         * Whether the tool-call requests of a complete streamed response are checked as text before they are
         * forwarded. Default {@value NemoGuardStreamingChatModel#DEFAULT_CHECK_TOOL_EXECUTION_REQUESTS}; when off
         * they are forwarded unchecked.
         *
         * @param check false to skip them
         * @return this builder
         */
        public Builder checkToolExecutionRequests(boolean check) {
            this.checkToolExecutionRequests = check;
            return this;
        }

        /**
         * Returns the guarded model.
         *
         * @return the guarded model
         * @throws ConfigurationException when the guard's {@code Guardrails} has no output rail
         */
        public NemoGuardStreamingChatModel build() {
            return new NemoGuardStreamingChatModel(this);
        }
    }
}
