package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.guardrails4j.model.builtin.NemoGuardTopicControl;
import io.github.guardrails4j.nemo.NemoConfig;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.nim.VerdictCache;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.testkit.Fault;
import io.github.guardrails4j.testkit.FaultInjector;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.ModelFormat;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --config DIR} with the command's own options on top: each option (and environment variable) that names an
 * endpoint, a model, the topic guidelines or the verdict cache wins over the folder, shown on the requests the
 * simulators received. The folder's own endpoints are a closed loopback port: a request that still went there
 * would never reach a simulator.
 */
class NemoConfigOverridesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The folder's endpoint: the discard port on loopback, where nothing listens. */
    static final String UNREACHABLE = "http://127.0.0.1:9";

    static final String CS_MODEL = "nvidia/llama-3.1-nemoguard-8b-content-safety";
    static final String TOPIC_MODEL = "nvidia/llama-3.1-nemoguard-8b-topic-control";
    static final String JAILBREAK_PATH = "/v1/security/nvidia/nemoguard-jailbreak-detect";

    static final String MODELS = "models:\n"
            + "  - type: content_safety\n    engine: nim\n    model: " + CS_MODEL + "\n"
            + "    parameters:\n      base_url: " + UNREACHABLE + "/v1\n"
            + "  - type: topic_control\n    engine: nim\n    model: " + TOPIC_MODEL + "\n"
            + "    parameters:\n      base_url: " + UNREACHABLE + "/v1\n";
    static final String RAILS = "rails:\n"
            + "  config:\n    jailbreak_detection:\n      nim_base_url: " + UNREACHABLE + "\n"
            + "      nim_server_endpoint: " + JAILBREAK_PATH + "\n"
            + "  input:\n    flows:\n"
            + "      - content safety check input $model=content_safety\n"
            + "      - topic safety check input $model=topic_control\n"
            + "      - jailbreak detection model\n"
            + "  output:\n    flows:\n"
            + "      - content safety check output $model=content_safety\n";
    static final String PROMPTS = "prompts:\n"
            + "  - task: content_safety_check_input $model=content_safety\n"
            + "    content: \"user: {{ user_input }}\"\n"
            + "    output_parser: nemoguard_parse_prompt_safety\n    max_tokens: 50\n"
            + "  - task: content_safety_check_output $model=content_safety\n"
            + "    content: \"user: {{ user_input }}\\n\\nresponse: agent: {{ bot_response }}\"\n"
            + "    output_parser: nemoguard_parse_response_safety\n    max_tokens: 50\n"
            + "  - task: topic_safety_check_input $model=topic_control\n"
            + "    content: \"Talk about cakes only.\"\n    max_tokens: 10\n";

    private NimSimulator sim;
    private NimSimulator other;

    @TempDir
    Path tmp;

    @BeforeEach
    void startSimulators() {
        sim = NimSimulator.builder()
                .latency(LatencyModel.none())
                .model("acme/cs-guard", ModelFormat.NEMOGUARD_JSON)
                .model("acme/topic-guard", ModelFormat.TOPIC_CONTROL)
                .start();
        other = NimSimulator.builder().latency(LatencyModel.none()).start();
    }

    @AfterEach
    void stopSimulators() {
        sim.close();
        other.close();
    }

    static Path folder(Path parent, String config) {
        try {
            Path d = Files.createDirectories(parent.resolve("config"));
            Files.writeString(d.resolve("config.yml"), config);
            Files.writeString(d.resolve("prompts.yml"), PROMPTS);
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path config() {
        return folder(tmp, MODELS + RAILS);
    }

    private static List<String> args(String... args) {
        return new ArrayList<>(List.of(args));
    }

    private Cli check(Map<String, String> env, List<String> extra) {
        List<String> a = args(
                "check",
                "--config",
                config().toString(),
                "--text",
                "Where is my cake?",
                "--response",
                "It is in the oven.",
                "--format",
                "jsonl");
        a.addAll(extra);
        return Cli.run(env, a.toArray(String[]::new));
    }

    /** {@return what each request was for: cs-input, cs-output, topic or jailbreak, in arrival order} */
    private static List<String> kinds(NimSimulator s) {
        List<String> kinds = new ArrayList<>();
        for (RecordedRequest q : s.recordedRequests()) {
            kinds.add(kind(q));
        }
        return kinds.stream().sorted().toList();
    }

    private static String kind(RecordedRequest q) {
        if (q.path().equals(JAILBREAK_PATH)) {
            return "jailbreak";
        }
        if (q.body().contains("Talk about cakes only.") || q.model().orElse("").contains("topic")) {
            return "topic";
        }
        return q.body().contains("response: agent:") ? "cs-output" : "cs-input";
    }

    private static JsonNode firstMessage(RecordedRequest q) throws IOException {
        return JSON.readTree(q.body()).get("messages").get(0);
    }

    private static void assertAllowed(Cli r) throws IOException {
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(JSON.readTree(r.out.strip()).get("allowed").asBoolean(), r::toString);
    }

    @Test
    void theNimUrlVariableReplacesTheConfigsEndpointsAndTheOptionWinsOverIt() throws Exception {
        Cli r = check(Map.of("GUARDRAILS_NIM_URL", sim.baseUrl()), List.of());
        assertAllowed(r);
        assertEquals(List.of("cs-input", "cs-output", "jailbreak", "topic"), kinds(sim));

        Cli both = check(Map.of("GUARDRAILS_NIM_URL", sim.baseUrl()), List.of("--nim-url", other.baseUrl()));
        assertAllowed(both);
        assertEquals(4, sim.recordedRequests().size(), "the variable's simulator got no more requests");
        assertEquals(List.of("cs-input", "cs-output", "jailbreak", "topic"), kinds(other));
    }

    @Test
    void aRailsUrlOptionAndVariableReplaceThatRailsEndpointOnly() throws Exception {
        Cli r = check(
                Map.of("GUARDRAILS_JAILBREAK_URL", other.baseUrl()),
                List.of("--nim-url", sim.baseUrl(), "--topic-control-url", other.baseUrl()));
        assertAllowed(r);
        assertEquals(List.of("cs-input", "cs-output"), kinds(sim));
        assertEquals(List.of("jailbreak", "topic"), kinds(other));
        // the jailbreak endpoint keeps the configuration's path (nim_server_endpoint) on the new origin
        assertTrue(other.recordedRequests().stream().anyMatch(q -> q.path().equals(JAILBREAK_PATH)));

        // the rail's own option wins over its variable
        Cli own = check(
                Map.of("GUARDRAILS_CONTENT_SAFETY_URL", other.baseUrl()),
                List.of("--nim-url", sim.baseUrl(), "--content-safety-url", sim.baseUrl()));
        assertAllowed(own);
        assertEquals(List.of("cs-input", "cs-input", "cs-output", "cs-output", "jailbreak", "topic"), kinds(sim));
    }

    @Test
    void modelOptionsReplaceTheConfigsModelIdsAndDefaultsDoNot() throws Exception {
        Cli defaults = check(Map.of(), List.of("--nim-url", sim.baseUrl()));
        assertAllowed(defaults);
        assertEquals(
                List.of(CS_MODEL, CS_MODEL, TOPIC_MODEL),
                sim.recordedRequests().stream()
                        .flatMap(q -> q.model().stream())
                        .sorted()
                        .toList());

        Cli r = check(
                Map.of(),
                List.of(
                        "--nim-url",
                        other.baseUrl(),
                        "--content-safety-model",
                        "acme/cs-guard",
                        "--topic-control-model",
                        "acme/topic-guard"));
        // the second simulator serves neither id: it answers 404, and the checks fail closed
        assertEquals(4, r.exitCode, r::toString);
        assertEquals(
                List.of("acme/cs-guard", "acme/cs-guard", "acme/topic-guard"),
                other.recordedRequests().stream()
                        .flatMap(q -> q.model().stream())
                        .sorted()
                        .toList());

        Cli served = check(
                Map.of(),
                List.of(
                        "--nim-url",
                        sim.baseUrl(),
                        "--content-safety-model",
                        "acme/cs-guard",
                        "--topic-control-model",
                        "acme/topic-guard"));
        assertAllowed(served);
        // the prompt is still the configuration's
        RecordedRequest input = sim.recordedRequests().stream()
                .filter(q -> q.model().orElse("").equals("acme/cs-guard") && kind(q).equals("cs-input"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                "user: Where is my cake?", firstMessage(input).get("content").asText());
    }

    @Test
    void jailbreakModelReplacesTheIdDoctorLooksFor() {
        Cli r = Cli.run(
                Map.of(),
                "doctor",
                "--config",
                config().toString(),
                "--nim-url",
                sim.baseUrl(),
                "--jailbreak-model",
                "acme/jailbreak-guard");
        assertTrue(r.out.contains("acme/jailbreak-guard is not listed by /v1/models"), r::toString);
        assertFalse(r.out.contains("nvidia/nemoguard-jailbreak-detect is"), r::toString);
    }

    @Test
    void topicGuidelinesReplaceTheTopicPromptsContent() throws Exception {
        Path guidelines = Files.writeString(tmp.resolve("g.txt"), "Talk about bread only.\n");
        Cli r = check(Map.of(), List.of("--nim-url", sim.baseUrl(), "--topic-guidelines", guidelines.toString()));
        assertEquals(0, r.exitCode, r::toString);
        RecordedRequest topic = sim.recordedRequests().stream()
                .filter(q -> q.model().orElse("").equals(TOPIC_MODEL))
                .findFirst()
                .orElseThrow();
        JsonNode system = firstMessage(topic);
        assertEquals("system", system.get("role").asText());
        assertEquals(
                NemoGuardTopicControl.systemMessage("Talk about bread only.\n"),
                system.get("content").asText());
        // the prompt's max_tokens still applies
        assertEquals(10, JSON.readTree(topic.body()).get("max_tokens").asInt());
    }

    @Test
    void contentSafetyFormatIsRefusedWithTheReason() {
        Cli r = check(Map.of(), List.of("--nim-url", sim.baseUrl(), "--content-safety-format", "llama-guard-3"));
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(
                r.err.contains("--content-safety-format cannot be combined with --config: the configuration's "
                        + "content safety prompt and its output_parser decide how the model's answer is read"),
                r::toString);
        assertTrue(sim.recordedRequests().isEmpty());
    }

    @Test
    void theVerdictCacheOptionReplacesTheConfigsCache() throws Exception {
        Path file = Files.writeString(
                tmp.resolve("same.csv"), "prompt\nWhere is my cake?\nWhere is my cake?\n" + "Where is my cake?\n");
        String cached = MODELS.replace(
                "  - type: topic_control",
                "    cache:\n      enabled: true\n      maxsize: 5\n  - type: topic_control");
        List<String> common =
                args("check", "--file", file.toString(), "--nim-url", sim.baseUrl(), "--rails", "content-safety");
        common.addAll(List.of("--concurrency", "1", "--format", "jsonl", "--config"));

        List<String> none = new ArrayList<>(common);
        none.add(folder(tmp.resolve("none"), MODELS + RAILS).toString());
        assertEquals(0, Cli.run(Map.of(), none.toArray(String[]::new)).exitCode);
        assertEquals(3, sim.recordedRequests().size(), "no cache: one request per input");

        List<String> fromConfig = new ArrayList<>(common);
        fromConfig.add(folder(tmp.resolve("cached"), cached + RAILS).toString());
        Cli c = Cli.run(Map.of(), fromConfig.toArray(String[]::new));
        assertEquals(0, c.exitCode, c::toString);
        assertEquals(4, sim.recordedRequests().size(), "the config's cache: one request for three inputs");
        assertFalse(c.err.contains("verdict cache:"), "the config's cache is not the option's counted one");

        List<String> option = new ArrayList<>(none);
        option.addAll(List.of("--verdict-cache", "10"));
        Cli o = Cli.run(Map.of(), option.toArray(String[]::new));
        assertEquals(0, o.exitCode, o::toString);
        assertEquals(5, sim.recordedRequests().size(), "--verdict-cache: one request for three inputs");
        assertTrue(o.err.contains("verdict cache:   content-safety-input:"), o::toString);

        // with both, every rail answers from the option's one cache, not from the configuration's
        NemoConfig config = NemoConfig.load(tmp.resolve("cached").resolve("config"), Map.of());
        GuardSetup.Settings settings = new GuardSetup.Settings(
                null,
                Map.of(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new GuardSetup.ClientSettings(
                        Duration.ofSeconds(1), ResilienceConfig.builder().build()));
        VerdictCache mine = VerdictCache.builder().maximumSize(10).build();
        try (GuardSetup setup = GuardSetup.fromNemo(config, settings)) {
            List<NimRail> csRails = setup.configuredRails().stream()
                    .filter(r -> r.name() == RailName.CONTENT_SAFETY)
                    .map(r -> (NimRail) r.rail())
                    .toList();
            assertEquals(2, csRails.size());
            VerdictCache configs = csRails.get(0).verdictCache().orElseThrow();
            assertNotSame(mine, configs);
            for (GuardSetup.ConfiguredRail r : setup.withVerdictCache(mine).configuredRails()) {
                assertSame(mine, ((NimRail) r.rail()).verdictCache().orElseThrow(), r::toString);
            }
        }
    }

    @Test
    void benchLongRunsTheConfigsOutputRailOnTheOverriddenEndpoint() throws Exception {
        Path answers = Files.writeString(
                tmp.resolve("answers.jsonl"),
                "{\"prompt\": \"a\", \"response\": \"Flour, sugar and eggs make a simple sponge cake.\"}\n"
                        + "{\"prompt\": \"b\", \"response\": \"Whisk them well, fold gently, then bake it.\"}\n");
        Cli r = Cli.run(
                Map.of("GUARDRAILS_NIM_URL", sim.baseUrl()),
                "bench-long",
                "--config",
                config().toString(),
                "--file",
                answers.toString(),
                "--sizes",
                "150",
                "--repeats",
                "1",
                "--warm-up-rounds",
                "0",
                "--pool",
                "2",
                "--window",
                "60",
                "--overlap",
                "10");
        assertEquals(0, r.exitCode, r::toString);
        List<String> checked = new ArrayList<>();
        for (RecordedRequest q : sim.recordedRequests()) {
            String content = firstMessage(q).get("content").asText();
            if (content.contains("response: agent:")) {
                checked.add(content);
            }
        }
        // screening (2 answers) + one single check + the windows of one windowed check (150 chars: 3 windows)
        assertEquals(2 + 1 + 3, checked.size(), r::toString);
        for (String c : checked) {
            // the configuration's output prompt, not the built-in NemoGuard template
            assertTrue(c.startsWith("user: "), c);
        }
    }

    @Test
    void doctorOnlyWarnsWhenTheConfigsTopicGuidelinesFindItsBenignTextOffTopic() {
        try (NimSimulator strict = NimSimulator.builder()
                .latency(LatencyModel.none())
                .offTopicKeywords(List.of("order"))
                .start()) {
            Cli r = Cli.run(Map.of(), "doctor", "--config", config().toString(), "--nim-url", strict.baseUrl());
            assertEquals(0, r.exitCode, r::toString);
            assertTrue(
                    r.out.contains("  WARN  topic-control")
                            && r.out.contains("(it may be off-topic for the configuration's topic guidelines: "),
                    r::toString);
        }
    }

    @Test
    void theRetryOptionAppliesToTheConfigsClients() {
        for (String attempts : List.of("3", "1")) {
            try (NimSimulator flaky = NimSimulator.builder()
                    .latency(LatencyModel.none())
                    .faults(FaultInjector.firstRequests(1, Fault.status(503)))
                    .start()) {
                Cli r = Cli.run(
                        Map.of(),
                        "check",
                        "--config",
                        config().toString(),
                        "--nim-url",
                        flaky.baseUrl(),
                        "--rails",
                        "content-safety",
                        "--max-attempts",
                        attempts,
                        "--text",
                        "Where is my cake?");
                if (attempts.equals("3")) {
                    assertEquals(0, r.exitCode, r::toString);
                    assertEquals(2, flaky.recordedRequests().size(), "the 503, then the retry");
                } else {
                    assertEquals(4, r.exitCode, "one attempt: the 503 fails the check closed\n" + r);
                    assertEquals(1, flaky.recordedRequests().size());
                }
            }
        }
    }
}
