package io.github.guardrails4j.testkit;

import io.github.guardrails4j.testkit.internal.KeywordClassifier;

/**
 * The verdict the {@link NimSimulator}'s content-safety models give a text, for tests and load generators that
 * need the expected verdict of each prompt without a call: the simulator's fixed keyword table (a deterministic
 * keyword match, not a safety model).
 *
 * <p>Stateless and thread safe.
 */
public final class SimContentSafety {
    private SimContentSafety() {}

    /**
     * Tells whether the simulated content-safety models call a text unsafe: true when it contains a keyword of
     * the simulator's table, in any of its content-safety formats (user prompt or LLM answer alike).
     *
     * @param text any text; null counts as empty (safe)
     * @return whether the simulator flags the text
     */
    public static boolean isUnsafe(String text) {
        return KeywordClassifier.instance().classify(text).unsafe();
    }
}
