package io.github.guardrails4j;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a whole guarded turn ({@link Guardrails#guard(String, LlmCall)}): the input check, the output check
 * and, only when both allowed it, the LLM's answer.
 *
 * <p>Shapes: blocked at input (no answer, even if a speculative LLM call had finished; no output check); or input
 * allowed, with the output check, allowed or blocked. The answer is handed out by {@link #allowedAnswer()} alone,
 * and only when both checks allowed it: no accessor, not even {@link #toString()}, exposes an answer the output
 * rails blocked. Immutable and thread safe.
 */
public final class TurnResult {
    private final GuardResult input;
    private final String answer;
    private final Optional<GuardResult> output;
    private final boolean speculative;
    private final Duration latency;

    /**
     * Checks consistency: an answer and an output check exist exactly when the input was allowed.
     *
     * @param input the input check's result
     * @param answer the LLM's answer, or null when the input was blocked
     * @param output the output check's result, or null when the input was blocked
     * @param speculative whether the LLM call started together with the input rails
     * @param latency wall time of the whole turn
     * @throws NullPointerException when input or latency is null
     * @throws IllegalStateException when the shape is inconsistent
     */
    /**
     * Creates a turn's result, for turn runners outside this package (a streamed turn).
     *
     * @param input the input check
     * @param answer the LLM's whole answer, or null when the LLM was not called or its answer was discarded
     * @param output the output check of the answer, or null when there was none
     * @param speculative true when the LLM call started together with the input rails
     * @param latency the turn's wall time
     * @return the result; its answer is handed out only by {@link #allowedAnswer()} when both checks allowed it
     * @throws NullPointerException when input or latency is null
     * @throws IllegalArgumentException when an answer is given without its output check
     */
    public static TurnResult of(
            GuardResult input, String answer, GuardResult output, boolean speculative, Duration latency) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(latency, "latency");
        if (answer != null && output == null) {
            throw new IllegalArgumentException("an answer needs its output check: pass the output GuardResult");
        }
        return new TurnResult(input, answer, output, speculative, latency);
    }

    TurnResult(GuardResult input, String answer, GuardResult output, boolean speculative, Duration latency) {
        this.input = Objects.requireNonNull(input, "input");
        this.latency = Objects.requireNonNull(latency, "latency");
        if (input.blocked() != (answer == null) || (answer == null) != (output == null)) {
            throw new IllegalStateException(
                    "a turn has an answer and an output check exactly when its input was " + "allowed");
        }
        this.answer = answer;
        this.output = Optional.ofNullable(output);
        this.speculative = speculative;
    }

    /** {@return the input check's result} */
    public GuardResult input() {
        return input;
    }

    /** {@return the output check's result; empty when the input was blocked} */
    public Optional<GuardResult> output() {
        return output;
    }

    /** {@return whether the LLM call started together with the input rails} */
    public boolean speculative() {
        return speculative;
    }

    /** {@return wall time of the whole turn} */
    public Duration latency() {
        return latency;
    }

    /** {@return true when both the input and the output checks allowed the turn} */
    public boolean allowed() {
        return input.allowed() && output.map(GuardResult::allowed).orElse(false);
    }

    /**
     * The LLM's answer, for the user: present only when both checks allowed it.
     *
     * @return the answer, or empty when the input or the output was blocked
     */
    public Optional<String> allowedAnswer() {
        return allowed() ? Optional.of(answer) : Optional.empty();
    }

    /** Never prints the answer: it may be personal data, or blocked. */
    @Override
    public String toString() {
        return "TurnResult{allowed=" + allowed() + ", input=" + input + ", output=" + output.orElse(null)
                + ", speculative=" + speculative + ", latencyMs=" + latency.toMillis() + '}';
    }
}
