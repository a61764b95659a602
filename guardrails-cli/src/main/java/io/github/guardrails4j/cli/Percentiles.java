package io.github.guardrails4j.cli;

import java.util.Arrays;

/** Nearest-rank percentiles. Stateless and thread safe. */
final class Percentiles {
    private Percentiles() {}

    /**
     * The nearest-rank percentile: the smallest value such that at least {@code p} percent of the values are less
     * than or equal to it, that is the value at 1-based rank {@code ceil(p / 100 * n)} of the sorted values (rank 1
     * for p = 0).
     *
     * @param values the values, in any order; not modified
     * @param p the percentile, 0 to 100
     * @return the percentile
     * @throws IllegalArgumentException when values is empty or p is outside 0..100
     */
    static long nearestRank(long[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values: a percentile needs at least one");
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be 0..100, got " + p);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        // p * n first: exact for whole percentiles, so 7 * 100 / 100 is 7, not 7.000000000000001.
        int rank = (int) Math.ceil(p * sorted.length / 100.0);
        return sorted[Math.max(rank, 1) - 1];
    }
}
