package io.github.guardrails4j.model.builtin;

import io.github.guardrails4j.model.ChatGuardModel;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.Taxonomy;
import io.github.guardrails4j.verdict.parser.NemotronReasoningParser;
import java.util.List;
import java.util.Optional;

/**
 * Nemotron Content Safety Reasoning 4B: the check is sent as plain conversation turns (the user's message, then for an output check the answer as an
 * assistant turn) and the server applies the model's own chat template; the answer is {@code Prompt harm: harmful} (after an optional think block), read by
 * {@link NemotronReasoningParser}. Categories map to {@link Taxonomy#NEMOGUARD}.
 *
 * <p>Source: the Nemotron Content Safety Reasoning 4B model card on huggingface.co/nvidia.
 *
 * <p>Immutable and thread safe.
 */
public final class NemotronContentSafetyReasoning extends ChatGuardModel {
    /** Default model: {@value}. */
    public static final String DEFAULT_MODEL = NemoGuardModels.NEMOTRON_CONTENT_SAFETY_REASONING;
    /** Default {@code max_tokens}: {@value}. */
    public static final int DEFAULT_MAX_TOKENS = 50;
    /** Default temperature (effectively greedy): {@value}. */
    public static final double DEFAULT_TEMPERATURE = 1e-20;

    private static final NemotronReasoningParser INPUT_PARSER = NemotronReasoningParser.forPrompt();
    private static final NemotronReasoningParser OUTPUT_PARSER = NemotronReasoningParser.forResponse();

    private NemotronContentSafetyReasoning(Builder b) {
        super(b);
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the model with every default} */
    public static NemotronContentSafetyReasoning create() {
        return builder().build();
    }

    /** {@return a builder holding this model's settings} */
    public Builder toBuilder() {
        return new Builder().from(this);
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
        return (direction == RailDirection.INPUT ? INPUT_PARSER : OUTPUT_PARSER).parse(text);
    }

    @Override
    public Optional<Taxonomy> taxonomy() {
        return Optional.of(Taxonomy.NEMOGUARD);
    }

    /** Builds a {@link NemotronContentSafetyReasoning}. Mutable and not thread safe; {@link #build()} copies its state. */
    public static final class Builder extends ChatGuardModel.Builder<NemotronContentSafetyReasoning, Builder> {
        private Builder() {
            super(DEFAULT_MODEL, DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public NemotronContentSafetyReasoning build() {
            validate();
            return new NemotronContentSafetyReasoning(this);
        }
    }
}
