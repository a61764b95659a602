package io.github.guardrails4j.verdict;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Token counts the guard server reported for one call ({@code usage} in the OpenAI-compatible response).
 *
 * <p>{@code cachedPromptTokens} comes from {@code usage.prompt_tokens_details.cached_tokens}, which many servers
 * omit or send as null: absent means <em>unknown</em>, never zero. Immutable and thread safe.
 */
public final class TokenUsage {
    private final int promptTokens;
    private final int completionTokens;
    private final Integer cachedPromptTokens;

    private TokenUsage(int promptTokens, int completionTokens, Integer cachedPromptTokens) {
        if (promptTokens < 0 || completionTokens < 0 || (cachedPromptTokens != null && cachedPromptTokens < 0)) {
            throw new IllegalArgumentException("token counts must be >= 0, got prompt=" + promptTokens + " completion="
                    + completionTokens + " cached=" + cachedPromptTokens);
        }
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.cachedPromptTokens = cachedPromptTokens;
    }

    /**
     * Creates a usage record.
     *
     * @param promptTokens prompt tokens, {@code >= 0}
     * @param completionTokens generated tokens, {@code >= 0}
     * @param cachedPromptTokens prompt tokens served from the prefix cache, or null when the server did not say
     * @return the usage
     * @throws IllegalArgumentException when a count is negative
     */
    public static TokenUsage of(int promptTokens, int completionTokens, Integer cachedPromptTokens) {
        return new TokenUsage(promptTokens, completionTokens, cachedPromptTokens);
    }

    /** {@return prompt tokens, as the server counted them (tokens)} */
    public int promptTokens() {
        return promptTokens;
    }

    /** {@return generated tokens, including the end token when the server counts it (tokens)} */
    public int completionTokens() {
        return completionTokens;
    }

    /** {@return prompt tokens reused from the KV cache (tokens), or empty when the server did not report them} */
    public OptionalInt cachedPromptTokens() {
        return cachedPromptTokens == null ? OptionalInt.empty() : OptionalInt.of(cachedPromptTokens);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenUsage
                && ((TokenUsage) o).promptTokens == promptTokens
                && ((TokenUsage) o).completionTokens == completionTokens
                && Objects.equals(((TokenUsage) o).cachedPromptTokens, cachedPromptTokens);
    }

    @Override
    public int hashCode() {
        return Objects.hash(promptTokens, completionTokens, cachedPromptTokens);
    }

    @Override
    public String toString() {
        return "TokenUsage{prompt=" + promptTokens + ", completion=" + completionTokens + ", cached="
                + (cachedPromptTokens == null ? "unknown" : cachedPromptTokens) + '}';
    }
}
