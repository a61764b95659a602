package io.github.guardrails4j.model.builtin;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.model.ClassifyAnswer;
import io.github.guardrails4j.model.ClassifyRequest;
import io.github.guardrails4j.model.GuardAnswer;
import io.github.guardrails4j.model.GuardModel;
import io.github.guardrails4j.model.GuardRequest;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.ParsedVerdict;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * NemoGuard JailbreakDetect, a classifier: the user's message is sent verbatim as {@code {"input": TEXT}} and the
 * answer is {@code {"jailbreak": true|false, "score": float}}. By default the model's own {@code jailbreak}
 * decision counts; with a {@link Builder#threshold(double) threshold} the score decides ({@code score >=
 * threshold} is a jailbreak). An unsafe verdict carries the category {@value #CATEGORY} and the score. Input
 * checks only. Source: the NemoGuard JailbreakDetect model card and NIM API reference (docs.nvidia.com/nim/
 * nemoguard-jailbreakdetect).
 *
 * <p>Immutable and thread safe.
 */
public final class NemoGuardJailbreakDetect implements GuardModel {
    /** The category of an unsafe verdict: {@value}. */
    public static final String CATEGORY = "jailbreak";
    /** The model id reported for this classifier: {@value}. */
    public static final String MODEL = NemoGuardModels.JAILBREAK_DETECT;

    private final Double threshold;

    private NemoGuardJailbreakDetect(Double threshold) {
        this.threshold = threshold;
    }

    /** {@return the model deciding by its own {@code jailbreak} field} */
    public static NemoGuardJailbreakDetect create() {
        return new NemoGuardJailbreakDetect(null);
    }

    /** {@return a builder with the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this model's settings} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.threshold = threshold;
        return b;
    }

    /** {@return this class, parser version 1 and the threshold: what {@link #parse} depends on} */
    @Override
    public Optional<String> parserIdentity() {
        return Optional.of(NemoGuardJailbreakDetect.class.getName() + "/1 threshold=" + threshold);
    }

    /** {@return the score threshold, or empty when the model's own decision counts} */
    public OptionalDouble threshold() {
        return threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold);
    }

    @Override
    public String modelId() {
        return MODEL;
    }

    /** Input checks only: the classifier judges user messages. */
    @Override
    public boolean supports(RailDirection direction) {
        return direction == RailDirection.INPUT;
    }

    @Override
    public GuardRequest render(RailDirection direction, RailRequest request) {
        return new ClassifyRequest(request.userMessage());
    }

    /**
     * Reads {@code jailbreak} (required, a boolean) and {@code score} (a number, optional unless a threshold is
     * set).
     *
     * @throws GuardProtocolException when the answer is not a classification, {@code jailbreak} is missing or not
     *     a boolean, {@code score} is not a number, or a threshold is set and {@code score} is missing
     */
    @Override
    public ParsedVerdict parse(RailDirection direction, GuardAnswer answer) {
        if (!(answer instanceof ClassifyAnswer)) {
            throw new GuardProtocolException(
                    "jailbreak detection answers classifications, got a "
                            + answer.getClass().getSimpleName(),
                    null);
        }
        ClassifyAnswer c = (ClassifyAnswer) answer;
        Object jailbreak = c.fields().get("jailbreak");
        if (!(jailbreak instanceof Boolean)) {
            throw new GuardProtocolException(
                    "expected a boolean \"jailbreak\" in the classification, got "
                            + (jailbreak == null ? "none" : jailbreak.getClass().getSimpleName())
                            + "; check that the URL is a NemoGuard JailbreakDetect endpoint",
                    null);
        }
        Object rawScore = c.fields().get("score");
        if (rawScore != null && !(rawScore instanceof Number)) {
            throw new GuardProtocolException(
                    "expected a number \"score\" in the classification, got "
                            + rawScore.getClass().getSimpleName(),
                    null);
        }
        Double score = rawScore == null ? null : ((Number) rawScore).doubleValue();
        boolean unsafe;
        if (threshold == null) {
            unsafe = (Boolean) jailbreak;
        } else if (score == null) {
            throw new GuardProtocolException(
                    "a score threshold is set but the classification has no \"score\"; remove threshold(...) or "
                            + "check the endpoint",
                    null);
        } else {
            unsafe = score >= threshold;
        }
        return new ParsedVerdict(unsafe ? Outcome.UNSAFE : Outcome.SAFE, unsafe ? List.of(CATEGORY) : List.of(), score);
    }

    @Override
    public String toString() {
        return "NemoGuardJailbreakDetect{" + (threshold == null ? "" : "threshold=" + threshold) + '}';
    }

    /** Builds a {@link NemoGuardJailbreakDetect}. Mutable and not thread safe. */
    public static final class Builder {
        private Double threshold;

        private Builder() {}

        /**
         * Decide by score instead of the model's own decision: {@code score >= threshold} is a jailbreak.
         * Default: none.
         *
         * @param threshold between -1 and 1 (the model's score range)
         * @return this
         */
        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * Returns the model.
         *
         * @return the model
         * @throws ConfigurationException when the threshold is outside -1 to 1
         */
        public NemoGuardJailbreakDetect build() {
            if (threshold != null && !(threshold >= -1 && threshold <= 1)) {
                throw new ConfigurationException(
                        "threshold must be between -1 and 1 (the model's score range), got " + threshold);
            }
            return new NemoGuardJailbreakDetect(threshold);
        }
    }
}
