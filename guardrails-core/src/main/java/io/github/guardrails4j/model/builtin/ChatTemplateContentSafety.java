package io.github.guardrails4j.model.builtin;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.ChatGuardModel;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.prompt.TokenNeutralizer;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.Taxonomy;
import io.github.guardrails4j.verdict.VerdictParser;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The content safety models whose server applies the model's own chat template: the check is sent as plain
 * conversation turns (the user's message, then for an output check the answer as an assistant turn), and the
 * {@link ContentSafetyFormat} says how the answer reads:
 *
 * <ul>
 *   <li>{@link #llamaGuard3()}: Meta Llama Guard 3 8B, {@code safe} or {@code unsafe} and a line of codes such as
 *       {@code S1,S10}, categories mapped to {@link Taxonomy#LLAMA_GUARD_3} (model card:
 *       huggingface.co/meta-llama/Llama-Guard-3-8B);</li>
 *   <li>{@link #nemotron35()}: Nemotron 3.5 Content Safety, {@code User Safety: unsafe} lines with category names,
 *       {@link Taxonomy#NEMOGUARD}; sent with {@code "chat_template_kwargs": {"request_categories": "/categories",
 *       "enable_thinking": false}} after the standard fields, as its model card shows
 *       (huggingface.co/nvidia/Nemotron-3.5-Content-Safety); {@link Builder#reasoning(boolean)} turns thinking on
 *       (then {@code max_tokens} {@value #DEFAULT_REASONING_ON_MAX_TOKENS} by default);</li>
 *   <li>{@link #nemotronReasoning()}: Nemotron Content Safety Reasoning 4B, {@code Prompt harm: harmful} after an
 *       optional think block, {@link Taxonomy#NEMOGUARD}. Not plain turns: its taxonomy prompt is rendered into
 *       one user message, the fixed taxonomy first, then {@code Human user:} and the user's text,
 *       {@code AI assistant:} and the answer (the literal {@code None} for an input check), and the
 *       {@code /think} or {@code /no_think} switch last; {@code temperature} 1e-20 and {@code max_tokens}
 *       {@value #DEFAULT_REASONING_MODEL_MAX_TOKENS} as NeMo Guardrails sends (reasoning off by default; with it on
 *       {@value #DEFAULT_REASONING_ON_MAX_TOKENS}). Sources: the model card
 *       (huggingface.co/nvidia/Nemotron-Content-Safety-Reasoning-4B, "Recommended Prompt Template") and
 *       NVIDIA-NeMo/Guardrails {@code examples/configs/content_safety_reasoning/prompts.yml} (0.23 development line,
 *       as mirrored in trustyai-explainability/NeMo-Guardrails at commit a46ff960430d17c0dba740e25d5e28c850cad73c),
 *       bundled as {@code nemotron_reasoning_input.txt} / {@code nemotron_reasoning_output.txt}.</li>
 * </ul>
 *
 * <p>The reasoning trace of an answer ({@code <think>...</think>}) is never read as the verdict; it is kept on the
 * verdict ({@code Verdict.reasoning()}). An answer cut at {@code max_tokens} is a {@code TRUNCATED_OUTPUT} error.
 *
 * <p>Injected texts are neutralised ({@link TokenNeutralizer}): Llama 3 control tokens and Llama Guard's markers
 * for Llama Guard 3; Gemma 3 control tokens (and {@code Human user:} / {@code AI assistant:} at a line start for
 * the reasoning prompt) for the 4B models. {@link Builder#historyTurns(int)} sends earlier user and assistant
 * turns as plain turns before the judged ones (Llama Guard 3 and Nemotron 3.5; the reasoning prompt has one
 * turn of each).
 *
 * <p>The parsers, one per format and direction, are {@link ContentSafetyFormat#parser(RailDirection)}. The
 * NemoGuard JSON format, which renders its own prompt template, is {@link NemoGuardContentSafety}. Immutable and
 * thread safe.
 */
public final class ChatTemplateContentSafety extends ChatGuardModel {
    /** Default {@code max_tokens} of Llama Guard 3 and of Nemotron 3.5 with reasoning off: {@value}. */
    public static final int DEFAULT_MAX_TOKENS = 50;
    /** Default {@code max_tokens} of Nemotron Content Safety Reasoning 4B with reasoning off, NeMo's: {@value}. */
    public static final int DEFAULT_REASONING_MODEL_MAX_TOKENS = 400;
    /** Default {@code max_tokens} with reasoning on (a trace, then the verdict): {@value}. */
    public static final int DEFAULT_REASONING_ON_MAX_TOKENS = 4096;
    /** Default of {@link Builder#reasoning(boolean)}: {@value}. */
    public static final boolean DEFAULT_REASONING = false;
    /** Default earlier turns sent: {@value} (NeMo's: the last user turn only). */
    public static final int DEFAULT_HISTORY_TURNS = 0;
    /** Resource of the reasoning model's input prompt. */
    public static final String REASONING_INPUT_RESOURCE = "nemotron_reasoning_input.txt";
    /** Resource of the reasoning model's output prompt. */
    public static final String REASONING_OUTPUT_RESOURCE = "nemotron_reasoning_output.txt";

    private static final String SWITCH_JINJA = "{% if reasoning_enabled %}/think{% else %}/no_think{% endif %}";
    private static final String SWITCH = "reasoning_switch";
    private static final PromptTemplate REASONING_INPUT = reasoningTemplate(REASONING_INPUT_RESOURCE);
    private static final PromptTemplate REASONING_OUTPUT = reasoningTemplate(REASONING_OUTPUT_RESOURCE);
    private static final TokenNeutralizer LLAMA_GUARD_NEUTRALIZER = TokenNeutralizer.of(
            List.of(TokenNeutralizer.Family.LLAMA_3),
            List.of(
                    "<BEGIN CONVERSATION>",
                    "<END CONVERSATION>",
                    "<BEGIN UNSAFE CONTENT CATEGORIES>",
                    "<END UNSAFE CONTENT CATEGORIES>"),
            List.of("User:", "Agent:"));
    private static final TokenNeutralizer GEMMA_NEUTRALIZER =
            TokenNeutralizer.of(List.of(TokenNeutralizer.Family.GEMMA_3), List.of(), List.of());
    private static final TokenNeutralizer REASONING_NEUTRALIZER = TokenNeutralizer.of(
            List.of(TokenNeutralizer.Family.GEMMA_3), List.of(), List.of("Human user:", "AI assistant:"));
    /** Default temperature (effectively greedy): {@value}. */
    public static final double DEFAULT_TEMPERATURE = 1e-20;

    private final ContentSafetyFormat format;
    private final VerdictParser inputParser;
    private final VerdictParser outputParser;
    private final boolean reasoning;
    private final int historyTurns;

    private ChatTemplateContentSafety(Builder b) {
        super(b);
        this.format = b.format;
        this.reasoning = b.reasoning;
        this.historyTurns = b.historyTurns;
        this.inputParser = format.parser(RailDirection.INPUT);
        this.outputParser = format.parser(RailDirection.OUTPUT);
    }

    /** {@return Meta Llama Guard 3 8B with every default} */
    public static ChatTemplateContentSafety llamaGuard3() {
        return builder(ContentSafetyFormat.LLAMA_GUARD_3).build();
    }

    /** {@return Nemotron 3.5 Content Safety with every default} */
    public static ChatTemplateContentSafety nemotron35() {
        return builder(ContentSafetyFormat.NEMOTRON_3_5).build();
    }

    /** {@return Nemotron Content Safety Reasoning 4B with every default} */
    public static ChatTemplateContentSafety nemotronReasoning() {
        return builder(ContentSafetyFormat.NEMOTRON_REASONING).build();
    }

    /**
     * A builder for one of the formats this class serves.
     *
     * @param format {@link ContentSafetyFormat#LLAMA_GUARD_3}, {@link ContentSafetyFormat#NEMOTRON_3_5} or
     *     {@link ContentSafetyFormat#NEMOTRON_REASONING}
     * @return the builder, with the format's default model id
     * @throws ConfigurationException when the format is null or {@link ContentSafetyFormat#NEMOGUARD} (use
     *     {@link NemoGuardContentSafety})
     */
    public static Builder builder(ContentSafetyFormat format) {
        return new Builder(format);
    }

    /** {@return a builder holding this model's settings} */
    public Builder toBuilder() {
        Builder b = new Builder(format).from(this);
        b.reasoning = reasoning;
        b.historyTurns = historyTurns;
        b.maxTokensSet = true;
        return b;
    }

    /** {@return true when the model is asked to reason ({@code /think}, {@code enable_thinking})} */
    public boolean reasoning() {
        return reasoning;
    }

    /** {@return how many earlier user and assistant turns are sent} */
    public int historyTurns() {
        return historyTurns;
    }

    /**
     * The reasoning model's prompt template for a direction, with the switch as the placeholder
     * {@code {{ reasoning_switch }}}.
     *
     * @param direction the direction
     * @return the template
     */
    public static PromptTemplate reasoningTemplate(RailDirection direction) {
        return direction == RailDirection.INPUT ? REASONING_INPUT : REASONING_OUTPUT;
    }

    private static PromptTemplate reasoningTemplate(String resource) {
        String text = NemoGuardPrompts.resource(resource);
        if (!text.contains(SWITCH_JINJA)) {
            throw new IllegalStateException(resource + " lost its reasoning switch");
        }
        return PromptTemplate.of(text.replace(SWITCH_JINJA, "{{ " + SWITCH + " }}"))
                .withoutTrailingNewline();
    }

    /** {@return the answer format} */
    public ContentSafetyFormat format() {
        return format;
    }

    /** Both directions. */
    @Override
    public boolean supports(RailDirection direction) {
        return true;
    }

    @Override
    protected List<ChatMessage> messages(RailDirection direction, RailRequest request) {
        if (format == ContentSafetyFormat.NEMOTRON_REASONING) {
            Map<String, String> values = new HashMap<>(4);
            values.put(NemoGuardPrompts.USER_INPUT, injected(request.userMessage()));
            if (direction == RailDirection.OUTPUT) {
                values.put(
                        NemoGuardPrompts.BOT_RESPONSE, injected(request.answer().orElseThrow()));
            }
            values.put(SWITCH, reasoning ? "/think" : "/no_think");
            return List.of(ChatMessage.user(reasoningTemplate(direction).render(values)));
        }
        List<Conversation.Turn> earlier = HistoryTurns.last(request, historyTurns);
        if (earlier.isEmpty()) {
            return plainTurns(direction, request);
        }
        List<ChatMessage> turns = new ArrayList<>();
        for (Conversation.Turn t : earlier) {
            add(turns, t.role() == Conversation.Role.USER ? ChatMessage.USER : ChatMessage.ASSISTANT, t.text());
        }
        add(turns, ChatMessage.USER, request.userMessage());
        if (direction == RailDirection.OUTPUT) {
            add(turns, ChatMessage.ASSISTANT, request.answer().orElseThrow());
        }
        return turns;
    }

    /** Appends a turn; two turns of one role in a row are joined (chat templates require alternating roles). */
    private void add(List<ChatMessage> turns, String role, String text) {
        String t = injected(text);
        int last = turns.size() - 1;
        if (last >= 0 && turns.get(last).role().equals(role)) {
            turns.set(last, new ChatMessage(role, turns.get(last).content() + "\n\n" + t));
        } else {
            turns.add(new ChatMessage(role, t));
        }
    }

    /** Nemotron 3.5: {@code chat_template_kwargs} with {@code request_categories} and {@code enable_thinking}. */
    @Override
    protected Map<String, Object> extraBody(RailDirection direction) {
        if (format != ContentSafetyFormat.NEMOTRON_3_5) {
            return Map.of();
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("request_categories", "/categories");
        kwargs.put("enable_thinking", reasoning);
        return Map.of("chat_template_kwargs", kwargs);
    }

    /** The reasoning model's fixed prefix: its taxonomy, up to {@code Human user:}. */
    @Override
    public Optional<String> prefixFingerprint(RailDirection direction) {
        return format == ContentSafetyFormat.NEMOTRON_REASONING
                ? Optional.of(reasoningTemplate(direction).prefixFingerprint())
                : Optional.empty();
    }

    @Override
    protected ParsedVerdict parseText(RailDirection direction, String text) {
        return (direction == RailDirection.INPUT ? inputParser : outputParser).parse(text);
    }

    /** {@return this class, parser version 1 and the answer format: what {@link #parse} depends on} */
    @Override
    public Optional<String> parserIdentity() {
        return Optional.of(ChatTemplateContentSafety.class.getName() + "/1 format=" + format.name());
    }

    @Override
    public Optional<Taxonomy> taxonomy() {
        return Optional.of(format.taxonomy());
    }

    @Override
    public String toString() {
        return "ChatTemplateContentSafety{format=" + format.id() + ", model=" + modelId() + ", maxTokens=" + maxTokens()
                + (reasoning ? ", reasoning" : "") + '}';
    }

    /** Builds a {@link ChatTemplateContentSafety}. Mutable and not thread safe; {@link #build()} copies its state. */
    public static final class Builder extends ChatGuardModel.Builder<ChatTemplateContentSafety, Builder> {
        private final ContentSafetyFormat format;
        private boolean reasoning = DEFAULT_REASONING;
        private int historyTurns = DEFAULT_HISTORY_TURNS;
        private boolean maxTokensSet;

        private Builder(ContentSafetyFormat format) {
            super(
                    defaultModel(format),
                    DEFAULT_TEMPERATURE,
                    format == ContentSafetyFormat.NEMOTRON_REASONING
                            ? DEFAULT_REASONING_MODEL_MAX_TOKENS
                            : DEFAULT_MAX_TOKENS);
            this.format = format;
            defaultNeutralizer(
                    switch (format) {
                        case LLAMA_GUARD_3 -> LLAMA_GUARD_NEUTRALIZER;
                        case NEMOTRON_REASONING -> REASONING_NEUTRALIZER;
                        default -> GEMMA_NEUTRALIZER;
                    });
        }

        /**
         * Reasoning on or off (default {@value #DEFAULT_REASONING}, as NeMo's {@code reasoning.enabled: false}):
         * the reasoning model's prompt ends with {@code /think} instead of {@code /no_think}; Nemotron 3.5 is sent
         * {@code "enable_thinking": true}. Unless {@link #maxTokens(int)} is set, reasoning on raises
         * {@code max_tokens} to {@value #DEFAULT_REASONING_ON_MAX_TOKENS}. The trace is kept on the verdict, never
         * read as it. Llama Guard 3 has no reasoning mode: true is refused at {@link #build()}.
         *
         * @param reasoning true to ask for a reasoning trace
         * @return this
         */
        public Builder reasoning(boolean reasoning) {
            this.reasoning = reasoning;
            return this;
        }

        /**
         * How many earlier user and assistant turns are sent as plain turns before the judged one(s) (Llama Guard
         * 3, Nemotron 3.5); default {@value #DEFAULT_HISTORY_TURNS}, the last user turn only, as NeMo sends. The
         * reasoning prompt holds one user turn and one answer: it refuses a value other than 0 at {@link #build()}.
         *
         * @param historyTurns 0 to 64
         * @return this
         */
        public Builder historyTurns(int historyTurns) {
            this.historyTurns = historyTurns;
            return this;
        }

        /**
         * Sets {@code max_tokens}; an explicit value is kept whatever {@link #reasoning(boolean)} says.
         *
         * @param maxTokens {@code max_tokens}, at least 1
         * @return this
         */
        @Override
        public Builder maxTokens(int maxTokens) {
            this.maxTokensSet = true;
            return super.maxTokens(maxTokens);
        }

        private static String defaultModel(ContentSafetyFormat format) {
            if (format == null) {
                throw new ConfigurationException(
                        "format must not be null; use LLAMA_GUARD_3, NEMOTRON_3_5 or " + "NEMOTRON_REASONING");
            }
            return switch (format) {
                case LLAMA_GUARD_3 -> NemoGuardModels.LLAMA_GUARD_3;
                case NEMOTRON_3_5 -> NemoGuardModels.NEMOTRON_3_5_CONTENT_SAFETY;
                case NEMOTRON_REASONING -> NemoGuardModels.NEMOTRON_CONTENT_SAFETY_REASONING;
                case NEMOGUARD ->
                    throw new ConfigurationException("the nemoguard format renders its own prompt "
                            + "template: use NemoGuardContentSafety.builder()");
            };
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Returns the model.
         *
         * @return the model
         * @throws ConfigurationException when a setting is invalid, reasoning is on for Llama Guard 3, or
         *     historyTurns is outside 0..64 (or not 0 for the reasoning model)
         */
        @Override
        public ChatTemplateContentSafety build() {
            if (reasoning && !maxTokensSet) {
                super.maxTokens(DEFAULT_REASONING_ON_MAX_TOKENS);
            }
            validate();
            if (reasoning && format == ContentSafetyFormat.LLAMA_GUARD_3) {
                throw new ConfigurationException("Llama Guard 3 has no reasoning mode; leave reasoning(false)");
            }
            HistoryTurns.validate(historyTurns);
            if (historyTurns != 0 && format == ContentSafetyFormat.NEMOTRON_REASONING) {
                throw new ConfigurationException("the reasoning model's prompt holds one user turn and one answer; "
                        + "historyTurns must be 0, got " + historyTurns);
            }
            return new ChatTemplateContentSafety(this);
        }
    }
}
