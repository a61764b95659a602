package io.github.guardrails4j.verdict;

import java.util.List;

/**
 * What a {@link VerdictParser} read from the model's text: safe or unsafe, and the categories as written.
 * Immutable and thread safe.
 *
 * @param outcome {@link Outcome#SAFE} or {@link Outcome#UNSAFE}; never {@link Outcome#ERROR} (parsers throw)
 * @param categories the category texts exactly as the model wrote them, trimmed, empties dropped; unmodifiable
 */
public record ParsedVerdict(Outcome outcome, List<String> categories) {
    /**
     * Validates and copies.
     *
     * @param outcome {@link Outcome#SAFE} or {@link Outcome#UNSAFE}; never {@link Outcome#ERROR} (parsers throw)
     * @param categories the category texts exactly as the model wrote them, trimmed, empties dropped; unmodifiable
     * @throws IllegalArgumentException when outcome is null or {@link Outcome#ERROR}
     */
    public ParsedVerdict {
        if (outcome == null || outcome == Outcome.ERROR) {
            throw new IllegalArgumentException("a parsed verdict is SAFE or UNSAFE, got " + outcome);
        }
        categories = List.copyOf(categories);
    }

    /** {@return a safe verdict without categories} */
    public static ParsedVerdict safe() {
        return new ParsedVerdict(Outcome.SAFE, List.of());
    }

    /**
     * Returns an unsafe verdict.
     *
     * @param categories the category texts as written
     * @return an unsafe verdict
     */
    public static ParsedVerdict unsafe(List<String> categories) {
        return new ParsedVerdict(Outcome.UNSAFE, categories);
    }
}
