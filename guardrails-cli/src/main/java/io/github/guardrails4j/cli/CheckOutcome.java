package io.github.guardrails4j.cli;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The checks of one input: the input check and, when the input has a response, the output check.
 *
 * @param index the input's 0-based position in the run
 * @param input the input checked
 * @param inputResult the input rails' result
 * @param outputResult the output rails' result, or null when the input has no response
 * @param latencyNanos wall time of the whole input, both checks included (nanoseconds)
 */
record CheckOutcome(int index, CheckInput input, GuardResult inputResult, GuardResult outputResult, long latencyNanos) {

    /**
     * Checks one input: the input rails, then (when the input has a response and the input was checked) the output
     * rails. The latency covers both.
     *
     * @param guardrails the rails
     * @param index the input's 0-based position in the run
     * @param input the input
     * @return a future of the outcome, completed on the thread that completed the last check
     */
    static CompletableFuture<CheckOutcome> check(Guardrails guardrails, int index, CheckInput input) {
        long t0 = System.nanoTime();
        return guardrails.checkInput(input.conversation()).thenCompose(in -> {
            if (!input.hasResponse()) {
                return CompletableFuture.completedFuture(
                        new CheckOutcome(index, input, in, null, System.nanoTime() - t0));
            }
            return guardrails
                    .checkOutput(input.conversation(), input.response())
                    .thenApply(outResult -> new CheckOutcome(index, input, in, outResult, System.nanoTime() - t0));
        });
    }

    /** {@return true when the input check and (if run) the output check both allowed} */
    boolean allowed() {
        return inputResult.allowed() && (outputResult == null || outputResult.allowed());
    }

    /** {@return every verdict: the input check's, then the output check's, each in rail order} */
    List<Verdict> verdicts() {
        List<Verdict> all = new ArrayList<>(inputResult.verdicts());
        if (outputResult != null) {
            all.addAll(outputResult.verdicts());
        }
        return all;
    }

    /** {@return the verdicts that blocked: at most one per check, the input check's first} */
    List<Verdict> blockingVerdicts() {
        List<Verdict> blocking = new ArrayList<>(2);
        inputResult.blockingVerdict().ifPresent(blocking::add);
        if (outputResult != null) {
            outputResult.blockingVerdict().ifPresent(blocking::add);
        }
        return blocking;
    }

    /** {@return the verdict that decided: the first blocking one, or empty when allowed} */
    Optional<Verdict> decidingVerdict() {
        return blockingVerdicts().stream().findFirst();
    }

    /** {@return true when blocked and every blocking verdict was an error (the guard failed closed)} */
    boolean blockedOnlyByErrors() {
        List<Verdict> blocking = blockingVerdicts();
        return !blocking.isEmpty() && blocking.stream().allMatch(v -> v.outcome() == Outcome.ERROR);
    }

    /** {@return true when any rail returned an error verdict, blocking or not} */
    boolean hasError() {
        return verdicts().stream().anyMatch(v -> v.outcome() == Outcome.ERROR);
    }

    /** {@return {@link #latencyNanos()} in whole milliseconds} */
    long latencyMs() {
        return latencyNanos / 1_000_000;
    }
}
