package io.github.guardrails4j.cli;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks of one input: the input check and, when the input has a response, the output check.
 *
 * @param index the input's 0-based position in the run
 * @param input the input checked
 * @param inputResult the input rails' result
 * @param outputResult the output rails' result, or null when the input has no response
 * @param latencyNanos wall time of the whole input, both checks included (nanoseconds)
 */
record CheckOutcome(int index, CheckInput input, GuardResult inputResult, GuardResult outputResult,
        long latencyNanos) {

    /** @return true when the input check and (if run) the output check both allowed */
    boolean allowed() {
        return inputResult.allowed() && (outputResult == null || outputResult.allowed());
    }

    /** @return every verdict: the input check's, then the output check's, each in rail order */
    List<Verdict> verdicts() {
        List<Verdict> all = new ArrayList<>(inputResult.verdicts());
        if (outputResult != null) {
            all.addAll(outputResult.verdicts());
        }
        return all;
    }

    /** @return the verdicts that blocked: at most one per check, the input check's first */
    List<Verdict> blockingVerdicts() {
        List<Verdict> blocking = new ArrayList<>(2);
        inputResult.blockingVerdict().ifPresent(blocking::add);
        if (outputResult != null) {
            outputResult.blockingVerdict().ifPresent(blocking::add);
        }
        return blocking;
    }

    /** @return the verdict that decided: the first blocking one, or empty when allowed */
    Optional<Verdict> decidingVerdict() {
        return blockingVerdicts().stream().findFirst();
    }

    /** @return true when blocked and every blocking verdict was an error (the guard failed closed) */
    boolean blockedOnlyByErrors() {
        List<Verdict> blocking = blockingVerdicts();
        return !blocking.isEmpty() && blocking.stream().allMatch(v -> v.outcome() == Outcome.ERROR);
    }

    /** @return true when any rail returned an error verdict, blocking or not */
    boolean hasError() {
        return verdicts().stream().anyMatch(v -> v.outcome() == Outcome.ERROR);
    }

    /** @return {@link #latencyNanos()} in whole milliseconds */
    long latencyMs() {
        return latencyNanos / 1_000_000;
    }
}
