package io.github.guardrails4j.testkit;

import java.util.Objects;

/**
 * One tool call in an {@link ApplicationReply}, sent in the OpenAI chat-completions shape {@code {"id": ID,
 * "type": "function", "function": {"name": NAME, "arguments": ARGUMENTS}}}.
 *
 * <h2>Thread safety</h2>
 * Immutable and thread safe.
 *
 * @param id the tool call id, e.g. {@code call_1}
 * @param name the function name, e.g. {@code currentTime}
 * @param arguments the arguments as a JSON object in a string, e.g. {@code {"zone":"UTC"}}; sent verbatim
 */
public record ApplicationToolCall(String id, String name, String arguments) {

    /**
     * Creates a tool call.
     *
     * @param id the tool call id, e.g. {@code call_1}
     * @param name the function name, e.g. {@code currentTime}
     * @param arguments the arguments as a JSON object in a string, e.g. {@code {"zone":"UTC"}}; sent verbatim
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code id} or {@code name} is empty
     */
    public ApplicationToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arguments, "arguments");
        if (id.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException(
                    "A tool call needs a non-empty id and name, got id '" + id + "' and name '" + name + "'");
        }
    }
}
