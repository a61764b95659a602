package io.github.guardrails4j.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The uncached work of a run per rail: prompt tokens minus cached prompt tokens (what the server had to prefill),
 * per guard call that reported both, and per check of that rail (a check answered by the verdict cache made no
 * call and counts 0). Immutable.
 *
 * @param byRail per rail name: {uncached tokens, calls that reported cached tokens, verdicts (checks) of the rail}
 */
record UncachedWork(Map<String, long[]> byRail) {

    /**
     * Sums the verdicts of a run.
     *
     * @param outcomes the measured checks
     * @return the sums; rails whose server never reported cached tokens are left out
     */
    static UncachedWork of(List<CheckOutcome> outcomes) {
        Map<String, long[]> byRail = new TreeMap<>();
        for (CheckOutcome o : outcomes) {
            for (Verdict v : o.verdicts()) {
                long[] t = byRail.computeIfAbsent(v.rail(), k -> new long[3]);
                t[2]++;
                TokenUsage u = v.usage().orElse(null);
                if (u != null && u.cachedPromptTokens().isPresent()) {
                    t[0] += u.promptTokens() - u.cachedPromptTokens().getAsInt();
                    t[1]++;
                }
            }
        }
        byRail.values().removeIf(t -> t[1] == 0);
        return new UncachedWork(byRail);
    }

    /** {@return one line, or none when no rail reported cached tokens; ends with a line break} */
    String render() {
        if (byRail.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("uncached tokens: (prompt - cached tokens, mean) ");
        String sep = "";
        for (Map.Entry<String, long[]> e : byRail.entrySet()) {
            long[] t = e.getValue();
            s.append(sep)
                    .append(String.format(
                            Locale.ROOT,
                            "%s %.1f per call, %.1f per check",
                            e.getKey(),
                            (double) t[0] / t[1],
                            (double) t[0] / t[2]));
            sep = "; ";
        }
        return s.append('\n').toString();
    }

    /**
     * Writes {@code {rail: {"perCall": x, "perCheck": y, "calls": n, "checks": m}}}.
     *
     * @param node the object to fill
     */
    void toJson(ObjectNode node) {
        byRail.forEach((rail, t) -> node.putObject(rail)
                .put("perCall", BenchCommand.round3((double) t[0] / t[1]))
                .put("perCheck", BenchCommand.round3((double) t[0] / t[2]))
                .put("calls", t[1])
                .put("checks", t[2]));
    }
}
