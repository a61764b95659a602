package io.github.guardrails4j.model.builtin;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.ChatGuardModel;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.EarlyDecision;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.prompt.TokenNeutralizer;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.Taxonomy;
import io.github.guardrails4j.verdict.parser.NemoGuardJsonParser;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Llama 3.1 NemoGuard 8B ContentSafety, and Llama 3.1 Nemotron Safety Guard 8B v3 ({@link #safetyGuardV3()}, the
 * multilingual model with the same prompt and answer): the check is rendered into the NemoGuard prompt template
 * ({@link NemoGuardPrompts#contentSafetyInput()} / {@link NemoGuardPrompts#contentSafetyOutput()}, fixed prefix
 * first, user text last) and sent as one user message, exactly as NeMo Guardrails sends it:
 * {@code {"model": M, "messages": [{"role": "user", "content": RENDERED}], "temperature": 1e-20, "max_tokens": 50}}.
 * The answer is the JSON verdict {@code {"User Safety": "unsafe", "Safety Categories": "..."}}, read strictly by
 * {@link NemoGuardJsonParser} (or leniently, opt-in).
 *
 * <p>Sources: the model cards (build.nvidia.com/nvidia/llama-3_1-nemoguard-8b-content-safety/modelcard and
 * .../llama-3_1-nemotron-safety-guard-8b-v3/modelcard), and NVIDIA-NeMo/Guardrails
 * {@code examples/configs/content_safety/prompts.yml} at commit 13739de09bdd7593c72b2f7b47bc8f03da649503.
 *
 * <p><b>Early decision.</b> {@link #earlyDecision} reads the partial JSON: UNSAFE as soon as the closing quote of
 * the verdict value arrives and the value is not {@code safe} (before the categories); never SAFE: a safe answer is
 * decided at the end of the stream by the strict parser of the whole text, so a second object after a safe one is
 * an error streamed or not.
 *
 * <p>Immutable and thread safe.
 */
public final class NemoGuardContentSafety extends ChatGuardModel {
    /** Default model: {@value}. */
    public static final String DEFAULT_MODEL = NemoGuardModels.CONTENT_SAFETY;
    /** Default {@code max_tokens}, NeMo's: {@value}. Below about 40 verdicts with categories get cut. */
    public static final int DEFAULT_MAX_TOKENS = 50;
    /** Default temperature, NeMo's (effectively greedy): {@value}. */
    public static final double DEFAULT_TEMPERATURE = 1e-20;
    /** Default earlier turns sent: {@value} (NeMo's: the last user turn only). */
    public static final int DEFAULT_HISTORY_TURNS = 0;

    /**
     * The neutraliser of this model: Llama 3 control tokens, the template markers {@code <BEGIN CONVERSATION>},
     * {@code <END CONVERSATION>}, {@code <BEGIN UNSAFE CONTENT CATEGORIES>}, {@code <END UNSAFE CONTENT CATEGORIES>}
     * and {@code response: agent:} anywhere, and {@code user:} at a line start.
     */
    public static final TokenNeutralizer NEUTRALIZER = TokenNeutralizer.of(
            List.of(TokenNeutralizer.Family.LLAMA_3),
            List.of(
                    "<BEGIN CONVERSATION>",
                    "<END CONVERSATION>",
                    "<BEGIN UNSAFE CONTENT CATEGORIES>",
                    "<END UNSAFE CONTENT CATEGORIES>",
                    "response: agent:"),
            List.of("user:"));

    /** Fixed prefixes shorter than this many characters trigger a warning: they cache poorly. {@value} */
    public static final int SHORT_PREFIX_WARN_CHARS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(NemoGuardContentSafety.class);

    private final PromptTemplate inputTemplate;
    private final PromptTemplate outputTemplate;
    private final boolean lenient;
    private final Taxonomy taxonomy;
    private final int historyTurns;
    private final NemoGuardJsonParser inputParser;
    private final NemoGuardJsonParser outputParser;

    private NemoGuardContentSafety(Builder b) {
        super(b);
        this.inputTemplate = b.inputTemplate;
        this.outputTemplate = b.outputTemplate;
        this.lenient = b.lenient;
        this.taxonomy = b.taxonomy;
        this.historyTurns = b.historyTurns;
        this.inputParser =
                lenient ? NemoGuardJsonParser.forUserSafety().lenient() : NemoGuardJsonParser.forUserSafety();
        this.outputParser =
                lenient ? NemoGuardJsonParser.forResponseSafety().lenient() : NemoGuardJsonParser.forResponseSafety();
    }

    /** {@return a builder with the defaults: {@value #DEFAULT_MODEL}, the bundled templates, the strict parser} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return Llama 3.1 NemoGuard 8B ContentSafety with every default} */
    public static NemoGuardContentSafety create() {
        return builder().build();
    }

    /** {@return Llama 3.1 Nemotron Safety Guard 8B v3 ({@link NemoGuardModels#SAFETY_GUARD_V3}), same prompt} */
    public static NemoGuardContentSafety safetyGuardV3() {
        return builder().model(NemoGuardModels.SAFETY_GUARD_V3).build();
    }

    /** {@return a builder holding this model's settings} */
    public Builder toBuilder() {
        Builder b = new Builder().from(this);
        b.inputTemplate = inputTemplate;
        b.outputTemplate = outputTemplate;
        b.lenient = lenient;
        b.taxonomy = taxonomy;
        b.historyTurns = historyTurns;
        return b;
    }

    /** Both directions. */
    @Override
    public boolean supports(RailDirection direction) {
        return true;
    }

    /**
     * Sets direction.
     *
     * @param direction the direction
     * @return the template rendered for it
     */
    public PromptTemplate template(RailDirection direction) {
        return direction == RailDirection.INPUT ? inputTemplate : outputTemplate;
    }

    /** {@return true when the lenient JSON parser is used} */
    public boolean lenient() {
        return lenient;
    }

    /**
     * Sets direction.
     *
     * @param direction the direction
     * @return the parser of that direction's verdict key
     */
    public NemoGuardJsonParser parser(RailDirection direction) {
        return direction == RailDirection.INPUT ? inputParser : outputParser;
    }

    /** {@return how many earlier user and assistant turns are rendered into the conversation section} */
    public int historyTurns() {
        return historyTurns;
    }

    @Override
    protected List<ChatMessage> messages(RailDirection direction, RailRequest request) {
        Map<String, String> values = new HashMap<>(4);
        StringBuilder conversation = new StringBuilder();
        for (Conversation.Turn t : HistoryTurns.last(request, historyTurns)) {
            if (conversation.length() > 0) {
                conversation.append(t.role() == Conversation.Role.USER ? "\n\nuser: " : "\n\nresponse: agent: ");
            }
            conversation.append(injected(t.text()));
        }
        if (conversation.length() > 0) {
            conversation.append("\n\nuser: ");
        }
        conversation.append(injected(request.userMessage()));
        values.put(NemoGuardPrompts.USER_INPUT, conversation.toString());
        if (direction == RailDirection.OUTPUT) {
            values.put(NemoGuardPrompts.BOT_RESPONSE, injected(request.answer().orElseThrow()));
        }
        return List.of(ChatMessage.user(template(direction).render(values)));
    }

    @Override
    protected ParsedVerdict parseText(RailDirection direction, String text) {
        return parser(direction).parse(text);
    }

    @Override
    public Optional<Taxonomy> taxonomy() {
        return Optional.of(taxonomy);
    }

    @Override
    public Optional<EarlyDecision> earlyDecision(RailDirection direction) {
        String key = parser(direction).verdictKey();
        return Optional.of(text -> {
            String value = VerdictScanner.verdictValue(text, key);
            if (value == null || value.toLowerCase(Locale.ROOT).equals("safe")) {
                // SAFE waits for the end of the stream: a complete safe object may still be followed by a second
                // one (or any text), which the strict parser of the whole answer reads as an error
                return null;
            }
            return Outcome.UNSAFE;
        });
    }

    /** {@return this class, parser version 1 and the lenient flag: what {@link #parse} depends on} */
    @Override
    public Optional<String> parserIdentity() {
        return Optional.of(NemoGuardContentSafety.class.getName() + "/1 lenient=" + lenient);
    }

    /** The SHA-256 of the direction's template prefix (shared by the bundled input and output templates). */
    @Override
    public Optional<String> prefixFingerprint(RailDirection direction) {
        return Optional.of(template(direction).prefixFingerprint());
    }

    @Override
    public String toString() {
        return "NemoGuardContentSafety{model=" + modelId() + ", maxTokens=" + maxTokens() + (lenient ? ", lenient" : "")
                + '}';
    }

    /** Builds a {@link NemoGuardContentSafety}. Mutable and not thread safe; {@link #build()} copies its state. */
    public static final class Builder extends ChatGuardModel.Builder<NemoGuardContentSafety, Builder> {
        private PromptTemplate inputTemplate = NemoGuardPrompts.contentSafetyInput();
        private PromptTemplate outputTemplate = NemoGuardPrompts.contentSafetyOutput();
        private boolean lenient;
        private Taxonomy taxonomy = Taxonomy.NEMOGUARD;
        private int historyTurns = DEFAULT_HISTORY_TURNS;

        private Builder() {
            super(DEFAULT_MODEL, DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS);
            defaultNeutralizer(NEUTRALIZER);
        }

        /**
         * How many earlier user and assistant turns of the conversation are rendered into the template's
         * conversation section before the judged turn(s), as the model card shows a multi-turn conversation
         * ({@code user: ...}, {@code response: agent: ...}), after the fixed prefix, so the prefix stays
         * cacheable. Default {@value #DEFAULT_HISTORY_TURNS}: the last user turn only (and the answer for output
         * checks), as NeMo Guardrails sends. System turns are never sent.
         *
         * @param historyTurns 0 to 64
         * @return this
         */
        public Builder historyTurns(int historyTurns) {
            this.historyTurns = historyTurns;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * A custom prompt template for one direction. The input template needs {@code {{ user_input }}}; the
         * output template {@code {{ user_input }}} and {@code {{ bot_response }}}; no other placeholders; its
         * instructions come first (a template that starts with a placeholder is refused). Default: the bundled
         * NemoGuard templates.
         *
         * @param direction the direction it renders
         * @param template the template
         * @return this
         */
        public Builder template(RailDirection direction, PromptTemplate template) {
            if (direction == RailDirection.INPUT) {
                this.inputTemplate = template;
            } else {
                this.outputTemplate = template;
            }
            return this;
        }

        /**
         * Accepts exactly one JSON object inside other text (code fences, prose); see
         * {@link NemoGuardJsonParser#lenient()}. Default false (strict, as NeMo).
         *
         * @param lenient true for the lenient parser
         * @return this
         */
        public Builder lenient(boolean lenient) {
            this.lenient = lenient;
            return this;
        }

        /**
         * Sets taxonomy.
         *
         * @param taxonomy the taxonomy categories are mapped to; default {@link Taxonomy#NEMOGUARD}
         * @return this
         */
        public Builder taxonomy(Taxonomy taxonomy) {
            this.taxonomy = taxonomy;
            return this;
        }

        /**
         * Returns the model.
         *
         * @return the model
         * @throws ConfigurationException when a value is invalid: blank model, maxTokens below 1, a negative or
         *     non-finite temperature, a null taxonomy, a template missing a placeholder, with an unknown
         *     placeholder, or with an empty fixed prefix
         */
        @Override
        public NemoGuardContentSafety build() {
            validate();
            if (taxonomy == null) {
                throw new ConfigurationException("taxonomy must not be null; the default is Taxonomy.NEMOGUARD");
            }
            checked(RailDirection.INPUT, inputTemplate);
            checked(RailDirection.OUTPUT, outputTemplate);
            HistoryTurns.validate(historyTurns);
            return new NemoGuardContentSafety(this);
        }

        private static void checked(RailDirection direction, PromptTemplate t) {
            String dir = direction.name().toLowerCase(Locale.ROOT);
            if (t == null) {
                throw new ConfigurationException("the " + dir + " template must not be null; omit template(...) "
                        + "for the bundled NemoGuard template");
            }
            Set<String> required = direction == RailDirection.INPUT
                    ? Set.of(NemoGuardPrompts.USER_INPUT)
                    : Set.of(NemoGuardPrompts.USER_INPUT, NemoGuardPrompts.BOT_RESPONSE);
            for (String p : required) {
                if (!t.hasPlaceholder(p)) {
                    throw new ConfigurationException("the " + dir + " template needs the placeholder {{ " + p
                            + " }}; it has " + t.placeholders());
                }
            }
            for (String p : t.placeholders()) {
                if (!required.contains(p)) {
                    throw new ConfigurationException("unknown placeholder {{ " + p + " }} in the template; an " + dir
                            + " template may use only " + required);
                }
            }
            if (t.fixedPrefix().isEmpty()) {
                throw new ConfigurationException("the template starts with a placeholder, so it has no fixed prefix "
                        + "for the model's instructions (and nothing a NIM can cache); put the instructions first");
            }
            if (t.fixedPrefix().length() < SHORT_PREFIX_WARN_CHARS) {
                LOG.warn(
                        "content safety template's fixed prefix is only {} characters (< {}): it will not reuse "
                                + "the NIM's prefix cache well; put the model's instructions before {{ user_input }}",
                        t.fixedPrefix().length(),
                        SHORT_PREFIX_WARN_CHARS);
            }
        }
    }
}
