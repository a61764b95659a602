package io.github.guardrails4j.model;

import java.util.Objects;

/**
 * A classification request, {@code {"input": TEXT}}, as NemoGuard JailbreakDetect takes it ({@code POST
 * /v1/classify} on a local NIM). Immutable and thread safe. {@link #toString()} never prints the text.
 *
 * @param input the text to classify, verbatim
 */
public record ClassifyRequest(String input) implements GuardRequest {
    /**
     * Checks for null.
     *
     * @param input the text to classify, verbatim
     * @throws NullPointerException when input is null
     */
    public ClassifyRequest {
        Objects.requireNonNull(input, "input");
    }

    /** Never prints the text. */
    @Override
    public String toString() {
        return "ClassifyRequest{chars=" + input.length() + '}';
    }
}
