package io.github.guardrails4j.testkit.internal;

import java.util.Objects;

/**
 * One message of a chat completion request.
 *
 * <p>Immutable and thread safe. Internal to the simulator; not an API.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or another role as sent
 * @param content the text content (text parts concatenated)
 */
public record ChatMessage(String role, String content) {

    /** @throws NullPointerException if an argument is null */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
