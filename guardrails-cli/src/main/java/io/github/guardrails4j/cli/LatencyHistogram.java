package io.github.guardrails4j.cli;

import java.util.Locale;

/**
 * An ASCII histogram of latencies in log-ish buckets (1-2-5 steps: 0.1, 0.2, 0.5, 1, 2, 5, 10 ... ms), bars scaled
 * so the fullest bucket is {@link #DEFAULT_WIDTH} characters wide. Only the buckets from the first to the last
 * non-empty one are printed. Stateless and thread safe.
 */
final class LatencyHistogram {
    /** Width of the longest bar, characters: {@value}. */
    static final int DEFAULT_WIDTH = 50;

    /** Upper bucket edges, microseconds; the last bucket is open-ended. */
    private static final long[] EDGES_MICROS = edges();

    private LatencyHistogram() {}

    private static long[] edges() {
        long[] e = new long[3 * 7];
        int i = 0;
        for (long decade = 100; i < e.length; decade *= 10) {
            e[i++] = decade;
            e[i++] = 2 * decade;
            e[i++] = 5 * decade;
        }
        return e;
    }

    /**
     * Renders the histogram, one line per bucket: {@code "  10 -   20 ms | ##### 42"}.
     *
     * @param latenciesMicros the latencies, microseconds; not modified
     * @param width the longest bar, characters, at least 1
     * @return the lines separated by {@code \n}, without a final terminator; empty for no values
     */
    static String render(long[] latenciesMicros, int width) {
        if (latenciesMicros.length == 0) {
            return "";
        }
        int[] counts = new int[EDGES_MICROS.length + 1];
        for (long v : latenciesMicros) {
            counts[bucket(v)]++;
        }
        int first = 0;
        while (counts[first] == 0) {
            first++;
        }
        int last = counts.length - 1;
        while (counts[last] == 0) {
            last--;
        }
        int max = 0;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        StringBuilder s = new StringBuilder();
        for (int b = first; b <= last; b++) {
            String lo = b == 0 ? "0" : ms(EDGES_MICROS[b - 1]);
            String hi = b == EDGES_MICROS.length ? "" : ms(EDGES_MICROS[b]);
            // A non-empty bucket always shows at least one '#'.
            int bar = counts[b] == 0 ? 0 : Math.max(1, (int) Math.round((double) counts[b] * width / max));
            if (s.length() > 0) {
                s.append('\n');
            }
            s.append(String.format(
                    Locale.ROOT, "%6s - %-6s ms | %s%d", lo, hi, bar == 0 ? "" : "#".repeat(bar) + " ", counts[b]));
        }
        return s.toString();
    }

    private static int bucket(long micros) {
        for (int i = 0; i < EDGES_MICROS.length; i++) {
            if (micros < EDGES_MICROS[i]) {
                return i;
            }
        }
        return EDGES_MICROS.length;
    }

    private static String ms(long micros) {
        return micros < 1000 ? String.format(Locale.ROOT, "%.1f", micros / 1000.0) : Long.toString(micros / 1000);
    }
}
