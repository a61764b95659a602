package io.github.guardrails4j.cli;

import io.github.guardrails4j.rail.Conversation;
import java.util.List;
import java.util.Objects;

/**
 * One input of a check run: the user's message and, optionally, the LLM's answer to it, with the conversation
 * before the message (empty for a single-message input).
 *
 * @param history the turns before the user's message (system, user, assistant), in order
 * @param prompt the user's message, verbatim
 * @param response the LLM's answer, verbatim, or null when only the input is checked
 * @param promptUnchecked the kinds of the user turn's parts that are not text (not checked, noted on verdicts)
 */
record CheckInput(Conversation history, String prompt, String response, List<String> promptUnchecked) {
    CheckInput {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(prompt, "prompt");
        promptUnchecked = List.copyOf(promptUnchecked);
    }

    /** A single-message input. */
    CheckInput(String prompt, String response) {
        this(Conversation.empty(), prompt, response, List.of());
    }

    /** {@return the conversation to check: the history, then the user's turn} */
    Conversation conversation() {
        return history.plus(new Conversation.Turn(Conversation.Role.USER, prompt, promptUnchecked));
    }

    /** {@return true when the input has an answer, so the output rails run too} */
    boolean hasResponse() {
        return response != null;
    }
}
