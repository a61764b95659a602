package io.github.guardrails4j.nim;

import java.util.Objects;

/**
 * One message of an OpenAI-compatible chat completion request. Immutable and thread safe.
 *
 * @param role {@code system}, {@code user} or {@code assistant}; never null
 * @param content the text, sent verbatim (no trimming, no escaping beyond JSON's); never null
 */
public record ChatMessage(String role, String content) {
    /** Role of a system message: {@value}. */
    public static final String SYSTEM = "system";
    /** Role of a user message: {@value}. */
    public static final String USER = "user";
    /** Role of an assistant message: {@value}. */
    public static final String ASSISTANT = "assistant";

    /**
     * Validates.
     *
     * @param role {@code system}, {@code user} or {@code assistant}; never null
     * @param content the text, sent verbatim (no trimming, no escaping beyond JSON's); never null
     * @throws NullPointerException when role or content is null
     */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /**
     * Returns a system message.
     *
     * @param content the text
     * @return a system message
     */
    public static ChatMessage system(String content) {
        return new ChatMessage(SYSTEM, content);
    }

    /**
     * Returns a user message.
     *
     * @param content the text
     * @return a user message
     */
    public static ChatMessage user(String content) {
        return new ChatMessage(USER, content);
    }

    /**
     * Returns an assistant message.
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
