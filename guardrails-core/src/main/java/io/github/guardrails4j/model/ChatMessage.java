package io.github.guardrails4j.model;

import java.util.Objects;

/**
 * One message of a chat completion request, exactly as sent. Immutable and thread safe. {@link #toString()} never
 * prints the content.
 *
 * @param role {@value #SYSTEM}, {@value #USER} or {@value #ASSISTANT}
 * @param content the text, verbatim
 */
public record ChatMessage(String role, String content) {
    /** The system role: {@value}. */
    public static final String SYSTEM = "system";
    /** The user role: {@value}. */
    public static final String USER = "user";
    /** The assistant role: {@value}. */
    public static final String ASSISTANT = "assistant";

    /**
     * Checks for nulls.
     *
     * @param role {@value #SYSTEM}, {@value #USER} or {@value #ASSISTANT}
     * @param content the text, verbatim
     * @throws NullPointerException when role or content is null
     */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /**
     * Sets content.
     *
     * @param content the text
     * @return a system message
     */
    public static ChatMessage system(String content) {
        return new ChatMessage(SYSTEM, content);
    }

    /**
     * Sets content.
     *
     * @param content the text
     * @return a user message
     */
    public static ChatMessage user(String content) {
        return new ChatMessage(USER, content);
    }

    /**
     * Sets content.
     *
     * @param content the text
     * @return an assistant message
     */
    public static ChatMessage assistant(String content) {
        return new ChatMessage(ASSISTANT, content);
    }

    /** Never prints the content: it may be personal data. */
    @Override
    public String toString() {
        return "ChatMessage{role=" + role + ", chars=" + content.length() + '}';
    }
}
