package io.github.guardrails4j.cli;

import java.util.Objects;

/**
 * One input of a check run: the user's message and, optionally, the LLM's answer to it.
 *
 * @param prompt the user's message, verbatim
 * @param response the LLM's answer, verbatim, or null when only the input is checked
 */
record CheckInput(String prompt, String response) {
    CheckInput {
        Objects.requireNonNull(prompt, "prompt");
    }

    /** {@return true when the input has an answer, so the output rails run too} */
    boolean hasResponse() {
        return response != null;
    }
}
