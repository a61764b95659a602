package io.github.guardrails4j.cli;

import java.util.Arrays;
import java.util.Locale;

/**
 * The stream figures of a {@code check --stream} run: time to first released text, added latency, blocked streams,
 * and the unguarded baseline of the same streams (first token after one token interval, whole stream after
 * {@code tokens / rate}). Not thread safe: fed from the thread that prints results.
 */
final class StreamSummary {
    private final String settings;
    private int streams;
    private int blocked;
    private int errors;
    private long tokenIntervalNanos;
    private final Samples firstTextMicros = new Samples();
    private final Samples addedMicros = new Samples();
    private final Samples unguardedTotalMicros = new Samples();
    private final Samples totalRatioPermille = new Samples();
    private final Samples uncachedTokens = new Samples();
    private final Samples promptTokens = new Samples();
    private final Samples checkMicros = new Samples();

    /**
     * Sets settings.
     *
     * @param settings the streaming settings, one line, for the summary
     */
    StreamSummary(String settings) {
        this.settings = settings;
    }

    void add(TokenReplay.Result r) {
        streams++;
        tokenIntervalNanos = r.tokenIntervalNanos();
        for (ChunkCheck c : r.checks()) {
            uncachedTokens.add(c.uncachedTokens());
            promptTokens.add(c.promptTokens());
            checkMicros.add(c.latencyNanos() / 1_000);
        }
        if (r.firstTextNanos() >= 0) {
            firstTextMicros.add(r.firstTextNanos() / 1_000);
        }
        if (r.blocked() != null) {
            blocked++;
        } else if (r.error() != null) {
            errors++;
        } else {
            addedMicros.add(r.addedNanos() / 1_000);
            unguardedTotalMicros.add(r.unguardedEndNanos() / 1_000);
            if (r.unguardedEndNanos() > 0) {
                totalRatioPermille.add(Math.round(1000.0 * r.endNanos() / r.unguardedEndNanos()));
            }
        }
    }

    int streams() {
        return streams;
    }

    /**
     * The stream lines, without a final line terminator, for example:
     * <pre>
     * stream: streams=450 completed=380 blocked=70 errors=0 (stream-first, chunk 200 tokens, ...)
     * stream: first text p50=20.1ms p90=20.6ms p99=31.0ms (n=450); unguarded first token 20.0ms: x1.01 at p50
     * stream: added p50=84.2ms p90=... (completed streams, n=380); unguarded total p50=3120.0ms ...; ...
     * </pre>
     *
     * @return the lines, separated by {@code \n}; empty when no input had an answer
     */
    String render() {
        if (streams == 0) {
            return "stream: no input had an answer to stream";
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "stream: streams=%d completed=%d blocked=%d errors=%d (%s)",
                streams,
                streams - blocked - errors,
                blocked,
                errors,
                settings));
        double firstToken = tokenIntervalNanos / 1e6;
        s.append("\nstream: first text ");
        if (firstTextMicros.n == 0) {
            s.append("none released");
        } else {
            s.append(firstTextMicros.pcts())
                    .append(String.format(
                            Locale.ROOT,
                            " (n=%d); unguarded first token %.1fms: x%.2f at p50",
                            firstTextMicros.n,
                            firstToken,
                            firstTextMicros.pct(50) / 1000.0 / firstToken));
        }
        s.append("\nstream: added ");
        if (addedMicros.n == 0) {
            s.append("none: no stream completed");
        } else {
            s.append(addedMicros.pcts())
                    .append(String.format(
                            Locale.ROOT,
                            " (completed streams, n=%d); unguarded total %s; guarded/unguarded total p50=x%.3f p90=x%.3f "
                                    + "p99=x%.3f",
                            addedMicros.n,
                            unguardedTotalMicros.pcts(),
                            totalRatioPermille.pct(50) / 1000.0,
                            totalRatioPermille.pct(90) / 1000.0,
                            totalRatioPermille.pct(99) / 1000.0));
        }
        if (uncachedTokens.n > 0) {
            s.append(String.format(
                    Locale.ROOT,
                    "\nstream: chunk checks n=%d (passed); uncached tokens per check p50=%d p90=%d p99=%d; prompt"
                            + " tokens p50=%d p90=%d; check latency %s",
                    uncachedTokens.n,
                    uncachedTokens.pct(50),
                    uncachedTokens.pct(90),
                    uncachedTokens.pct(99),
                    promptTokens.pct(50),
                    promptTokens.pct(90),
                    checkMicros.pcts()));
        }
        return s.toString();
    }

    /** A growable list of longs. */
    private static final class Samples {
        long[] values = new long[64];
        int n;

        void add(long v) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = v;
        }

        long pct(double p) {
            return Percentiles.nearestRank(Arrays.copyOf(values, n), p);
        }

        /** {@return {@code p50=..ms p90=..ms p99=..ms} of microsecond samples} */
        String pcts() {
            return String.format(
                    Locale.ROOT,
                    "p50=%.1fms p90=%.1fms p99=%.1fms",
                    pct(50) / 1000.0,
                    pct(90) / 1000.0,
                    pct(99) / 1000.0);
        }
    }
}
