package io.github.guardrails4j.testkit;

import java.util.Objects;

/**
 * One message of the conversation a request sends to the simulated application model, as an {@link
 * ApplicationModel} sees it.
 *
 * <h2>Thread safety</h2>
 * Immutable and thread safe.
 *
 * @param role the role as sent: {@code system}, {@code user}, {@code assistant}, {@code tool} or another
 * @param content the text content; the text parts concatenated when the content is an array of parts (other
 *     parts, such as images, are left out); empty when the content is null, e.g. an assistant message with only
 *     tool calls
 */
public record ApplicationMessage(String role, String content) {

    /**
     * Creates a message.
     *
     * @param role the role as sent: {@code system}, {@code user}, {@code assistant}, {@code tool} or another
     * @param content the text content; the text parts concatenated when the content is an array of parts (other parts, such as images, are left out); empty when the content is null, e.g. an assistant message with only tool calls
     * @throws NullPointerException if an argument is null
     */
    public ApplicationMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }
}
