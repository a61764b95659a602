package io.github.guardrails4j.nim;

import java.util.List;
import java.util.Objects;

/**
 * A {@code POST /v1/chat/completions} request. Serialised as {@code {"model", "messages", "temperature",
 * "max_tokens", "stream"}} in that order, omitting null fields. Immutable and thread safe.
 *
 * @param model the served model id, for example {@link NemoGuardModels#CONTENT_SAFETY}; never null
 * @param messages the messages, in order; at least one; copied
 * @param temperature the sampling temperature, or null to omit it (the server's default applies)
 * @param maxTokens the most tokens to generate ({@code max_tokens}), or null to omit it
 * @param stream the {@code stream} flag, or null to omit it (non-streaming)
 */
public record ChatCompletionRequest(
        String model, List<ChatMessage> messages, Double temperature, Integer maxTokens, Boolean stream) {
    /**
     * Validates and copies.
     *
     * @param model the served model id, for example {@link NemoGuardModels#CONTENT_SAFETY}; never null
     * @param messages the messages, in order; at least one; copied
     * @param temperature the sampling temperature, or null to omit it (the server's default applies)
     * @param maxTokens the most tokens to generate ({@code max_tokens}), or null to omit it
     * @param stream the {@code stream} flag, or null to omit it (non-streaming)
     * @throws NullPointerException when model or messages (or a message) is null
     * @throws IllegalArgumentException when messages is empty, temperature is negative or not finite, or maxTokens
     *         is below 1
     */
    public ChatCompletionRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat completion needs at least one message");
        }
        if (temperature != null && (!Double.isFinite(temperature) || temperature < 0)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        }
    }

    /**
     * A non-streaming request.
     *
     * @param model the model id
     * @param messages the messages
     * @param temperature the temperature, or null
     * @param maxTokens {@code max_tokens}, or null
     * @return the request, without a {@code stream} key
     */
    public static ChatCompletionRequest of(
            String model, List<ChatMessage> messages, Double temperature, Integer maxTokens) {
        return new ChatCompletionRequest(model, messages, temperature, maxTokens, null);
    }
}
