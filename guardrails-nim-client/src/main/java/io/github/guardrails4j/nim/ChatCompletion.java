package io.github.guardrails4j.nim;

import io.github.guardrails4j.verdict.TokenUsage;
import java.util.Optional;

/**
 * The parts of a chat completion answer the rails use: the first choice's text, why generation stopped, and the
 * token usage. Immutable and thread safe.
 *
 * @param content {@code choices[0].message.content} exactly as received, or null when the server sent none
 * @param finishReason {@code choices[0].finish_reason} ({@code stop}, {@code length}...), or null when absent
 * @param usage the reported usage, or null when the server sent none; its cached count is unknown (empty) when
 *        {@code usage.prompt_tokens_details.cached_tokens} was absent or null
 */
public record ChatCompletion(String content, String finishReason, TokenUsage usage) {
    /** {@code finish_reason} of an answer cut at {@code max_tokens}: {@value}. */
    public static final String FINISH_LENGTH = "length";

    /** {@return true when generation stopped at {@code max_tokens} ({@code finish_reason == "length"})} */
    public boolean truncated() {
        return FINISH_LENGTH.equals(finishReason);
    }

    /** {@return the usage, or empty when the server reported none} */
    public Optional<TokenUsage> usageIfKnown() {
        return Optional.ofNullable(usage);
    }
}
