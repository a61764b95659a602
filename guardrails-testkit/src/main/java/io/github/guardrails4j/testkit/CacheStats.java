package io.github.guardrails4j.testkit;

/**
 * Prefix-cache counters of a {@link NimSimulator}, in tokens, since it started or since the last
 * {@link NimSimulator#resetCache()}.
 *
 * <h2>Thread safety</h2>
 * Immutable snapshot; thread safe.
 *
 * @param hitTokens prompt tokens served from the cache (the sum of reported {@code cached_tokens})
 * @param lookupTokens prompt tokens looked up (the sum of {@code prompt_tokens} of chat completions)
 */
public record CacheStats(long hitTokens, long lookupTokens) {

    /**
     * The share of looked-up prompt tokens that were cached.
     *
     * @return {@code hitTokens / lookupTokens}, 0.0 when nothing was looked up
     */
    public double hitRate() {
        return lookupTokens == 0 ? 0.0 : (double) hitTokens / lookupTokens;
    }
}
