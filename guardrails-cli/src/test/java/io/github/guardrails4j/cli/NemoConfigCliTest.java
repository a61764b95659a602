package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config DIR}: the CLI runs a NeMo Guardrails configuration folder; every bad folder is exit 2. */
class NemoConfigCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONFIGS = Path.of("..", "..", "shared", "data", "nemo-configs");
    private static final String MODEL = "models:\n  - type: content_safety\n    engine: nim\n"
            + "    model: nvidia/llama-3.1-nemoguard-8b-content-safety\n";
    private static final String RAILS =
            "rails:\n  input:\n    flows:\n" + "      - content safety check input $model=content_safety\n";
    private static final String PROMPTS = "prompts:\n  - task: content_safety_check_input $model=content_safety\n"
            + "    content: |\n      Judge: {{ user_input }}\n    output_parser: nemoguard_parse_prompt_safety\n";

    private NimSimulator sim;

    @TempDir
    Path tmp;

    @BeforeEach
    void startSimulator() {
        sim = NimSimulator.builder().latency(LatencyModel.none()).start();
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    private static Path nemoguards() {
        assumeTrue(Files.isDirectory(CONFIGS.resolve("nemoguards")), "../shared is absent in a plain clone");
        return CONFIGS.resolve("nemoguards");
    }

    private Path folder(String name, String config, String prompts) throws IOException {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.writeString(d.resolve("config.yml"), config);
        if (prompts != null) {
            Files.writeString(d.resolve("prompts.yml"), prompts);
        }
        return d;
    }

    @Test
    void checkRunsContentSafetyTopicControlAndJailbreakDetectionAsTheNemoguardsConfigSays() throws Exception {
        Path config = nemoguards();
        Cli r = Cli.run(
                Map.of(),
                "check",
                "--config",
                config.toString(),
                "--nim-url",
                sim.baseUrl(),
                "--text",
                "Where is my order?",
                "--response",
                "It ships tomorrow.",
                "--format",
                "jsonl");
        assertEquals(0, r.exitCode, r::toString);
        JsonNode o = JSON.readTree(r.out.strip());
        assertTrue(o.get("allowed").asBoolean(), r::toString);
        List<String> rails = new ArrayList<>();
        o.get("rails").forEach(x -> rails.add(x.get("rail").asText()));
        assertEquals(
                List.of("content-safety-input", "topic-control", "jailbreak-detection", "content-safety-output"),
                rails);
        List<String> paths = sim.recordedRequests().stream()
                .map(RecordedRequest::path)
                .sorted()
                .toList();
        assertEquals(
                List.of(
                        "/v1/chat/completions",
                        "/v1/chat/completions",
                        "/v1/chat/completions",
                        "/v1/security/nvidia/nemoguard-jailbreak-detect"),
                paths);
        String topic = sim.recordedRequests().stream()
                .filter(q -> q.model().orElse("").endsWith("topic-control"))
                .findFirst()
                .orElseThrow()
                .body();
        assertTrue(topic.contains("You are to act as a customer service agent"), topic);
        assertFalse(r.err.contains("Exception"), r.err);
    }

    @Test
    void renderPrintsTheConfigsPromptByteForByteAsNemoSendsIt() throws Exception {
        Path config = nemoguards();
        JsonNode golden = JSON.readTree(Files.readString(
                CONFIGS.resolve("goldens").resolve("nemoguards").resolve("3.json")));
        Cli r = Cli.run(
                Map.of(),
                "render",
                "--config",
                config.toString(),
                "--rail",
                "content-safety-input",
                "--text",
                golden.get("user").asText());
        assertEquals(0, r.exitCode, r::toString);
        assertEquals(
                golden.get("requests")
                        .get(0)
                        .get("body")
                        .get("messages")
                        .get(0)
                        .get("content")
                        .asText()
                        // the one deliberate difference (docs/nemo-config.md): control tokens in the user's text
                        // are neutralised, NeMo sends them verbatim
                        .replace("<|", "<\u200B|"),
                r.bytesAsUtf8());
    }

    @Test
    void doctorAndBenchTakeTheConfigToo() {
        Path config = nemoguards();
        Cli doctor = Cli.run(Map.of(), "doctor", "--config", config.toString(), "--nim-url", sim.baseUrl());
        assertEquals(0, doctor.exitCode, doctor::toString);
        assertTrue(doctor.out.contains("topic-control"), doctor::toString);
        Cli bench = Cli.run(
                Map.of(), "bench", "--config", config.toString(), "--nim-url", sim.baseUrl(), "--requests", "3");
        assertEquals(0, bench.exitCode, bench::toString);
    }

    private void assertUsageError(Cli r, String... fragments) {
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(r.err.startsWith("error: "), r::toString);
        for (String f : fragments) {
            assertTrue(r.err.contains(f), () -> "missing '" + f + "' in " + r);
        }
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), r::toString);
    }

    @Test
    void eachBadConfigIsAClearErrorNamingTheFileWithExit2AndNoStackTrace() throws Exception {
        Path unknown = folder("unknown", MODEL + RAILS + "      - self check input\n", PROMPTS);
        assertUsageError(
                Cli.run(Map.of(), "check", "--config", unknown.toString(), "--text", "hi"),
                unknown.resolve("config.yml") + ": rails.input.flows[1] 'self check input': not one of the NemoGuard "
                        + "flows");
        Path noPrompt = folder("noprompt", MODEL + RAILS, null);
        assertUsageError(
                Cli.run(Map.of(), "check", "--config", noPrompt.toString(), "--text", "hi"),
                noPrompt.resolve("config.yml") + ": rails.input.flows[0] 'content safety check input "
                        + "$model=content_safety': no prompt for task");
        Path twice = folder("twice", MODEL + "    parameters:\n      model: other\n" + RAILS, PROMPTS);
        assertUsageError(
                Cli.run(Map.of(), "check", "--config", twice.toString(), "--text", "hi"),
                twice.resolve("config.yml") + ": models[0] (type content_safety).model is given in more than one "
                        + "place");
        Path key = folder("key", MODEL + "    api_key_env_var: GUARD_API_KEY\n" + RAILS, PROMPTS);
        assertUsageError(
                Cli.run(Map.of(), "check", "--config", key.toString(), "--text", "hi"),
                key.resolve("config.yml") + ": models[0] (type content_safety).api_key_env_var names GUARD_API_KEY, "
                        + "which is not set in the environment");
        Path syntax = folder("syntax", "models:\n  - type: x\n   engine: nim\n", null);
        assertUsageError(
                Cli.run(Map.of(), "check", "--config", syntax.toString(), "--text", "hi"),
                syntax.resolve("config.yml") + " line 3 column 4: not valid YAML");
        Path bomb = folder("bomb", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n", null);
        assertUsageError(
                Cli.run(Map.of(), "check", "--config", bomb.toString(), "--text", "hi"),
                bomb.resolve("config.yml") + " line 2: YAML aliases (*a) are not accepted");
        assertUsageError(
                Cli.run(Map.of(), "doctor", "--config", bomb.toString()),
                bomb.resolve("config.yml") + " line 2: YAML aliases (*a) are not accepted");
        assertUsageError(
                Cli.run(Map.of(), "bench", "--config", bomb.toString()),
                bomb.resolve("config.yml") + " line 2: YAML aliases (*a) are not accepted");
        Path answers = Files.writeString(tmp.resolve("a.csv"), "prompt,response\nhi,hello\n");
        assertUsageError(
                Cli.run(Map.of(), "bench-long", "--config", bomb.toString(), "--file", answers.toString()),
                bomb.resolve("config.yml") + " line 2: YAML aliases (*a) are not accepted");
        assertUsageError(
                Cli.run(
                        Map.of(),
                        "render",
                        "--config",
                        bomb.toString(),
                        "--rail",
                        "content-safety-input",
                        "--text",
                        "x"),
                bomb.resolve("config.yml") + " line 2: YAML aliases (*a) are not accepted");
    }

    @Test
    void railsPicksSomeOfTheConfigsRails() {
        Path config = nemoguards();
        Cli r = Cli.run(
                Map.of(),
                "check",
                "--config",
                config.toString(),
                "--nim-url",
                sim.baseUrl(),
                "--rails",
                "topic-control",
                "--text",
                "Where is my order?",
                "--format",
                "jsonl");
        assertEquals(0, r.exitCode, r::toString);
        assertEquals(1, sim.recordedRequests().size());
        assertEquals(
                "nvidia/llama-3.1-nemoguard-8b-topic-control",
                sim.recordedRequests().get(0).model().orElseThrow());
    }
}
