package io.github.guardrails4j.cli;

import io.github.guardrails4j.verdict.Verdict;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Counts a run's outcomes and collects the latency of each whole input. Not thread safe: fed from the thread that
 * prints results.
 */
final class RunSummary {
    private int inputs;
    private int allowed;
    private int blocked;
    private int blockedByErrorsOnly;
    private int withErrors;
    private final Map<String, Integer> blockedByRail = new TreeMap<>();
    private long[] latenciesMs = new long[64];

    void add(CheckOutcome o) {
        if (inputs == latenciesMs.length) {
            latenciesMs = Arrays.copyOf(latenciesMs, inputs * 2);
        }
        latenciesMs[inputs++] = o.latencyMs();
        if (o.allowed()) {
            allowed++;
        } else {
            blocked++;
            o.decidingVerdict().map(Verdict::rail).ifPresent(r -> blockedByRail.merge(r, 1, Integer::sum));
        }
        if (o.blockedOnlyByErrors()) {
            blockedByErrorsOnly++;
        }
        if (o.hasError()) {
            withErrors++;
        }
    }

    int inputs() {
        return inputs;
    }

    int allowed() {
        return allowed;
    }

    int blocked() {
        return blocked;
    }

    int withErrors() {
        return withErrors;
    }

    /** {@return true when there were inputs and every one was blocked only by rail errors (the guard is down)} */
    boolean allFailedClosed() {
        return inputs > 0 && blockedByErrorsOnly == inputs;
    }

    /**
     * The summary, two or three lines without a final line terminator, for example
     * {@code summary: inputs=450 allowed=300 blocked=150 errors=0 latency p50=12ms p90=20ms p99=31ms max=40ms}.
     * {@code errors} counts inputs with at least one error verdict; {@code blocked} counts those blocked only by
     * errors in parentheses.
     *
     * @param elapsedMs wall time of the whole run, milliseconds
     * @return the lines, separated by {@code \n}
     */
    String render(long elapsedMs) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "summary: inputs=%d allowed=%d blocked=%d", inputs, allowed, blocked));
        if (blockedByErrorsOnly > 0) {
            s.append(String.format(Locale.ROOT, " (by errors only: %d)", blockedByErrorsOnly));
        }
        s.append(String.format(Locale.ROOT, " errors=%d", withErrors));
        if (inputs > 0) {
            long[] l = Arrays.copyOf(latenciesMs, inputs);
            s.append(String.format(
                    Locale.ROOT,
                    " latency p50=%dms p90=%dms p99=%dms max=%dms",
                    Percentiles.nearestRank(l, 50),
                    Percentiles.nearestRank(l, 90),
                    Percentiles.nearestRank(l, 99),
                    Percentiles.nearestRank(l, 100)));
        }
        s.append(String.format(Locale.ROOT, " wall=%dms", elapsedMs));
        if (!blockedByRail.isEmpty()) {
            s.append("\nblocked by rail: ")
                    .append(blockedByRail.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(" ")));
        }
        return s.toString();
    }
}
