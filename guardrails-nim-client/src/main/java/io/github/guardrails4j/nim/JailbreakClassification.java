package io.github.guardrails4j.nim;

import java.util.OptionalDouble;

/**
 * The answer of NemoGuard JailbreakDetect: {@code {"jailbreak": true|false, "score": float}}. Immutable and thread
 * safe.
 *
 * @param jailbreak the model's decision
 * @param score the model's score, -1 to 1 (higher is more likely a jailbreak), or null when the server sent none
 */
public record JailbreakClassification(boolean jailbreak, Double score) {
    /** {@return the score, or empty when the server sent none} */
    public OptionalDouble scoreIfKnown() {
        return score == null ? OptionalDouble.empty() : OptionalDouble.of(score);
    }
}
