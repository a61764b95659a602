package io.github.guardrails4j.model.builtin;

import io.github.guardrails4j.model.ChatGuardModel;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.Taxonomy;
import io.github.guardrails4j.verdict.parser.LlamaGuard3Parser;
import java.util.List;
import java.util.Optional;

/**
 * Meta Llama Guard 3 8B: the check is sent as plain conversation turns (the user's message, then for an output check the answer as an
 * assistant turn) and the server applies the model's own chat template; the answer is {@code safe} or {@code unsafe} with a line of codes such as {@code S1,S10}, read by
 * {@link LlamaGuard3Parser}. Categories map to {@link Taxonomy#LLAMA_GUARD_3}.
 *
 * <p>Source: the Llama Guard 3 model card (huggingface.co/meta-llama/Llama-Guard-3-8B).
 *
 * <p>Immutable and thread safe.
 */
public final class LlamaGuard3 extends ChatGuardModel {
    /** Default model: {@value}. */
    public static final String DEFAULT_MODEL = NemoGuardModels.LLAMA_GUARD_3;
    /** Default {@code max_tokens}: {@value}. */
    public static final int DEFAULT_MAX_TOKENS = 50;
    /** Default temperature (effectively greedy): {@value}. */
    public static final double DEFAULT_TEMPERATURE = 1e-20;

    private static final LlamaGuard3Parser INPUT_PARSER = LlamaGuard3Parser.create();
    private static final LlamaGuard3Parser OUTPUT_PARSER = LlamaGuard3Parser.create();

    private LlamaGuard3(Builder b) {
        super(b);
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the model with every default} */
    public static LlamaGuard3 create() {
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
        return Optional.of(Taxonomy.LLAMA_GUARD_3);
    }

    /** Builds a {@link LlamaGuard3}. Mutable and not thread safe; {@link #build()} copies its state. */
    public static final class Builder extends ChatGuardModel.Builder<LlamaGuard3, Builder> {
        private Builder() {
            super(DEFAULT_MODEL, DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        public LlamaGuard3 build() {
            validate();
            return new LlamaGuard3(this);
        }
    }
}
