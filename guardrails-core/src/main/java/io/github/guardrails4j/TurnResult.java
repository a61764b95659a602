package io.github.guardrails4j;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a whole guarded turn ({@link Guardrails#guard(String, LlmCall)}): the input check, the LLM's answer
 * and the output check.
 *
 * <p>Shapes: blocked at input (no answer is exposed, even if a speculative LLM call had finished; no output
 * check); or input allowed, with the answer and the output check, allowed or blocked. Immutable and thread safe.
 *
 * @param input the input check's result
 * @param answer the LLM's answer; empty when the input was blocked
 * @param output the output check's result; empty when the input was blocked
 * @param speculative whether the LLM call started together with the input rails
 * @param latency wall time of the whole turn
 */
public record TurnResult(
        GuardResult input,
        Optional<String> answer,
        Optional<GuardResult> output,
        boolean speculative,
        Duration latency) {
    /**
     * Checks consistency: an answer and an output check exist exactly when the input was allowed.
     *
     * @param input the input check's result
     * @param answer the LLM's answer; empty when the input was blocked
     * @param output the output check's result; empty when the input was blocked
     * @param speculative whether the LLM call started together with the input rails
     * @param latency wall time of the whole turn
     */
    public TurnResult {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(latency, "latency");
        if (input.blocked() && (answer.isPresent() || output.isPresent())) {
            throw new IllegalArgumentException("a turn blocked at input exposes no answer and no output check");
        }
    }

    /** {@return true when both the input and the output checks allowed the turn} */
    public boolean allowed() {
        return input.allowed() && output.map(GuardResult::allowed).orElse(false);
    }

    /**
     * Returns the answer when the whole turn was allowed.
     *
     * @return the answer when the whole turn was allowed; empty when either check blocked
     */
    public Optional<String> allowedAnswer() {
        return allowed() ? answer : Optional.empty();
    }

    /** Never prints the answer: it may be personal data. */
    @Override
    public String toString() {
        return "TurnResult{allowed=" + allowed() + ", input=" + input + ", output=" + output.orElse(null)
                + ", speculative=" + speculative + ", latencyMs=" + latency.toMillis() + '}';
    }
}
