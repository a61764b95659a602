package io.github.guardrails4j.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the {@link NimSimulator} takes to answer one chat completion: a pure function of the
 * token counts, modelled on an 8B guard model on one modern GPU.
 *
 * <p>The latency of one call is
 * {@code fixedPerCall + perUncachedPromptToken * max(0, uncachedPromptTokens - freeUncachedPromptTokens)
 * + perGeneratedToken * completionTokens}. The first two terms form the {@linkplain #prefill(int)
 * prefill} (time to first token); the last one is the {@linkplain #decode(int) decode} time.
 *
 * <p>Presets: {@link #none()} (zero, the simulator's default so that unit tests are fast),
 * {@link #fixed(Duration)} and {@link #realistic()} (numbers from the reference notes, section 7:
 * 7.5 ms per forward pass, 0.03 ms per uncached prompt token beyond the first 200, 5 ms per
 * generated token).
 *
 * <h2>Thread safety</h2>
 * Immutable and thread safe. Derive variants with {@link #toBuilder()}.
 */
public final class LatencyModel {

    /** Fixed cost of the {@link #realistic()} preset: 7.5 ms per call. */
    public static final Duration REALISTIC_FIXED_PER_CALL = Duration.ofNanos(7_500_000);
    /** Prompt cost of the {@link #realistic()} preset: 0.03 ms per uncached prompt token. */
    public static final Duration REALISTIC_PER_UNCACHED_PROMPT_TOKEN = Duration.ofNanos(30_000);
    /** Free prompt tokens of the {@link #realistic()} preset: 200 (they fit in the fixed pass). */
    public static final int REALISTIC_FREE_UNCACHED_PROMPT_TOKENS = 200;
    /** Decode cost of the {@link #realistic()} preset: 5 ms per generated token. */
    public static final Duration REALISTIC_PER_GENERATED_TOKEN = Duration.ofMillis(5);

    private static final LatencyModel NONE = builder().build();

    private final Duration fixedPerCall;
    private final Duration perUncachedPromptToken;
    private final int freeUncachedPromptTokens;
    private final Duration perGeneratedToken;

    private LatencyModel(Builder builder) {
        this.fixedPerCall = builder.fixedPerCall;
        this.perUncachedPromptToken = builder.perUncachedPromptToken;
        this.freeUncachedPromptTokens = builder.freeUncachedPromptTokens;
        this.perGeneratedToken = builder.perGeneratedToken;
    }

    /**
     * A model with no latency at all: answers are sent as soon as they are computed.
     *
     * @return the zero model (a shared instance)
     */
    public static LatencyModel none() {
        return NONE;
    }

    /**
     * A model where every call takes the same time, whatever its token counts.
     *
     * @param perCall the latency of every call; zero or positive
     * @return a model with only a fixed per-call cost
     * @throws IllegalArgumentException if {@code perCall} is negative
     * @throws NullPointerException if {@code perCall} is null
     */
    public static LatencyModel fixed(Duration perCall) {
        return builder().fixedPerCall(perCall).build();
    }

    /**
     * The realistic preset for an 8B guard on one GPU: {@link #REALISTIC_FIXED_PER_CALL},
     * {@link #REALISTIC_PER_UNCACHED_PROMPT_TOKEN} beyond {@link
     * #REALISTIC_FREE_UNCACHED_PROMPT_TOKENS} tokens, {@link #REALISTIC_PER_GENERATED_TOKEN}.
     *
     * @return the realistic model
     */
    public static LatencyModel realistic() {
        return builder()
                .fixedPerCall(REALISTIC_FIXED_PER_CALL)
                .perUncachedPromptToken(REALISTIC_PER_UNCACHED_PROMPT_TOKEN)
                .freeUncachedPromptTokens(REALISTIC_FREE_UNCACHED_PROMPT_TOKENS)
                .perGeneratedToken(REALISTIC_PER_GENERATED_TOKEN)
                .build();
    }

    /**
     * Starts a builder whose every cost is zero.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a builder holding this model's values.
     *
     * @return a new builder initialised from this model
     */
    public Builder toBuilder() {
        return new Builder()
                .fixedPerCall(fixedPerCall)
                .perUncachedPromptToken(perUncachedPromptToken)
                .freeUncachedPromptTokens(freeUncachedPromptTokens)
                .perGeneratedToken(perGeneratedToken);
    }

    /**
     * Time to first token: {@code fixedPerCall + perUncachedPromptToken * max(0, uncachedPromptTokens
     * - freeUncachedPromptTokens)}.
     *
     * @param uncachedPromptTokens prompt tokens that were not served from the prefix cache; 0 or more
     * @return the prefill latency, never negative
     * @throws IllegalArgumentException if {@code uncachedPromptTokens} is negative
     */
    public Duration prefill(int uncachedPromptTokens) {
        requireNonNegative("uncachedPromptTokens", uncachedPromptTokens);
        int billable = Math.max(0, uncachedPromptTokens - freeUncachedPromptTokens);
        return fixedPerCall.plus(perUncachedPromptToken.multipliedBy(billable));
    }

    /**
     * Decode time: {@code perGeneratedToken * completionTokens}.
     *
     * @param completionTokens generated tokens, including the end token; 0 or more
     * @return the decode latency, never negative
     * @throws IllegalArgumentException if {@code completionTokens} is negative
     */
    public Duration decode(int completionTokens) {
        requireNonNegative("completionTokens", completionTokens);
        return perGeneratedToken.multipliedBy(completionTokens);
    }

    /**
     * Whole latency of one call: {@link #prefill(int) prefill(promptTokens - cachedTokens)} plus
     * {@link #decode(int) decode(completionTokens)}.
     *
     * @param promptTokens all prompt tokens; 0 or more
     * @param cachedTokens prompt tokens served from the prefix cache; between 0 and {@code promptTokens}
     * @param completionTokens generated tokens including the end token; 0 or more
     * @return the total latency, never negative
     * @throws IllegalArgumentException if a count is negative or {@code cachedTokens > promptTokens}
     */
    public Duration latency(int promptTokens, int cachedTokens, int completionTokens) {
        requireNonNegative("promptTokens", promptTokens);
        requireNonNegative("cachedTokens", cachedTokens);
        if (cachedTokens > promptTokens) {
            throw new IllegalArgumentException("cachedTokens must not exceed promptTokens, got cachedTokens="
                    + cachedTokens + " and promptTokens=" + promptTokens);
        }
        return prefill(promptTokens - cachedTokens).plus(decode(completionTokens));
    }

    /** {@return the fixed cost of every call (one forward pass); never negative} */
    public Duration fixedPerCall() {
        return fixedPerCall;
    }

    /** {@return the cost of each uncached prompt token beyond {@link #freeUncachedPromptTokens()}} */
    public Duration perUncachedPromptToken() {
        return perUncachedPromptToken;
    }

    /** {@return how many uncached prompt tokens are covered by the fixed cost, in tokens} */
    public int freeUncachedPromptTokens() {
        return freeUncachedPromptTokens;
    }

    /** {@return the cost of each generated token, end token included} */
    public Duration perGeneratedToken() {
        return perGeneratedToken;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LatencyModel)) {
            return false;
        }
        LatencyModel that = (LatencyModel) o;
        return freeUncachedPromptTokens == that.freeUncachedPromptTokens
                && fixedPerCall.equals(that.fixedPerCall)
                && perUncachedPromptToken.equals(that.perUncachedPromptToken)
                && perGeneratedToken.equals(that.perGeneratedToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fixedPerCall, perUncachedPromptToken, freeUncachedPromptTokens, perGeneratedToken);
    }

    @Override
    public String toString() {
        return "LatencyModel{fixedPerCall=" + fixedPerCall + ", perUncachedPromptToken=" + perUncachedPromptToken
                + ", freeUncachedPromptTokens=" + freeUncachedPromptTokens + ", perGeneratedToken=" + perGeneratedToken
                + '}';
    }

    private static void requireNonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more, got " + value);
        }
    }

    private static Duration requireNonNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, got " + value);
        }
        return value;
    }

    /**
     * Builds a {@link LatencyModel}; every cost defaults to zero.
     *
     * <p>Mutable and not thread safe.
     */
    public static final class Builder {
        private Duration fixedPerCall = Duration.ZERO;
        private Duration perUncachedPromptToken = Duration.ZERO;
        private int freeUncachedPromptTokens;
        private Duration perGeneratedToken = Duration.ZERO;

        private Builder() {}

        /**
         * Sets the fixed cost of every call. Default zero.
         *
         * @param value zero or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder fixedPerCall(Duration value) {
            this.fixedPerCall = requireNonNegative("fixedPerCall", value);
            return this;
        }

        /**
         * Sets the cost of each uncached prompt token beyond the free ones. Default zero.
         *
         * @param value zero or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder perUncachedPromptToken(Duration value) {
            this.perUncachedPromptToken = requireNonNegative("perUncachedPromptToken", value);
            return this;
        }

        /**
         * Sets how many uncached prompt tokens cost nothing beyond the fixed cost. Default 0.
         *
         * @param tokens 0 or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder freeUncachedPromptTokens(int tokens) {
            requireNonNegative("freeUncachedPromptTokens", tokens);
            this.freeUncachedPromptTokens = tokens;
            return this;
        }

        /**
         * Sets the cost of each generated token (the end token included). Default zero.
         *
         * @param value zero or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder perGeneratedToken(Duration value) {
            this.perGeneratedToken = requireNonNegative("perGeneratedToken", value);
            return this;
        }

        /**
         * Builds the immutable model.
         *
         * @return a new model
         */
        public LatencyModel build() {
            return new LatencyModel(this);
        }
    }
}
