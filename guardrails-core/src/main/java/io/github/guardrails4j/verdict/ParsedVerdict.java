package io.github.guardrails4j.verdict;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What a {@link VerdictParser} read from the model's text: safe or unsafe, and the categories as written.
 * Immutable and thread safe.
 *
 * @param outcome {@link Outcome#SAFE} or {@link Outcome#UNSAFE}; never {@link Outcome#ERROR} (parsers throw)
 * @param categories the category texts exactly as the model wrote them, trimmed, empties dropped; unmodifiable
 * @param score the model's score where its format has one (jailbreak detection: -1 to 1), else null
 */
public record ParsedVerdict(Outcome outcome, List<String> categories, Double score) {
    /**
     * Validates and copies.
     *
     * @param outcome {@link Outcome#SAFE} or {@link Outcome#UNSAFE}; never {@link Outcome#ERROR} (parsers throw)
     * @param categories the category texts exactly as the model wrote them, trimmed, empties dropped; unmodifiable
     * @param score the model's score where its format has one (jailbreak detection: -1 to 1), else null
     * @throws IllegalArgumentException when outcome is null or {@link Outcome#ERROR}
     */
    public ParsedVerdict {
        if (outcome == null || outcome == Outcome.ERROR) {
            throw new IllegalArgumentException("a parsed verdict is SAFE or UNSAFE, got " + outcome);
        }
        categories = List.copyOf(categories);
    }

    /**
     * A verdict without a score.
     *
     * @param outcome {@link Outcome#SAFE} or {@link Outcome#UNSAFE}
     * @param categories the category texts as written
     * @throws IllegalArgumentException when outcome is null or {@link Outcome#ERROR}
     */
    public ParsedVerdict(Outcome outcome, List<String> categories) {
        this(outcome, categories, null);
    }

    /** {@return the score, or empty when the format has none} */
    public OptionalDouble scoreIfKnown() {
        return score == null ? OptionalDouble.empty() : OptionalDouble.of(score);
    }

    /** {@return a safe verdict without categories} */
    public static ParsedVerdict safe() {
        return new ParsedVerdict(Outcome.SAFE, List.of());
    }

    /**
     * Sets categories.
     *
     * @param categories the category texts as written
     * @return an unsafe verdict
     */
    public static ParsedVerdict unsafe(List<String> categories) {
        return new ParsedVerdict(Outcome.UNSAFE, categories);
    }
}
