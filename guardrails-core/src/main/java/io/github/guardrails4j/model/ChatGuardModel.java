package io.github.guardrails4j.model;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.prompt.TokenNeutralizer;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.ParsedVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Base of guard models served as chat completions: holds the served model id, the temperature and
 * {@code max_tokens}, builds the {@link ChatRequest}, and reads a {@link ChatAnswer}'s text with the subclass's
 * parser. Subclasses say which messages to send ({@link #messages}) and how to read the text ({@link #parseText}).
 *
 * <p>Immutable and thread safe, as every {@link GuardModel}. Builders extend {@link Builder}, which holds the
 * common setters and their validation.
 */
public abstract class ChatGuardModel implements GuardModel {
    private final String modelId;
    private final double temperature;
    private final int maxTokens;
    private final TokenNeutralizer neutralizer;
    private final ParseMemo inputAnswers = new ParseMemo();
    private final ParseMemo outputAnswers = new ParseMemo();

    /** Note on a verdict whose request had control tokens or template markers neutralised: {@value}. */
    public static final String NOTE_NEUTRALIZED = "special-tokens-neutralized";

    /** Prefix of the note naming a part that is not text and was not checked, for example {@value}image. */
    public static final String NOTE_UNCHECKED_PREFIX = "unchecked-content:";

    /**
     * Sets builder.
     *
     * @param builder the validated settings
     */
    protected ChatGuardModel(Builder<?, ?> builder) {
        this.modelId = builder.model;
        this.temperature = builder.temperature;
        this.maxTokens = builder.maxTokens;
        this.neutralizer = builder.neutralize ? builder.defaultNeutralizer : TokenNeutralizer.none();
    }

    /** {@return the neutraliser applied to the injected texts ({@link TokenNeutralizer#none()} when off)} */
    public final TokenNeutralizer neutralizer() {
        return neutralizer;
    }

    /**
     * The text as it goes into the prompt: neutralised with {@link #neutralizer()}.
     *
     * @param text a user text, an answer or an earlier turn, verbatim
     * @return the text to send
     */
    protected final String injected(String text) {
        return neutralizer.neutralize(text);
    }

    /**
     * Notes {@link #NOTE_NEUTRALIZED} when a text this request sends was changed by the neutraliser, and
     * {@link #NOTE_UNCHECKED_PREFIX} with the kind of each part of the conversation that is not text.
     *
     * @param direction the direction judged
     * @param request the conversation
     * @return the notes, possibly empty
     */
    @Override
    public List<String> notes(RailDirection direction, RailRequest request) {
        List<String> inherited = GuardModel.super.notes(direction, request);
        boolean changed = neutralizer.changes(request.userMessage())
                || (direction == RailDirection.OUTPUT
                        && neutralizer.changes(request.answer().orElse("")));
        for (Conversation.Turn t : request.history().turns()) {
            changed |= neutralizer.changes(t.text());
        }
        if (!changed && request.unchecked().isEmpty()) {
            return inherited; // the common case: nothing to note, nothing allocated
        }
        List<String> notes = new ArrayList<>(inherited);
        if (changed) {
            notes.add(NOTE_NEUTRALIZED);
        }
        for (String kind : request.unchecked()) {
            notes.add(NOTE_UNCHECKED_PREFIX + kind);
        }
        return List.copyOf(notes);
    }

    @Override
    public final String modelId() {
        return modelId;
    }

    /** {@return the sampling temperature sent} */
    public final double temperature() {
        return temperature;
    }

    /** {@return {@code max_tokens} sent} */
    public final int maxTokens() {
        return maxTokens;
    }

    /**
     * Renders the request: {@link #messages} with this model's id, temperature and {@code max_tokens}.
     *
     * @throws GuardrailsException (reason {@code INTERNAL}) when an output check carries no answer
     */
    @Override
    public ChatRequest render(RailDirection direction, RailRequest request) {
        if (direction == RailDirection.OUTPUT && request.answer().isEmpty()) {
            throw new GuardrailsException(
                    ErrorReason.INTERNAL,
                    "an output check needs the LLM's answer: build the request with RailRequest.ofOutput");
        }
        return new ChatRequest(modelId, messages(direction, request), temperature, maxTokens, extraBody(direction));
    }

    /**
     * Reads a chat answer's text with {@link #parseText}. A text of up to 256 characters that was read before by
     * this instance, in this direction, gives the same verdict without being parsed again (guard models answer
     * with a few distinct short texts; at most 64 are kept per direction).
     *
     * @throws GuardProtocolException when the answer is not a {@link ChatAnswer}
     */
    @Override
    public ParsedVerdict parse(RailDirection direction, GuardAnswer answer) {
        if (!(answer instanceof ChatAnswer)) {
            throw new GuardProtocolException(
                    "model " + modelId + " answers chat completions, got a "
                            + answer.getClass().getSimpleName(),
                    null);
        }
        return (direction == RailDirection.INPUT ? inputAnswers : outputAnswers)
                .parse(((ChatAnswer) answer).content(), text -> parseText(direction, text));
    }

    /**
     * The messages to send for a check.
     *
     * @param direction the direction judged
     * @param request the conversation; an output check carries the answer
     * @return the messages, in order; at least one
     */
    protected abstract List<ChatMessage> messages(RailDirection direction, RailRequest request);

    /**
     * The plain conversation turns, for models whose server applies the model's own chat template: the user's
     * message, then for an output check the answer as an assistant turn.
     *
     * @param direction the direction judged
     * @param request the conversation
     * @return {@code [user]} or {@code [user, assistant]}
     */
    protected final List<ChatMessage> plainTurns(RailDirection direction, RailRequest request) {
        return direction == RailDirection.INPUT
                ? List.of(ChatMessage.user(injected(request.userMessage())))
                : List.of(
                        ChatMessage.user(injected(request.userMessage())),
                        ChatMessage.assistant(injected(request.answer().orElseThrow())));
    }

    /**
     * More top-level body fields, such as {@code chat_template_kwargs}. The default sends none.
     *
     * @param direction the direction judged
     * @return the fields, in order
     */
    protected Map<String, Object> extraBody(RailDirection direction) {
        return Map.of();
    }

    /**
     * Reads the model's text. Must be a pure function of its arguments and this instance's settings (a verdict
     * cache already relies on it): {@link #parse} remembers the verdicts of short texts it has read.
     *
     * @param direction the direction judged
     * @param text the complete answer text, not empty
     * @return the verdict
     * @throws VerdictParseException when the text is not a verdict
     */
    protected abstract ParsedVerdict parseText(RailDirection direction, String text);

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{model=" + modelId + ", temperature=" + temperature + ", maxTokens="
                + maxTokens + '}';
    }

    /**
     * The common settings of a chat guard model. Mutable and not thread safe.
     *
     * @param <M> the model built
     * @param <B> the concrete builder
     */
    public abstract static class Builder<M extends ChatGuardModel, B extends Builder<M, B>> {
        private final String defaultModel;
        private final double defaultTemperature;
        private final int defaultMaxTokens;
        private String model;
        private double temperature;
        private int maxTokens;
        private TokenNeutralizer defaultNeutralizer = TokenNeutralizer.none();
        private boolean neutralize = true;

        /**
         * Sets defaultModel.
         *
         * @param defaultModel the model id used when none is set
         * @param defaultTemperature the temperature used when none is set
         * @param defaultMaxTokens the {@code max_tokens} used when none is set
         */
        protected Builder(String defaultModel, double defaultTemperature, int defaultMaxTokens) {
            this.defaultModel = defaultModel;
            this.defaultTemperature = defaultTemperature;
            this.defaultMaxTokens = defaultMaxTokens;
            this.model = defaultModel;
            this.temperature = defaultTemperature;
            this.maxTokens = defaultMaxTokens;
        }

        /**
         * Copies a built model's common settings (model id, temperature, {@code max_tokens}).
         *
         * @param from the model
         * @return this
         */
        public B from(ChatGuardModel from) {
            this.model = from.modelId;
            this.temperature = from.temperature;
            this.maxTokens = from.maxTokens;
            this.neutralize =
                    from.neutralizer != TokenNeutralizer.none() || this.defaultNeutralizer == TokenNeutralizer.none();
            return self();
        }

        /**
         * The neutraliser of the model's tokenizer family and template; subclasses set it in their constructor.
         *
         * @param neutralizer the neutraliser used while {@link #neutralizeSpecialTokens(boolean)} is on
         * @return this
         */
        protected B defaultNeutralizer(TokenNeutralizer neutralizer) {
            this.defaultNeutralizer = neutralizer;
            return self();
        }

        /**
         * Whether control-token strings of the model's tokenizer family and the template's own markers in user
         * text, answers and earlier turns are neutralised ({@link TokenNeutralizer}); the verdict then carries the
         * note {@link #NOTE_NEUTRALIZED}. Default on; turn it off only for a server that never tokenises special
         * tokens in message text.
         *
         * @param neutralize true to neutralise (the default)
         * @return this
         */
        public B neutralizeSpecialTokens(boolean neutralize) {
            this.neutralize = neutralize;
            return self();
        }

        /** {@return this builder, typed} */
        protected abstract B self();

        /**
         * Sets model.
         *
         * @param model the served model id ({@code GET /v1/models} lists them); default the subclass's
         * @return this
         */
        public B model(String model) {
            this.model = model;
            return self();
        }

        /**
         * Sets temperature.
         *
         * @param temperature the sampling temperature, finite and at least 0; default the subclass's
         * @return this
         */
        public B temperature(double temperature) {
            this.temperature = temperature;
            return self();
        }

        /**
         * Sets maxTokens.
         *
         * @param maxTokens {@code max_tokens}, at least 1; default the subclass's
         * @return this
         */
        public B maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
            return self();
        }

        /**
         * Checks the common settings; subclasses call it first in {@link #build()}.
         *
         * @throws ConfigurationException when the model id is blank, the temperature negative or not finite, or
         *     maxTokens below 1
         */
        protected void validate() {
            if (model == null || model.isBlank()) {
                throw new ConfigurationException("model must be a served model id such as " + defaultModel
                        + "; GET /v1/models lists what the NIM serves");
            }
            if (maxTokens < 1) {
                throw new ConfigurationException(
                        "maxTokens must be >= 1 (default " + defaultMaxTokens + "), got " + maxTokens);
            }
            if (!Double.isFinite(temperature) || temperature < 0) {
                throw new ConfigurationException(
                        "temperature must be finite and >= 0 (default " + defaultTemperature + "), got " + temperature);
            }
        }

        /**
         * Returns the model.
         *
         * @return the model
         * @throws ConfigurationException when a setting is invalid
         */
        public abstract M build();
    }
}
