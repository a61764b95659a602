package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Cli bench(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "bench";
        all[1] = "--sim-latency";
        all[2] = "none";
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(Map.of(), all);
    }

    @Test
    void writesOneResultPerCheckAndASummary() throws Exception {
        Path out = dir.resolve("results.json");
        Cli r = bench("--samples", "--requests", "20", "--concurrency", "4", "--out", out.toString());
        assertEquals(0, r.exitCode, r::toString);
        JsonNode root = JSON.readTree(out.toFile());
        JsonNode results = root.get("results");
        assertEquals(20, results.size(), r::toString);
        for (int i = 0; i < 20; i++) {
            JsonNode o = results.get(i);
            assertEquals(i, o.get("index").asInt());
            assertTrue(o.get("latencyMs").isNumber());
            assertTrue(o.has("promptTokens") && o.has("cachedTokens"), o::toString);
            assertTrue(o.get("rails").size() >= 1, o::toString);
            assertTrue(o.get("rails").get(0).has("outcome"), o::toString);
        }
        JsonNode s = root.get("summary");
        assertEquals(20, s.get("checks").asInt());
        assertEquals(20, s.get("requests").asInt());
        assertEquals("stable", s.get("prefix").asText());
        for (String f : List.of(
                "throughputPerSecond",
                "coldLatencyMs",
                "warmLatencyMs",
                "cacheHitRatio",
                "blockSize",
                "prefixTokens",
                "expectedCacheableTokens")) {
            assertTrue(s.has(f), () -> "summary lacks " + f + ": " + s);
        }
        for (String p : List.of("p50", "p90", "p99")) {
            assertTrue(s.get("latencyMs").get(p).isNumber(), s::toString);
        }
    }

    @Test
    void stablePrefixIsReusedAfterWarmUp() throws Exception {
        Path out = dir.resolve("stable.json");
        Cli r = bench("--samples", "--rails", "content-safety", "--requests", "24", "--out", out.toString());
        assertEquals(0, r.exitCode, r::toString);
        JsonNode s = JSON.readTree(out.toFile()).get("summary");
        assertTrue(s.get("cacheHitRatio").asDouble() > 0.5, s::toString);
        int prefix = s.get("prefixTokens").asInt();
        assertTrue(prefix > 0, s::toString);
        assertEquals(prefix / 16 * 16, s.get("expectedCacheableTokens").asInt(), s::toString);
        assertTrue(r.out.contains("cache hit ratio: 0."), r::toString);
        assertTrue(r.out.contains("prefix:  stable"), r::toString);
    }

    @Test
    void driftingPrefixDefeatsTheCache() throws Exception {
        Path out = dir.resolve("drifting.json");
        Cli r = bench(
                "--samples",
                "--rails",
                "content-safety",
                "--requests",
                "24",
                "--drifting-prefix",
                "--out",
                out.toString());
        assertEquals(0, r.exitCode, r::toString);
        JsonNode s = JSON.readTree(out.toFile()).get("summary");
        assertEquals("drifting", s.get("prefix").asText());
        assertTrue(s.get("cacheHitRatio").asDouble() < 0.1, s::toString);
        assertTrue(r.out.contains("prefix:  DRIFTING"), r::toString);
    }

    @Test
    void driftingPrefixPutsADifferentTimestampBeforeTheInstructionsOfEveryRequest() {
        try (NimSimulator sim =
                NimSimulator.builder().latency(LatencyModel.none()).start()) {
            Cli r = Cli.run(
                    Map.of("GUARDRAILS_NIM_URL", sim.baseUrl()),
                    "bench",
                    "--samples",
                    "--rails",
                    "content-safety",
                    "--requests",
                    "12",
                    "--drifting-prefix",
                    "--no-warm-up");
            assertEquals(0, r.exitCode, r::toString);
            List<String> prompts = sim.recordedRequests().stream()
                    .filter(q -> q.path().endsWith("/chat/completions"))
                    .map(q -> content(q.body()))
                    .filter(p -> !p.equals("Hi")) // the tiny JVM warm-up request, not a check
                    .toList();
            assertFalse(prompts.isEmpty());
            assertTrue(
                    prompts.stream()
                            .allMatch(p -> p.matches("(?s)Current time: \\d{4}-\\d\\d-\\d\\dT[^\\n]+Z\\n"
                                    + "Task: Check if there is unsafe content.*")),
                    () -> prompts.get(0));
            Set<String> firstLines =
                    prompts.stream().map(p -> p.substring(0, p.indexOf('\n'))).collect(Collectors.toSet());
            assertEquals(prompts.size(), firstLines.size(), "every request has its own timestamp");
        }
    }

    private static String content(String body) {
        try {
            return JSON.readTree(body).get("messages").get(0).get("content").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void printsTheHistogramAndTheNumbers() {
        Cli r = bench("--samples", "--requests", "20", "--rails", "content-safety,jailbreak-detection");
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.out.contains("latency histogram:"), r::toString);
        assertTrue(r.out.matches("(?s).*\\n\\s+[0-9.]+ - [0-9. ]+ms \\| #+ \\d+.*"), r::toString);
        assertTrue(r.out.contains("throughput:"), r::toString);
        assertTrue(r.out.contains("cold vs warm:"), r::toString);
        assertTrue(r.out.matches("(?s).*latency: +p50 [0-9.]+ ms +p90 [0-9.]+ ms +p99 [0-9.]+ ms.*"), r::toString);
        assertTrue(r.err.contains("embedded simulator"), r::toString);
    }

    @Test
    void unreportedCachedTokensAreUnknownNotZero() throws Exception {
        Path out = dir.resolve("unknown.json");
        Cli r = bench(
                "--samples",
                "--requests",
                "12",
                "--rails",
                "content-safety",
                "--sim-report-cached-tokens",
                "false",
                "--out",
                out.toString());
        assertEquals(0, r.exitCode, r::toString);
        JsonNode s = JSON.readTree(out.toFile()).get("summary");
        assertTrue(s.get("cacheHitRatio").isNull(), s::toString);
        assertTrue(s.get("prefixTokens").isNull(), s::toString);
        assertTrue(r.out.contains("cache hit ratio: unknown"), r::toString);
        assertTrue(r.out.contains("cacheable:       unknown"), r::toString);
    }

    @Test
    void driftingPrefixWithoutContentSafetyIsAUsageError() {
        Cli r = bench("--samples", "--rails", "jailbreak-detection", "--drifting-prefix");
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(r.err.contains("add content-safety to --rails"), r::toString);
    }

    @Test
    void deadEndpointExits4() {
        Cli r = Cli.run(
                Map.of(),
                "bench",
                "--nim-url",
                "http://127.0.0.1:9",
                "--samples",
                "--requests",
                "3",
                "--rails",
                "content-safety");
        assertEquals(4, r.exitCode, r::toString);
    }

    @Test
    void histogramScalesTheFullestBucketToTheWidth() {
        String h = LatencyHistogram.render(new long[] {1_500, 1_600, 1_700, 1_800, 12_000}, 10);
        assertEquals(
                List.of(
                        "     1 - 2      ms | ########## 4",
                        "     2 - 5      ms | 0",
                        "     5 - 10     ms | 0",
                        "    10 - 20     ms | ### 1"),
                h.lines().toList(),
                h);
        assertEquals("   0.2 - 0.5    ms | # 1", LatencyHistogram.render(new long[] {300}, 1));
        assertEquals("", LatencyHistogram.render(new long[0], 10));
    }

    @Test
    void helpListsDefaultsAndExitCodes() {
        Cli r = Cli.run("bench", "--help");
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.out.contains("Default: 8."), r::toString);
        assertTrue(r.out.contains("Default: 16."), r::toString);
        assertTrue(r.out.contains("--[no-]warm-up"), r::toString);
        assertTrue(r.out.contains("Exit codes:"), r::toString);
        assertFalse(r.out.contains("--sim-prefix-caching"), r::toString);
    }

    /** Each prompt 3 times in a row, 8 in flight: one guard call per distinct prompt and rail, the rest served. */
    @Test
    void verdictCacheMakesOneGuardCallPerDistinctPromptAndRail() throws Exception {
        Path prompts = dir.resolve("prompts.csv");
        StringBuilder csv = new StringBuilder("prompt\n");
        for (int i = 0; i < 12; i++) {
            csv.append("Tell me about ")
                    .append(i % 3 == 0 ? "cocaine" : "Rome")
                    .append(" number ")
                    .append(i)
                    .append('\n');
        }
        Files.writeString(prompts, csv.toString());
        Path out = dir.resolve("cached.json");
        Cli r = bench(
                "--file",
                prompts.toString(),
                "--repeat",
                "3",
                "--concurrency",
                "8",
                "--all-verdicts",
                "--verdict-cache",
                "100",
                "--out",
                out.toString());
        assertEquals(0, r.exitCode, r::toString);
        JsonNode s = JSON.readTree(out.toFile()).get("summary");
        assertEquals(36, s.get("checks").asInt(), s::toString);
        JsonNode cache = s.get("verdictCache");
        assertEquals(100, cache.get("maximumSize").asInt());
        for (String rail : List.of("content-safety-input", "topic-control", "jailbreak-detection")) {
            JsonNode c = cache.get("byRail").get(rail);
            assertEquals(12, c.get("guardCalls").asInt(), () -> rail + ": " + cache);
            assertEquals(12, c.get("misses").asInt(), () -> rail + ": " + cache);
            assertEquals(24, c.get("hits").asInt() + c.get("shared").asInt(), () -> rail + ": " + cache);
            assertEquals(0.667, c.get("hitRatio").asDouble(), 1e-9);
        }
        assertTrue(cache.get("latencyMs").has("miss"), cache::toString);
        JsonNode uncached = s.get("uncachedTokensByRail").get("content-safety-input");
        assertEquals(12, uncached.get("calls").asInt(), s::toString);
        assertEquals(36, uncached.get("checks").asInt(), s::toString);
        assertEquals(
                uncached.get("perCall").asDouble() / 3, uncached.get("perCheck").asDouble(), 0.001);
        assertEquals(12, s.get("guardCallsByRail").get("topic-control").asInt(), s::toString);
        assertTrue(r.out.contains("verdict cache:   content-safety-input: "), r::toString);

        Path base = dir.resolve("uncached.json");
        Cli b = bench("--file", prompts.toString(), "--repeat", "3", "--all-verdicts", "--out", base.toString());
        assertEquals(0, b.exitCode, b::toString);
        JsonNode bs = JSON.readTree(base.toFile()).get("summary");
        assertTrue(bs.get("verdictCache").isNull(), bs::toString);
        assertEquals(36, bs.get("guardCallsByRail").get("topic-control").asInt(), "no cache: every check calls");
        assertTrue(
                b.out.contains("guard calls:     content-safety-input 36, jailbreak-detection 36, topic-control 36"),
                b::toString);
        assertTrue(r.out.contains("uncached tokens: "), r::toString);
    }

    @Test
    void verdictCacheSizeIsValidated() {
        Cli r = bench("--samples", "--verdict-cache", "0");
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(r.err.contains("--verdict-cache must be 1..10000000 verdicts, got 0"), r::toString);
    }
}
