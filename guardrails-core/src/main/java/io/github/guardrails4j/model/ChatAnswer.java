package io.github.guardrails4j.model;

import io.github.guardrails4j.verdict.TokenUsage;
import java.util.Optional;

/**
 * The parts of a chat completion answer a guard reads: the first choice's text, why generation stopped, and the
 * token usage. Immutable and thread safe.
 *
 * @param content {@code choices[0].message.content} exactly as received (for a stream, the deltas joined), or null
 *     when the server sent none
 * @param finishReason {@code choices[0].finish_reason} ({@code stop}, {@code length}...), or null when absent (a
 *     stream that was cut)
 * @param usage the reported usage, or null when the server sent none; its cached count is unknown (empty) when
 *     {@code usage.prompt_tokens_details.cached_tokens} was absent or null
 */
public record ChatAnswer(String content, String finishReason, TokenUsage usage) implements GuardAnswer {
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
