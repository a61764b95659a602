package io.github.guardrails4j;

import io.github.guardrails4j.verdict.Verdict;
import java.util.List;

/**
 * What {@link Guardrails#warmUp()} saw: one entry per distinct prompt prefix and endpoint. Immutable and thread
 * safe.
 *
 * @param entries one per warmed prefix, in rail order
 */
public record WarmUpReport(List<Entry> entries) {
    /**
     * Copies the list.
     *
     * @param entries one per warmed prefix, in rail order
     */
    public WarmUpReport {
        entries = List.copyOf(entries);
    }

    /**
     * One warm-up call.
     *
     * @param rail the rail that sent it
     * @param prefixCacheKey the rail's {@link io.github.guardrails4j.rail.Rail#prefixCacheKey()}
     * @param verdict the call's verdict: latency, prompt and cached tokens (where reported), or the error
     */
    public record Entry(String rail, String prefixCacheKey, Verdict verdict) {}

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("WarmUpReport{");
        for (Entry e : entries) {
            s.append(e.rail())
                    .append(": ")
                    .append(e.verdict().outcome())
                    .append(' ')
                    .append(e.verdict().latencyMs())
                    .append(" ms");
            e.verdict()
                    .usage()
                    .ifPresent(u -> s.append(", cached ")
                            .append(
                                    u.cachedPromptTokens().isPresent()
                                            ? u.cachedPromptTokens().getAsInt() + "/" + u.promptTokens()
                                            : "unknown"));
            s.append("; ");
        }
        return s.append('}').toString();
    }
}
