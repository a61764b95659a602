package io.github.guardrails4j.langchain4j;

import dev.langchain4j.data.message.ContentType;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailRequest;
import dev.langchain4j.guardrail.InputGuardrailResult;
import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.langchain4j.internal.Blocks;
import io.github.guardrails4j.langchain4j.internal.MessageTexts;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every input rail of a {@link Guardrails} as one LangChain4j {@link InputGuardrail}: the rails run in parallel
 * (first block wins) inside this one guardrail, so LangChain4j's sequential guardrail loop cannot serialise them.
 *
 * <pre>{@code
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .chatModel(chatModel)
 *     .inputGuardrails(NemoGuardInputGuardrail.of(guardrails))
 *     .build();
 * assistant.chat("...");   // throws InputGuardrailException when a rail blocks; the model is not called
 * }</pre>
 *
 * <h2>What is checked</h2>
 * <ul>
 *   <li>The text parts of the user message LangChain4j hands to input guardrails, joined with a line feed. With
 *       retrieval augmentation (RAG) that message already holds the retrieved documents, so they are checked as
 *       text with it.
 *   <li>Parts that are not text (images, audio, video, PDF) cannot be checked by text rails: they are allowed with
 *       the text and logged at debug, unless {@link Builder#blockNonTextContent(boolean)} is set, which blocks such
 *       a message with a {@code fatal} result naming the types. A message without any text part is checked as
 *       the empty text.
 *   <li>Only the last user message: the chat memory is not yet sent as a conversation (it will be once the core
 *       checks conversations).
 * </ul>
 *
 * <h2>Results</h2>
 * Allowed: {@code success()}. Blocked by a verdict: {@code fatal(message)} naming the rail and its categories.
 * Blocked because a fail-closed rail failed: {@code fatal(message, cause)} with the rail's typed {@link
 * GuardrailsException} as cause. A fail-open rail's failure does not block. LangChain4j turns a fatal result into
 * {@code InputGuardrailException} and does not call the model.
 *
 * <h2>Thread safety</h2>
 * Immutable and thread safe; one instance serves every AI service and request. It borrows the {@link Guardrails}.
 * {@link #validate(InputGuardrailRequest)} blocks the calling thread until the rails decide (bounded by the rails'
 * own timeouts); an interrupt cancels the checks and blocks the message.
 */
public final class NemoGuardInputGuardrail implements InputGuardrail {

    private static final Logger LOG = LoggerFactory.getLogger(NemoGuardInputGuardrail.class);

    /** Default of {@link Builder#blockNonTextContent(boolean)}: {@value}. */
    public static final boolean DEFAULT_BLOCK_NON_TEXT_CONTENT = false;

    private final Guardrails guardrails;
    private final String name;
    private final boolean blockNonTextContent;

    private NemoGuardInputGuardrail(Builder b) {
        this.guardrails = b.guardrails;
        this.name = Blocks.name(Blocks.requireRails(b.guardrails, true, "NemoGuardInputGuardrail"));
        this.blockNonTextContent = b.blockNonTextContent;
    }

    /**
     * A guardrail running every input rail of {@code guardrails}, with the defaults.
     *
     * @param guardrails rails with at least one input rail; borrowed, not closed
     * @return the guardrail
     * @throws ConfigurationException when {@code guardrails} has no input rail
     * @throws NullPointerException when {@code guardrails} is null
     */
    public static NemoGuardInputGuardrail of(Guardrails guardrails) {
        return builder(guardrails).build();
    }

    /**
     * Sets guardrails.
     *
     * @param guardrails rails with at least one input rail; borrowed, not closed
     * @return a builder with the defaults
     * @throws NullPointerException when {@code guardrails} is null
     */
    public static Builder builder(Guardrails guardrails) {
        return new Builder(guardrails);
    }

    /** {@return {@code NemoGuard[rail, rail, ...]}: the input rails, in configuration order} */
    @Override
    public String name() {
        return name;
    }

    /**
     * Checks the user message with every input rail, in parallel.
     *
     * @param request LangChain4j's request; its user message is checked
     * @return {@code success()}, or {@code fatal(...)} when a rail blocked (see the class documentation)
     */
    @Override
    public InputGuardrailResult validate(InputGuardrailRequest request) {
        return validate(Objects.requireNonNull(request, "request").userMessage());
    }

    /**
     * Checks one user message with every input rail, in parallel.
     *
     * @param userMessage the message; null is blocked ({@code fatal})
     * @return {@code success()}, or {@code fatal(...)} when a rail blocked
     */
    @Override
    public InputGuardrailResult validate(UserMessage userMessage) {
        if (userMessage == null) {
            return fatal("Blocked by " + name + ": there is no user message to check");
        }
        Set<ContentType> unchecked = MessageTexts.nonTextTypes(userMessage);
        if (!unchecked.isEmpty() && blockNonTextContent) {
            return fatal("Blocked by " + name + ": the user message has " + unchecked
                    + " content that NemoGuard text rails cannot check (blockNonTextContent is on)");
        }
        GuardResult result;
        try {
            result = guardrails.checkInputBlocking(MessageTexts.text(userMessage));
        } catch (GuardrailsException e) {
            return fatal("Blocked by " + name + ": the check was interrupted", e);
        }
        if (result.allowed()) {
            if (!unchecked.isEmpty()) {
                LOG.debug(
                        "{} allowed the text parts of a user message; its {} parts were not checked", name, unchecked);
            }
            return success();
        }
        String message = Blocks.message(result, "the user message")
                + (unchecked.isEmpty() ? "" : "; its " + unchecked + " parts were not checked");
        Optional<GuardrailsException> error = Blocks.error(result);
        return error.isPresent() ? fatal(message, error.get()) : fatal(message);
    }

    @Override
    public String toString() {
        return "NemoGuardInputGuardrail{" + name + (blockNonTextContent ? ", blockNonTextContent" : "") + '}';
    }

    /** Builds a {@link NemoGuardInputGuardrail}. Mutable and not thread safe. */
    public static final class Builder {
        private final Guardrails guardrails;
        private boolean blockNonTextContent = DEFAULT_BLOCK_NON_TEXT_CONTENT;

        private Builder(Guardrails guardrails) {
            this.guardrails = Objects.requireNonNull(guardrails, "guardrails");
        }

        /**
         * Whether a user message with parts that are not text (images, audio, video, PDF) is blocked, since text
         * rails cannot check them. Default {@value NemoGuardInputGuardrail#DEFAULT_BLOCK_NON_TEXT_CONTENT}: the text parts are checked and
         * the rest is allowed (logged at debug, and named in the message of a block).
         *
         * @param block true to block such messages
         * @return this builder
         */
        public Builder blockNonTextContent(boolean block) {
            this.blockNonTextContent = block;
            return this;
        }

        /**
         * Returns the guardrail.
         *
         * @return the guardrail
         * @throws ConfigurationException when the {@link Guardrails} has no input rail
         */
        public NemoGuardInputGuardrail build() {
            return new NemoGuardInputGuardrail(this);
        }
    }
}
