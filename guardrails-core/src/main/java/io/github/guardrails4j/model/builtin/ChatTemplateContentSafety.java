package io.github.guardrails4j.model.builtin;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.ChatGuardModel;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.Taxonomy;
import io.github.guardrails4j.verdict.VerdictParser;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import java.util.List;
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
 *       {@link Taxonomy#NEMOGUARD} (model card on build.nvidia.com);</li>
 *   <li>{@link #nemotronReasoning()}: Nemotron Content Safety Reasoning 4B, {@code Prompt harm: harmful} after an
 *       optional think block, {@link Taxonomy#NEMOGUARD} (model card on huggingface.co/nvidia).</li>
 * </ul>
 *
 * <p>The parsers, one per format and direction, are {@link ContentSafetyFormat#parser(RailDirection)}. The
 * NemoGuard JSON format, which renders its own prompt template, is {@link NemoGuardContentSafety}. Immutable and
 * thread safe.
 */
public final class ChatTemplateContentSafety extends ChatGuardModel {
    /** Default {@code max_tokens}: {@value}. */
    public static final int DEFAULT_MAX_TOKENS = 50;
    /** Default temperature (effectively greedy): {@value}. */
    public static final double DEFAULT_TEMPERATURE = 1e-20;

    private final ContentSafetyFormat format;
    private final VerdictParser inputParser;
    private final VerdictParser outputParser;

    private ChatTemplateContentSafety(Builder b) {
        super(b);
        this.format = b.format;
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
        return new Builder(format).from(this);
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
        return plainTurns(direction, request);
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
                + '}';
    }

    /** Builds a {@link ChatTemplateContentSafety}. Mutable and not thread safe; {@link #build()} copies its state. */
    public static final class Builder extends ChatGuardModel.Builder<ChatTemplateContentSafety, Builder> {
        private final ContentSafetyFormat format;

        private Builder(ContentSafetyFormat format) {
            super(defaultModel(format), DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS);
            this.format = format;
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

        @Override
        public ChatTemplateContentSafety build() {
            validate();
            return new ChatTemplateContentSafety(this);
        }
    }
}
