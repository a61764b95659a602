package io.github.guardrails4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.guardrails4j.nim.VerdictCache;
import io.github.guardrails4j.rail.CacheLookup;
import java.util.Locale;
import java.util.Map;

/** The verdict cache lines of {@code bench} and {@code check}: lookups, guard calls and latencies per rail. */
final class VerdictCacheReport {
    private VerdictCacheReport() {}

    /**
     * The lines: per rail, hits, shared, misses, the hit ratio and the HTTP attempts; then the p50 and p90 latency of
     * the rail verdicts answered by a hit, by a shared call and by a miss.
     *
     * @param counter the counts
     * @return the lines, each ending with a line break
     */
    static String render(VerdictCacheCounter counter) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, VerdictCacheCounter.Rail> e : counter.byRail().entrySet()) {
            VerdictCacheCounter.Rail r = e.getValue();
            s.append(String.format(
                    Locale.ROOT,
                    "verdict cache:   %s: %s (hit ratio %.3f = (hit + shared) / lookups); %d guard call(s)%n",
                    e.getKey(),
                    VerdictCacheCounter.describe(r),
                    hitRatio(r),
                    r.attempts.get()));
        }
        s.append("  latency:       ");
        String sep = "";
        for (CacheLookup l : CacheLookup.values()) {
            long[] micros = counter.allMicros(l);
            if (micros.length == 0) {
                continue;
            }
            s.append(sep)
                    .append(String.format(
                            Locale.ROOT,
                            "%s p50 %.3f ms p90 %.3f ms",
                            l.name().toLowerCase(Locale.ROOT),
                            Percentiles.nearestRank(micros, 50) / 1000.0,
                            Percentiles.nearestRank(micros, 90) / 1000.0));
            sep = "; ";
        }
        return s.append(" (rail verdicts)\n").toString();
    }

    /**
     * One line of the guard calls (HTTP attempts) each rail made, for runs without a verdict cache (the baseline of
     * a cached run); empty when no rail made a call.
     *
     * @param counter the counts
     * @return the line, ending with a line break, or an empty string
     */
    static String guardCalls(VerdictCacheCounter counter) {
        StringBuilder s = new StringBuilder();
        counter.byRail().forEach((name, r) -> {
            if (r.attempts.get() > 0) {
                s.append(s.length() == 0 ? "guard calls:     " : ", ")
                        .append(name)
                        .append(' ')
                        .append(r.attempts.get());
            }
        });
        return s.length() == 0
                ? ""
                : s.append(" (HTTP attempts of the measured checks)\n").toString();
    }

    private static double hitRatio(VerdictCacheCounter.Rail r) {
        long all = r.lookups();
        return all == 0 ? 0 : (double) (r.count(CacheLookup.HIT) + r.count(CacheLookup.SHARED)) / all;
    }

    /**
     * Writes the numbers of {@link #render} as JSON.
     *
     * @param counter the counts
     * @param cache the cache
     * @param node the object to fill
     */
    static void toJson(VerdictCacheCounter counter, VerdictCache cache, ObjectNode node) {
        node.put("maximumSize", cache.maximumSize());
        ObjectNode rails = node.putObject("byRail");
        counter.byRail().forEach((name, r) -> {
            ObjectNode o = rails.putObject(name);
            o.put("hits", r.count(CacheLookup.HIT));
            o.put("shared", r.count(CacheLookup.SHARED));
            o.put("misses", r.count(CacheLookup.MISS));
            o.put("hitRatio", BenchCommand.round3(hitRatio(r)));
            o.put("guardCalls", r.attempts.get());
        });
        ObjectNode latency = node.putObject("latencyMs");
        for (CacheLookup l : CacheLookup.values()) {
            long[] micros = counter.allMicros(l);
            if (micros.length > 0) {
                latency.putObject(l.name().toLowerCase(Locale.ROOT))
                        .put("p50", Percentiles.nearestRank(micros, 50) / 1000.0)
                        .put("p90", Percentiles.nearestRank(micros, 90) / 1000.0);
            }
        }
    }
}
