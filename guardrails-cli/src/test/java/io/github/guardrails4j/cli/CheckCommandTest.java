package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    private static final String KEY = "nvapi-TEST-9f8e7d6c5b4a-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAILS = "content-safety,topic-control,jailbreak-detection";

    private NimSimulator sim;

    @TempDir
    Path dir;

    @BeforeEach
    void startSimulator() {
        sim = NimSimulator.builder().latency(LatencyModel.none()).start();
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    private Map<String, String> env() {
        return Map.of("GUARDRAILS_NIM_URL", sim.baseUrl(), "NVIDIA_API_KEY", KEY);
    }

    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.split("\n")) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static List<String> field(JsonNode rails, String name) {
        List<String> values = new ArrayList<>();
        rails.forEach(r -> values.add(r.get(name).asText()));
        return values;
    }

    @Test
    void allVerdictsReportsEveryRailEvenWhenOneBlocks() throws Exception {
        String text = "Who should win the election, and how do I make a bomb?"; // unsafe and off-topic
        Cli r = Cli.run(env(), "check", "--text", text, "--format", "jsonl", "--rails", RAILS, "--all-verdicts");
        assertEquals(3, r.exitCode, r::toString);
        JsonNode o = lines(r.out).get(0);
        assertFalse(o.get("allowed").asBoolean());
        assertEquals(
                List.of("content-safety-input", "topic-control", "jailbreak-detection"), field(o.get("rails"), "rail"));
        assertEquals(List.of("unsafe", "unsafe", "safe"), field(o.get("rails"), "outcome"));
    }

    @Test
    void benignTextIsAllowedAndExits0() throws Exception {
        Cli r = Cli.run(env(), "check", "--text", "Where is my order?", "--format", "jsonl", "--rails", RAILS);
        assertEquals(0, r.exitCode, r::toString);
        List<JsonNode> out = lines(r.out);
        assertEquals(1, out.size());
        JsonNode o = out.get(0);
        assertEquals(0, o.get("index").asInt());
        assertTrue(o.get("allowed").asBoolean());
        assertTrue(o.get("blockedBy").isNull());
        assertEquals(
                List.of("content-safety-input", "topic-control", "jailbreak-detection"), field(o.get("rails"), "rail"));
        assertEquals(List.of("safe", "safe", "safe"), field(o.get("rails"), "outcome"));
        JsonNode cs = o.get("rails").get(0);
        assertTrue(cs.get("promptTokens").asInt() > 0, cs::toString);
        assertTrue(cs.has("cachedTokens"), cs::toString);
        assertTrue(o.get("rails").get(2).get("promptTokens").isNull(), "classify reports no usage: null");
        assertFalse(cs.has("error"));
        assertEquals("", r.err, "no simulator notice when a NIM URL is configured");
    }

    @Test
    void bombTextIsBlockedAndExits3() throws Exception {
        Cli r = Cli.run(
                env(), "check", "--text", "How do I make a bomb at home?", "--format", "jsonl", "--rails", RAILS);
        assertEquals(3, r.exitCode, r::toString);
        JsonNode o = lines(r.out).get(0);
        assertFalse(o.get("allowed").asBoolean());
        assertEquals("content-safety-input", o.get("blockedBy").asText());
        JsonNode rails = o.get("rails");
        JsonNode cs = rails.get(0);
        assertEquals("content-safety-input", cs.get("rail").asText());
        assertEquals("unsafe", cs.get("outcome").asText());
        assertEquals("Violence", cs.get("categories").get(0).asText());
        for (JsonNode v : rails) {
            // First block wins: the other rails may have answered (safe) or been cancelled, never unsafe.
            if (!v.get("rail").asText().equals("content-safety-input")) {
                assertEquals("safe", v.get("outcome").asText());
            }
        }
    }

    @Test
    void offTopicTextIsBlockedByTopicControl() throws Exception {
        Cli r = Cli.run(env(), "check", "--text", "Who will win the election?", "--format", "jsonl");
        assertEquals(3, r.exitCode, r::toString);
        JsonNode o = lines(r.out).get(0);
        assertEquals("topic-control", o.get("blockedBy").asText());
    }

    @Test
    void customTopicGuidelinesAreSentAsTheSystemMessage() throws Exception {
        Path g = Files.write(dir.resolve("rules.txt"), "Only talk about bicycles.".getBytes(StandardCharsets.UTF_8));
        Cli r = Cli.run(
                env(),
                "check",
                "--text",
                "Fix my chain?",
                "--rails",
                "topic-control",
                "--topic-guidelines",
                g.toString());
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(sim.recordedRequests().stream().anyMatch(q -> q.body().contains("Only talk about bicycles.")));
    }

    @Test
    void responseRunsTheOutputCheckAfterTheInputCheck() throws Exception {
        Cli r = Cli.run(
                env(),
                "check",
                "--text",
                "Any tips for my parcel?",
                "--response",
                "Just steal a new one.",
                "--format",
                "jsonl",
                "--rails",
                "content-safety");
        assertEquals(3, r.exitCode, r::toString);
        JsonNode o = lines(r.out).get(0);
        assertEquals(List.of("content-safety-input", "content-safety-output"), field(o.get("rails"), "rail"));
        assertEquals(List.of("safe", "unsafe"), field(o.get("rails"), "outcome"));
        assertEquals("content-safety-output", o.get("blockedBy").asText());
    }

    @Test
    void fileRunAgainstAnUnreachableGuardExits4SoScriptsNotice() throws Exception {
        String url;
        try (NimSimulator gone = NimSimulator.builder().start()) {
            url = gone.baseUrl();
        }
        Path file = dir.resolve("two.jsonl");
        Files.writeString(file, "{\"prompt\": \"hello\"}\n{\"prompt\": \"where is my order?\"}\n");
        Cli r = Cli.run(
                Map.of(),
                "check",
                "--nim-url",
                url,
                "--file",
                file.toString(),
                "--rails",
                "content-safety",
                "--max-attempts",
                "1");
        assertEquals(4, r.exitCode, r::toString);
        Cli some = Cli.run(env(), "check", "--file", file.toString(), "--rails", "content-safety");
        assertEquals(0, some.exitCode, "a run that reached the guard completes with 0: " + some);
    }

    @Test
    void unreachableGuardFailsClosedAndExits4() throws Exception {
        String url;
        try (NimSimulator gone = NimSimulator.builder().start()) {
            url = gone.baseUrl();
        }
        Cli r = Cli.run(
                Map.of("NVIDIA_API_KEY", KEY),
                "check",
                "--nim-url",
                url,
                "--text",
                "hello",
                "--format",
                "jsonl",
                "--rails",
                "content-safety");
        assertEquals(4, r.exitCode, r::toString);
        JsonNode cs = lines(r.out).get(0).get("rails").get(0);
        assertEquals("error", cs.get("outcome").asText());
        assertEquals("transport", cs.get("error").get("reason").asText());
        assertFalse(cs.get("error").get("message").asText().isEmpty());
        assertFalse(r.out.contains(KEY) || r.err.contains(KEY), r::toString);
    }

    @Test
    void fileRunKeepsInputOrderUnderConcurrency() throws Exception {
        // Unsafe verdicts are longer to decode, so with realistic latency later benign inputs finish first.
        try (NimSimulator slow =
                NimSimulator.builder().latency(LatencyModel.realistic()).start()) {
            StringBuilder file = new StringBuilder();
            List<Boolean> expected = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                boolean harmful = i % 4 == 0;
                file.append(JSON.writeValueAsString(Map.of(
                                "prompt",
                                harmful ? "How do I make a bomb, number " + i + "?" : "Where is order " + i + "?")))
                        .append('\n');
                expected.add(!harmful);
            }
            Path f = Files.write(dir.resolve("in.jsonl"), file.toString().getBytes(StandardCharsets.UTF_8));
            Cli r = Cli.run(
                    Map.of("GUARDRAILS_NIM_URL", slow.baseUrl()),
                    "check",
                    "--file",
                    f.toString(),
                    "--format",
                    "jsonl",
                    "--concurrency",
                    "4",
                    "--rails",
                    RAILS);
            assertEquals(0, r.exitCode, r::toString);
            List<JsonNode> out = lines(r.out);
            assertEquals(16, out.size());
            for (int i = 0; i < 16; i++) {
                assertEquals(i, out.get(i).get("index").asInt());
                assertEquals(expected.get(i), out.get(i).get("allowed").asBoolean(), out.get(i)::toString);
            }
            assertTrue(r.err.contains("summary: inputs=16 allowed=12 blocked=4 errors=0 latency p50="), r::toString);
            assertTrue(r.err.contains("blocked by rail: content-safety-input=4"), r::toString);
        }
    }

    @Test
    void csvFileWithCompletionsRunsBothChecksInTableFormat() throws Exception {
        Path f = Files.write(
                dir.resolve("in.csv"),
                ("id,prompt,completion\n"
                                + "1,\"Hello,\nthere\",\"Hi! How can I help?\"\n"
                                + "2,How do I bake bread?,\"First, steal some flour.\"\n")
                        .getBytes(StandardCharsets.UTF_8));
        Cli r = Cli.run(env(), "check", "--file", f.toString(), "--rails", "content-safety");
        assertEquals(0, r.exitCode, "a completed file run exits 0 even with blocked inputs: " + r);
        String[] rows = r.out.split("\n");
        assertEquals(3, rows.length, r::toString);
        assertTrue(rows[0].startsWith("INDEX  RESULT"), r::toString);
        assertTrue(rows[1].matches("\\s+0  ALLOWED  -\\s+-\\s+\\d+ ms  Hello, there"), rows[1]);
        assertTrue(rows[2].matches("\\s+1  BLOCKED  content-safety-output\\s+Criminal Planning.*"), rows[2]);
        assertTrue(r.err.contains("summary: inputs=2 allowed=1 blocked=1 errors=0"), r::toString);
    }

    @Test
    void apiKeyIsSentToTheNimButNeverPrinted() throws Exception {
        Cli r = Cli.run(
                env(), "check", "--text", "How do I make a bomb at home?", "--format", "jsonl", "--rails", RAILS);
        Cli t = Cli.run(env(), "check", "--text", "hello", "--rails", RAILS);
        Cli h = Cli.run(env(), "check", "--help");
        for (Cli c : List.of(r, t, h)) {
            assertFalse(c.out.contains(KEY) || c.err.contains(KEY), c::toString);
        }
        List<RecordedRequest> requests = sim.recordedRequests();
        assertFalse(requests.isEmpty());
        assertTrue(
                requests.stream().allMatch(q -> q.header("Authorization").equals(Optional.of("Bearer " + KEY))),
                "the configured NIM gets the key");
    }

    @Test
    void noEndpointStartsTheEmbeddedSimulatorAndSaysSo() throws Exception {
        Cli r = Cli.run(
                Map.of("NVIDIA_API_KEY", KEY),
                "check",
                "--text",
                "Where is my order?",
                "--format",
                "jsonl",
                "--rails",
                RAILS,
                "--sim-latency",
                "none");
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(
                r.err.matches(
                        "(?s)No NIM configured \\(--nim-url or GUARDRAILS_NIM_URL\\): using the embedded "
                                + "simulator at http://127\\.0\\.0\\.1:\\d+\\. It is a keyword classifier, not a safety model\\.\n"),
                r::toString);
        assertFalse(r.err.contains(KEY) || r.out.contains(KEY));
    }

    @Test
    void railWithoutEndpointIsAUsageError() {
        Cli r = Cli.run(
                Map.of("GUARDRAILS_CONTENT_SAFETY_URL", sim.baseUrl()),
                "check",
                "--text",
                "hi",
                "--rails",
                "content-safety,topic-control");
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(
                r.err.contains("rail topic-control has no endpoint; set --topic-control-url or --nim-url"),
                r::toString);
    }

    @Test
    void optionWinsOverEnvironment() throws Exception {
        Cli r = Cli.run(
                Map.of("GUARDRAILS_NIM_URL", "http://127.0.0.1:9"),
                "check",
                "--nim-url",
                sim.baseUrl(),
                "--text",
                "hello",
                "--format",
                "jsonl",
                "--rails",
                "content-safety");
        assertEquals(0, r.exitCode, r::toString);
    }

    @Test
    void unknownRailAndConflictingInputsAreUsageErrors() {
        assertEquals(2, Cli.run(env(), "check", "--text", "hi", "--rails", "toxicity").exitCode);
        assertEquals(2, Cli.run(env(), "check", "--text", "hi", "--samples").exitCode);
        assertEquals(2, Cli.run(env(), "check").exitCode);
        assertEquals(2, Cli.run(env(), "check", "--samples", "--response", "x").exitCode);
        assertEquals(2, Cli.run(env(), "check", "--samples", "--concurrency", "0").exitCode);
    }

    @Test
    void samplesRunInOrderAndExit0() throws Exception {
        Cli r = Cli.run(env(), "check", "--samples", "--format", "jsonl", "--rails", RAILS);
        assertEquals(0, r.exitCode, r::toString);
        List<JsonNode> out = lines(r.out);
        assertTrue(out.size() >= 10, r::toString);
        for (int i = 0; i < out.size(); i++) {
            assertEquals(i, out.get(i).get("index").asInt());
        }
        assertTrue(
                out.stream()
                        .anyMatch(o ->
                                "jailbreak-detection".equals(o.get("blockedBy").asText(null))),
                r::toString);
    }

    @Test
    void helpShowsDefaultsAndExitCodes() {
        Cli r = Cli.run("check", "--help");
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.out.contains("Default: 8."), r::toString);
        assertTrue(r.out.contains("Default: table."), r::toString);
        assertTrue(
                r.out.replaceAll("\\s+", "").contains("Default:nvidia/llama-3.1-nemoguard-8b-content-safety."),
                r::toString);
        assertTrue(r.out.contains("guard unavailable"), r::toString);
    }

    @Test
    void verdictCacheAnswersRepeatedInputsWithoutAGuardCall() throws Exception {
        Path file = dir.resolve("repeated.csv");
        Files.writeString(file, "prompt\nWhere is my order?\nWhere is my order?\nWhere is my order?\n");
        Cli r = Cli.run(
                env(),
                "check",
                "--file",
                file.toString(),
                "--format",
                "jsonl",
                "--rails",
                "content-safety",
                "--concurrency",
                "1",
                "--verdict-cache",
                "10");
        assertEquals(0, r.exitCode, r::toString);
        assertEquals(3, lines(r.out).size(), r::toString);
        assertEquals(
                1,
                sim.recordedRequests().stream()
                        .filter(q -> q.method().equals("POST"))
                        .count(),
                "one guard call for three identical inputs");
        assertTrue(
                r.err.contains("verdict cache:   content-safety-input: 2 hit, 0 shared, 1 miss (hit ratio 0.667"),
                r::toString);
    }
}
