package io.github.guardrails4j.cli;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;

/**
 * One chunk check of a replayed stream that passed, as {@code check --stream --format jsonl} prints it in the
 * {@code stream.checks} array. Immutable.
 *
 * @param chunk the 0-based chunk index
 * @param characters the answer characters the check sent
 * @param promptTokens prompt tokens over every output rail of the check (as the guard servers reported)
 * @param cachedTokens of those, tokens the servers reported as cached ({@code cached_tokens}; 0 when not reported)
 * @param latencyNanos the check's latency
 */
record ChunkCheck(int chunk, int characters, int promptTokens, int cachedTokens, long latencyNanos) {
    /**
     * Sums the token usage of a check's verdicts.
     *
     * @param chunk the chunk index
     * @param characters the answer characters sent
     * @param result the check's result
     * @return the entry
     */
    static ChunkCheck of(int chunk, int characters, GuardResult result) {
        int prompt = 0;
        int cached = 0;
        for (Verdict v : result.verdicts()) {
            if (v.usage().isPresent()) {
                TokenUsage u = v.usage().get();
                prompt += u.promptTokens();
                cached += u.cachedPromptTokens().orElse(0);
            }
        }
        return new ChunkCheck(
                chunk, characters, prompt, cached, result.latency().toNanos());
    }

    /** {@return prompt tokens the servers computed: prompt minus cached} */
    int uncachedTokens() {
        return promptTokens - cachedTokens;
    }
}
