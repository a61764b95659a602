package io.github.guardrails4j.springai;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.stream.StreamingGuard;
import java.util.Objects;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * NemoGuard rails as a Spring AI {@code ChatClient} advisor, for {@code call()} and {@code stream()}.
 *
 * <pre>{@code
 * ChatClient chat = ChatClient.builder(chatModel)
 *     .defaultAdvisors(NemoGuardAdvisor.builder(guardrails).build())
 *     .build();
 * }</pre>
 *
 * <p><b>Call.</b> The input rails of the {@link Guardrails} check the prompt's last user message before the
 * chain's {@code nextCall}; a blocked message never reaches the model. The output rails check the answer (the text
 * of every generation) after it. <b>Stream.</b> The input rails run before {@code nextStream} is subscribed to; the
 * answer is then checked chunk by chunk while it streams, with core's {@link StreamingGuard} (stream-first or
 * hold-back, see {@link StreamingConfig}); on a block the model's stream is cancelled (its HTTP call with it) and no
 * more text is released. Elements that carry no text (for example the last one, with the finish reason and usage)
 * are passed on after the checked text.
 *
 * <p><b>Blocked.</b> With {@link BlockAction#REFUSE} (the default) the answer is {@link #refusal()}; with
 * {@link BlockAction#THROW} a {@link NemoGuardBlockedException}. Either way the {@link GuardResult} that decided is
 * in the response context under {@link #RESULT_CONTEXT_KEY}, as it is for an allowed call. A guard outage follows
 * each rail's failure policy: fail closed (the default) blocks, fail open lets the text through.
 *
 * <p><b>Threads.</b> No guard call runs on a non-blocking (Reactor event-loop) thread: on a stream the input check
 * and the chunk checks are started on {@link Schedulers#boundedElastic()}; a call, which blocks by contract, is
 * refused with {@link IllegalStateException} when made from a non-blocking thread (as Reactor's {@code block()}
 * is). Checks complete on the rails' own threads (OkHttp's dispatcher for NIM rails).
 *
 * <p><b>Name and order.</b> {@link #NAME}, and {@link #DEFAULT_ORDER} unless set: ahead of Spring AI's chat-memory
 * advisors, so a blocked message is neither sent nor remembered.
 *
 * <p>Immutable and thread safe; it borrows the {@link Guardrails} (and so its HTTP clients) and never closes it.
 */
public final class NemoGuardAdvisor implements CallAdvisor, StreamAdvisor {
    /** The advisor's name, {@value}. */
    public static final String NAME = "NemoGuardAdvisor";

    /**
     * Default order, {@code Ordered.HIGHEST_PRECEDENCE + 100}: before Spring AI's chat-memory advisors
     * ({@code HIGHEST_PRECEDENCE + 200}), so the guard sees the request first and the answer last.
     */
    public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    /** Default refusal text, {@value}. */
    public static final String DEFAULT_REFUSAL = "Sorry, I can't help with that.";

    /** Default block action: {@link BlockAction#REFUSE}. */
    public static final BlockAction DEFAULT_BLOCK_ACTION = BlockAction.REFUSE;

    /**
     * Response context key of the {@link GuardResult} that decided: the blocking one, or the output check's (the
     * input check's when the answer had no text) for an allowed call. Streams carry it on a refusal only.
     */
    public static final String RESULT_CONTEXT_KEY = "guardrails4j.result";

    private final Guardrails guardrails;
    private final StreamingGuard streamingGuard;
    private final String refusal;
    private final BlockAction blockAction;
    private final int order;
    private final GuardedCall call;
    private final GuardedStreamCall stream;

    private NemoGuardAdvisor(Builder b) {
        this.guardrails = b.guardrails;
        this.streamingGuard = StreamingGuard.create(b.guardrails, b.streaming);
        this.refusal = b.refusal;
        this.blockAction = b.blockAction;
        this.order = b.order;
        Refusals refusals = new Refusals(refusal, blockAction);
        this.call = new GuardedCall(guardrails, refusals);
        this.stream = new GuardedStreamCall(guardrails, streamingGuard, refusals);
    }

    /**
     * Sets guardrails.
     *
     * @param guardrails the rails to run: its input rails on the user's message, its output rails on the answer;
     *     borrowed, never closed
     * @return a builder with every default
     * @throws NullPointerException when guardrails is null
     */
    public static Builder builder(Guardrails guardrails) {
        return new Builder(guardrails);
    }

    /** {@return {@link #NAME}} */
    @Override
    public String getName() {
        return NAME;
    }

    /** {@return the order given to the builder, {@link #DEFAULT_ORDER} by default} */
    @Override
    public int getOrder() {
        return order;
    }

    /**
     * Checks the user's message, calls the rest of the chain when it is allowed, then checks the answer.
     *
     * @throws IllegalStateException when called on a non-blocking thread
     * @throws NemoGuardBlockedException when a rail blocked and the block action is {@link BlockAction#THROW}
     */
    @Override
    public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
        if (Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException(
                    "NemoGuardAdvisor.adviseCall blocks while the rails run and was called on"
                            + " the non-blocking thread "
                            + Thread.currentThread().getName()
                            + "; use ChatClient's stream() there, or call() from a blocking thread (Schedulers.boundedElastic())");
        }
        return call.advise(request, chain);
    }

    /**
     * Checks the user's message, then streams the rest of the chain's answer through chunked output checks. Nothing
     * happens until the returned flux is subscribed to.
     */
    @Override
    public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
        return stream.advise(request, chain);
    }

    /** {@return the rails this advisor runs} */
    public Guardrails guardrails() {
        return guardrails;
    }

    /** {@return the chunking and release settings of streamed answers} */
    public StreamingConfig streaming() {
        return streamingGuard.config();
    }

    /** {@return the refusal text answered on a block with {@link BlockAction#REFUSE}} */
    public String refusal() {
        return refusal;
    }

    /** {@return what happens on a block} */
    public BlockAction blockAction() {
        return blockAction;
    }

    @Override
    public String toString() {
        return NAME + "{order=" + order + ", blockAction=" + blockAction + ", " + streamingGuard + '}';
    }

    /** Builds a {@link NemoGuardAdvisor}. Mutable, not thread safe. */
    public static final class Builder {
        private final Guardrails guardrails;
        private StreamingConfig streaming = StreamingConfig.ofDefaults();
        private String refusal = DEFAULT_REFUSAL;
        private BlockAction blockAction = DEFAULT_BLOCK_ACTION;
        private int order = DEFAULT_ORDER;

        private Builder(Guardrails guardrails) {
            this.guardrails = Objects.requireNonNull(guardrails, "guardrails");
        }

        /**
         * Sets streaming.
         *
         * @param streaming chunk size, context, stream-first or hold-back, for streamed answers; default
         *     {@link StreamingConfig#ofDefaults()}
         * @return this builder
         * @throws NullPointerException when streaming is null
         */
        public Builder streaming(StreamingConfig streaming) {
            this.streaming = Objects.requireNonNull(streaming, "streaming");
            return this;
        }

        /**
         * Sets refusal.
         *
         * @param refusal the text answered instead of a blocked request or answer; default {@link #DEFAULT_REFUSAL}
         * @return this builder
         * @throws ConfigurationException when refusal is null or blank
         */
        public Builder refusal(String refusal) {
            if (refusal == null || refusal.isBlank()) {
                throw new ConfigurationException("NemoGuardAdvisor refusal must be a non-blank text, got "
                        + (refusal == null ? "null" : "\"" + refusal + "\"")
                        + "; set the text your users should see, or keep the default");
            }
            this.refusal = refusal;
            return this;
        }

        /**
         * Sets blockAction.
         *
         * @param blockAction refuse (default) or throw on a block
         * @return this builder
         * @throws NullPointerException when blockAction is null
         */
        public Builder blockAction(BlockAction blockAction) {
            this.blockAction = Objects.requireNonNull(blockAction, "blockAction");
            return this;
        }

        /**
         * Sets order.
         *
         * @param order the advisor's position in the chain (lower runs first); default {@link #DEFAULT_ORDER}
         * @return this builder
         */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        /**
         * Returns the advisor.
         *
         * @return the advisor
         * @throws ConfigurationException when the {@link Guardrails} has neither input nor output rails (it would
         *     check nothing)
         */
        public NemoGuardAdvisor build() {
            if (guardrails.inputRails().isEmpty() && guardrails.outputRails().isEmpty()) {
                throw new ConfigurationException("NemoGuardAdvisor needs a Guardrails with at least one rail, got "
                        + guardrails + "; add input and/or output rails to the Guardrails builder");
            }
            return new NemoGuardAdvisor(this);
        }
    }
}
