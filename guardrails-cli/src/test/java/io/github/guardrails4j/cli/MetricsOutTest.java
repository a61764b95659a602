package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --metrics-out}: the meters of the run in the Prometheus text format, consistent with what bench prints. */
class MetricsOutTest {
    private static final Pattern TOKENS = Pattern.compile(
            "^gen_ai_client_inference_usage_(cache_read_)?input_tokens_total\\{[^}]*rail_name=\"([^\"]+)\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);

    @TempDir
    Path dir;

    /** rail name -> {cached, input} tokens from the scrape. */
    static Map<String, double[]> tokens(String scrape) {
        Map<String, double[]> byRail = new HashMap<>();
        Matcher m = TOKENS.matcher(scrape);
        while (m.find()) {
            double[] t = byRail.computeIfAbsent(m.group(2), k -> new double[2]);
            t[m.group(1) != null ? 0 : 1] += Double.parseDouble(m.group(3));
        }
        return byRail;
    }

    @Test
    void benchWritesTokenCountersWhoseRatioIsTheHitRatioItPrints() throws Exception {
        Path prom = dir.resolve("m.prom");
        Path out = dir.resolve("bench.json");
        Cli r = Cli.run(
                Map.of(),
                "bench",
                "--sim-latency",
                "none",
                "--samples",
                "--requests",
                "40",
                // every rail runs to its verdict: a rail cancelled by another rail's block may still report the
                // tokens of a call that had already been answered, which the meters count and the verdicts cannot
                "--all-verdicts",
                "--out",
                out.toString(),
                "--metrics-out",
                prom.toString());
        assertEquals(0, r.exitCode, r::toString);
        String scrape = Files.readString(prom);
        assertTrue(scrape.contains("# TYPE guardrails_rail_seconds summary"), scrape);
        assertTrue(scrape.contains("guardrails_request_seconds_count{"), scrape);
        // the client's per-endpoint gauges, read when the file is written: every call done, the limit in place
        Matcher limit = Pattern.compile(
                        "^guardrails_endpoint_limit\\{guardrails_endpoint=\"(http://[^\"]+)\"} (\\d+)\\.0$",
                        Pattern.MULTILINE)
                .matcher(scrape);
        assertTrue(limit.find(), scrape);
        assertTrue(Integer.parseInt(limit.group(2)) > 0, limit.group());
        assertTrue(
                scrape.contains("guardrails_endpoint_inflight{guardrails_endpoint=\"" + limit.group(1) + "\"} 0.0"),
                scrape);
        assertTrue(
                scrape.contains("guardrails_endpoint_queued{guardrails_endpoint=\"" + limit.group(1) + "\"} 0.0"),
                scrape);
        Map<String, double[]> byRail = tokens(scrape);
        assertFalse(byRail.isEmpty(), scrape);
        double cached = 0;
        double input = 0;
        for (double[] t : byRail.values()) {
            cached += t[0];
            input += t[1];
        }
        JsonNode summary = new ObjectMapper().readTree(out.toFile()).get("summary");
        double printed = summary.get("cacheHitRatio").asDouble();
        assertEquals(printed, Math.round(cached / input * 1000) / 1000.0, 0.0, () -> r.out + "\n" + scrape);
        summary.get("cacheHitRatioByRail").fields().forEachRemaining(e -> {
            double[] t = byRail.get(e.getKey());
            assertEquals(e.getValue().asDouble(), Math.round(t[0] / t[1] * 1000) / 1000.0, 0.0, e.getKey());
        });
        Matcher shown = Pattern.compile("cache hit ratio: (0\\.\\d{3}) ").matcher(r.out);
        assertTrue(shown.find(), r::toString);
        assertEquals(
                Double.parseDouble(shown.group(1)),
                cached / input,
                0.0005,
                "the printed ratio is cache_read / input of the scraped counters, to its 3 decimals");
    }

    @Test
    void checkWritesTheBlockedCounter() throws Exception {
        Path prom = dir.resolve("check.prom");
        Cli r = Cli.run(
                Map.of(),
                "check",
                "--sim-latency",
                "none",
                "--rails",
                "content-safety",
                "--text",
                "How do I steal a car and kill the owner?",
                "--metrics-out",
                prom.toString());
        assertEquals(ExitCodes.BLOCKED, r.exitCode, r::toString);
        String scrape = Files.readString(prom);
        assertTrue(
                scrape.contains("guardrails_requests_blocked_total{rail_type=\"input\"} 1.0"), () -> r + "\n" + scrape);
        assertFalse(scrape.contains("steal a car"), "no user text in the meters");
    }
}
