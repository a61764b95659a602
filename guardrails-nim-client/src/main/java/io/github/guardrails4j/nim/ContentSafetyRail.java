package io.github.guardrails4j.nim;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.GuardModel;
import io.github.guardrails4j.model.builtin.ChatTemplateContentSafety;
import io.github.guardrails4j.model.builtin.NemoGuardContentSafety;
import io.github.guardrails4j.model.builtin.NemoGuardModels;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Taxonomy;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;

/**
 * The content safety rails: a {@link NimRail} asking a content safety guard model whether the user's message
 * ({@link #input(NimClient) input}) or the LLM's answer ({@link #output(NimClient) output}) is safe. The
 * {@link ContentSafetyFormat} picks the model: {@link NemoGuardContentSafety} (the default; NemoGuard prompt
 * template, JSON verdict) or {@link ChatTemplateContentSafety} (Llama Guard 3, Nemotron 3.5, Nemotron Content
 * Safety Reasoning 4B: plain turns); their documentation gives the exact wire format and sources.
 *
 * <pre>{@code
 * Rail in = ContentSafetyRail.input(nim).build();
 * Rail out = ContentSafetyRail.output(nim).model(NemoGuardModels.SAFETY_GUARD_V3).build();
 * }</pre>
 *
 * <p>Stateless; the rails it builds are immutable and thread safe and borrow their {@link NimClient}.
 */
public final class ContentSafetyRail {
    /** Default model: {@value}. */
    public static final String DEFAULT_MODEL = NemoGuardModels.CONTENT_SAFETY;
    /** Default format: {@link ContentSafetyFormat#NEMOGUARD}. */
    public static final ContentSafetyFormat DEFAULT_FORMAT = ContentSafetyFormat.NEMOGUARD;
    /** Default {@code max_tokens}, NeMo's: {@value}. Below about 40 verdicts with categories get cut. */
    public static final int DEFAULT_MAX_TOKENS = NemoGuardContentSafety.DEFAULT_MAX_TOKENS;
    /** Default temperature, NeMo's (effectively greedy): {@value}. */
    public static final double DEFAULT_TEMPERATURE = NemoGuardContentSafety.DEFAULT_TEMPERATURE;
    /** Default name of the input rail: {@value}. */
    public static final String DEFAULT_INPUT_NAME = "content-safety-input";
    /** Default name of the output rail: {@value}. */
    public static final String DEFAULT_OUTPUT_NAME = "content-safety-output";

    private ContentSafetyRail() {}

    /**
     * Starts an input rail (judges the user's message), named {@value #DEFAULT_INPUT_NAME}.
     *
     * @param client the NIM client, borrowed
     * @return a new builder; mutable and not thread safe
     * @throws NullPointerException when client is null
     */
    public static Builder input(NimClient client) {
        return new Builder(client, RailDirection.INPUT);
    }

    /**
     * Starts an output rail (judges the LLM's answer, with the user's message as context), named
     * {@value #DEFAULT_OUTPUT_NAME}.
     *
     * @param client the NIM client, borrowed
     * @return a new builder; mutable and not thread safe
     * @throws NullPointerException when client is null
     */
    public static Builder output(NimClient client) {
        return new Builder(client, RailDirection.OUTPUT);
    }

    /** Builds a content safety {@link NimRail}. Mutable and not thread safe; {@link #build()} copies its state. */
    public static final class Builder extends ChatRailBuilder<Builder> {
        private ContentSafetyFormat format = DEFAULT_FORMAT;
        private boolean lenient;
        private PromptTemplate template;
        private Taxonomy taxonomy;
        private int historyTurns = NemoGuardContentSafety.DEFAULT_HISTORY_TURNS;
        private boolean reasoning = ChatTemplateContentSafety.DEFAULT_REASONING;
        private boolean neutralize = true;

        private Builder(NimClient client, RailDirection direction) {
            super(client, direction == RailDirection.INPUT ? DEFAULT_INPUT_NAME : DEFAULT_OUTPUT_NAME, direction);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets format.
         *
         * @param format the model's answer format, which picks the guard model; default {@link #DEFAULT_FORMAT}
         * @return this
         */
        public Builder format(ContentSafetyFormat format) {
            this.format = format;
            return this;
        }

        /**
         * Accepts exactly one JSON object inside other text (code fences, prose); see
         * {@link io.github.guardrails4j.verdict.parser.NemoGuardJsonParser#lenient()}. Only for
         * {@link ContentSafetyFormat#NEMOGUARD}. Default false (strict, as NeMo).
         *
         * @param lenient true for the lenient parser
         * @return this
         */
        public Builder lenient(boolean lenient) {
            this.lenient = lenient;
            return this;
        }

        /**
         * A custom prompt template for {@link ContentSafetyFormat#NEMOGUARD}: the input template needs
         * {@code {{ user_input }}}; the output template {@code {{ user_input }}} and {@code {{ bot_response }}}; no
         * other placeholders. Default: the bundled NemoGuard template.
         *
         * @param template the template
         * @return this
         */
        public Builder template(PromptTemplate template) {
            this.template = template;
            return this;
        }

        /**
         * How many earlier user and assistant turns of a conversation the model is sent besides the judged turn(s):
         * {@link NemoGuardContentSafety.Builder#historyTurns(int)} (rendered into the template's conversation
         * section, after the fixed prefix) or {@link ChatTemplateContentSafety.Builder#historyTurns(int)} (plain
         * turns). Default 0: the last user turn only (and the answer for output checks), as NeMo Guardrails sends.
         * The reasoning format takes 0 only.
         *
         * @param historyTurns 0 to 64
         * @return this
         */
        public Builder historyTurns(int historyTurns) {
            this.historyTurns = historyTurns;
            return this;
        }

        /**
         * Reasoning on or off for {@link ContentSafetyFormat#NEMOTRON_REASONING} ({@code /think}) and
         * {@link ContentSafetyFormat#NEMOTRON_3_5} ({@code enable_thinking}); see
         * {@link ChatTemplateContentSafety.Builder#reasoning(boolean)}. Default off. Refused for the other
         * formats.
         *
         * @param reasoning true to ask for a reasoning trace
         * @return this
         */
        public Builder reasoning(boolean reasoning) {
            this.reasoning = reasoning;
            return this;
        }

        /**
         * Whether control tokens and template markers in the checked texts are neutralised (default on); see
         * {@link io.github.guardrails4j.model.ChatGuardModel.Builder#neutralizeSpecialTokens(boolean)}.
         *
         * @param neutralize false to send the texts verbatim, as NeMo Guardrails does
         * @return this
         */
        public Builder neutralizeSpecialTokens(boolean neutralize) {
            this.neutralize = neutralize;
            return this;
        }

        /**
         * Sets taxonomy.
         *
         * @param taxonomy the taxonomy categories are mapped to, for {@link ContentSafetyFormat#NEMOGUARD}; default
         *     {@link Taxonomy#NEMOGUARD}
         * @return this
         */
        public Builder taxonomy(Taxonomy taxonomy) {
            this.taxonomy = taxonomy;
            return this;
        }

        /**
         * See below.
         *
         * @throws ConfigurationException when the format is null, or early decision, lenient, a template or a
         *     taxonomy is set with a format other than NEMOGUARD, or a model setting is invalid
         */
        @Override
        protected GuardModel model() {
            if (format == null) {
                throw new ConfigurationException("format must not be null; the default is " + DEFAULT_FORMAT);
            }
            if (format != ContentSafetyFormat.NEMOGUARD) {
                if (earlyDecision) {
                    throw new ConfigurationException("earlyDecision(true) reads the nemoguard JSON verdict as it "
                            + "streams and applies to format NEMOGUARD only, got " + format.id()
                            + "; remove earlyDecision(true)");
                }
                if (lenient) {
                    throw new ConfigurationException(
                            "lenient(true) applies to the nemoguard JSON format only, got " + format.id());
                }
                if (template != null) {
                    throw new ConfigurationException("format " + format.id() + " sends plain conversation turns "
                            + "and takes no prompt template; remove template(...) or use format NEMOGUARD");
                }
                if (taxonomy != null) {
                    throw new ConfigurationException("format " + format.id() + " has its model's own taxonomy; "
                            + "remove taxonomy(...) or use format NEMOGUARD");
                }
            }
            return switch (format) {
                case NEMOGUARD -> {
                    if (reasoning) {
                        throw new ConfigurationException("reasoning(true) applies to the nemotron-reasoning and "
                                + "nemotron-3.5 formats; the nemoguard format has no reasoning mode");
                    }
                    NemoGuardContentSafety.Builder b = NemoGuardContentSafety.builder()
                            .lenient(lenient)
                            .historyTurns(historyTurns)
                            .neutralizeSpecialTokens(neutralize);
                    if (template != null) {
                        b.template(direction, template);
                    }
                    if (taxonomy != null) {
                        b.taxonomy(taxonomy);
                    }
                    yield build(b);
                }
                case LLAMA_GUARD_3, NEMOTRON_3_5, NEMOTRON_REASONING ->
                    build(ChatTemplateContentSafety.builder(format)
                            .historyTurns(historyTurns)
                            .reasoning(reasoning)
                            .neutralizeSpecialTokens(neutralize));
            };
        }
    }
}
