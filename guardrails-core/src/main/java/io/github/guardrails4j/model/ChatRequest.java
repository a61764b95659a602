package io.github.guardrails4j.model;

import io.github.guardrails4j.exception.ConfigurationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code POST /v1/chat/completions} request. Serialised as {@code {"model", "messages", "temperature",
 * "max_tokens"}} in that order, omitting null fields, then the {@link #extraBody()} fields in their order (for
 * example {@code chat_template_kwargs}); a streamed call adds {@code "stream": true} and
 * {@code "stream_options": {"include_usage": true}} last. Immutable and thread safe.
 *
 * @param model the served model id; never null
 * @param messages the messages, in order; at least one; copied
 * @param temperature the sampling temperature, or null to omit it (the server's default applies)
 * @param maxTokens the most tokens to generate ({@code max_tokens}), or null to omit it
 * @param extraBody more top-level body fields, in order (values: strings, numbers, booleans, null, lists and maps
 *     of those); copied; empty for none
 */
public record ChatRequest(
        String model, List<ChatMessage> messages, Double temperature, Integer maxTokens, Map<String, Object> extraBody)
        implements GuardRequest {
    /**
     * Validates and copies.
     *
     * @param model the served model id; never null
     * @param messages the messages, in order; at least one; copied
     * @param temperature the sampling temperature, or null to omit it (the server's default applies)
     * @param maxTokens the most tokens to generate ({@code max_tokens}), or null to omit it
     * @param extraBody more top-level body fields, in order (values: strings, numbers, booleans, null, lists and maps of those); copied; empty for none
     * @throws NullPointerException when model, messages (or a message) or extraBody is null
     * @throws ConfigurationException when messages is empty, temperature is negative or not finite, maxTokens is
     *     below 1, or an extra field repeats a standard one
     */
    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new ConfigurationException("a chat completion needs at least one message");
        }
        if (temperature != null && (!Double.isFinite(temperature) || temperature < 0)) {
            throw new ConfigurationException("temperature must be finite and >= 0, got " + temperature);
        }
        if (maxTokens != null && maxTokens < 1) {
            throw new ConfigurationException("maxTokens must be >= 1, got " + maxTokens);
        }
        for (String key : List.of("model", "messages", "temperature", "max_tokens", "stream", "stream_options")) {
            if (extraBody.containsKey(key)) {
                throw new ConfigurationException("extraBody must not repeat the standard field \"" + key
                        + "\"; set it through the request's own component");
            }
        }
        extraBody = extraBody.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraBody));
    }

    /**
     * A request with no extra fields.
     *
     * @param model the model id
     * @param messages the messages
     * @param temperature the temperature, or null
     * @param maxTokens {@code max_tokens}, or null
     * @return the request
     * @throws ConfigurationException as the canonical constructor
     */
    public static ChatRequest of(String model, List<ChatMessage> messages, Double temperature, Integer maxTokens) {
        return new ChatRequest(model, messages, temperature, maxTokens, Map.of());
    }
}
