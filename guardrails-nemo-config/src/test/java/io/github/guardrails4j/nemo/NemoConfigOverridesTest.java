package io.github.guardrails4j.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.model.builtin.NemoGuardTopicControl;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NemoConfig.Loader}'s per-kind overrides: what a caller sets instead of the configuration. */
class NemoConfigOverridesTest {
    private static final String MODELS = TestConfigs.CONTENT_SAFETY_MODEL
            + "    api_key_env_var: GUARD_KEY\n"
            + "  - type: topic_control\n    engine: nim\n    model: nvidia/llama-3.1-nemoguard-8b-topic-control\n"
            + "    parameters:\n      base_url: http://127.0.0.1:8001/v1\n";
    private static final String RAILS = "rails:\n"
            + "  config:\n    jailbreak_detection:\n      nim_base_url: http://127.0.0.1:8002/v1\n"
            + "  input:\n    flows:\n"
            + "      - content safety check input $model=content_safety\n"
            + "      - topic safety check input $model=topic_control\n"
            + "      - jailbreak detection model\n";
    private static final String PROMPTS = TestConfigs.CONTENT_SAFETY_PROMPTS
            + "  - task: topic_safety_check_input $model=topic_control\n"
            + "    content: Talk about cakes only.\n    max_tokens: 10\n";

    @TempDir
    Path tmp;

    private Path folder() {
        return TestConfigs.folder(tmp, "overrides", MODELS + RAILS, PROMPTS);
    }

    @Test
    void eachKindsEndpointAndModelIdAreReplacedAndTheOthersKept() {
        NemoConfig config = NemoConfig.loader()
                .environment(Map.of())
                .baseUrlOverride("http://127.0.0.1:9100")
                .baseUrlOverride(FlowKind.TOPIC_SAFETY, "http://127.0.0.1:9200")
                .baseUrlOverride(FlowKind.JAILBREAK_DETECTION, "http://127.0.0.1:9300")
                .modelOverride(FlowKind.CONTENT_SAFETY, "acme/cs")
                .modelOverride(FlowKind.JAILBREAK_DETECTION, "acme/jb")
                .load(folder());
        assertEquals(
                List.of(
                        new NemoFlow(
                                "content safety check input $model=content_safety",
                                RailDirection.INPUT,
                                "content-safety-input",
                                "content_safety",
                                "acme/cs",
                                "http://127.0.0.1:9100",
                                Optional.empty()),
                        new NemoFlow(
                                "topic safety check input $model=topic_control",
                                RailDirection.INPUT,
                                "topic-control",
                                "topic_control",
                                "nvidia/llama-3.1-nemoguard-8b-topic-control",
                                "http://127.0.0.1:9200",
                                Optional.empty()),
                        new NemoFlow(
                                "jailbreak detection model",
                                RailDirection.INPUT,
                                "jailbreak-detection",
                                "jailbreak_detection",
                                "acme/jb",
                                "http://127.0.0.1:9300",
                                Optional.of("/v1/classify"))),
                config.flows());
        try (NemoGuardrails nemo = config.open()) {
            NimRail cs = (NimRail) nemo.guardrails().inputRails().get(0);
            ChatRequest r = (ChatRequest) cs.request(RailRequest.ofInput("hi"));
            assertEquals("acme/cs", r.model());
            // the configuration's prompt, not a built-in one
            assertEquals(
                    "Judge the user message.\nuser: hi", r.messages().get(0).content());
        }
    }

    @Test
    void topicGuidelinesReplaceThePromptsContentAndKeepItsMaxTokens() {
        NemoConfig config = NemoConfig.loader()
                .environment(Map.of("GUARD_KEY", "k"))
                .topicGuidelinesOverride("Bread only.")
                .load(folder());
        try (NemoGuardrails nemo = config.open()) {
            NimRail topic = (NimRail) nemo.guardrails().inputRails().get(1);
            ChatRequest r = (ChatRequest) topic.request(RailRequest.ofInput("hi"));
            assertEquals(
                    NemoGuardTopicControl.systemMessage("Bread only."),
                    r.messages().get(0).content());
            assertEquals(10, r.maxTokens());
        }
    }

    @Test
    void anEndpointOverrideMakesAMissingApiKeyVariableNoError() {
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> NemoConfig.load(folder(), Map.of()));
        assertTrue(e.getMessage().contains("api_key_env_var names GUARD_KEY"), e::getMessage);
        NemoConfig config = NemoConfig.loader()
                .environment(Map.of())
                .baseUrlOverride(FlowKind.CONTENT_SAFETY, "http://127.0.0.1:9100")
                .load(folder());
        assertEquals("http://127.0.0.1:9100", config.flows().get(0).baseUrl());
    }

    @Test
    void anOverrideForAKindTheConfigurationDoesNotListIsAWarning() {
        Path dir = TestConfigs.folder(
                tmp,
                "cs-only",
                TestConfigs.CONTENT_SAFETY_MODEL + TestConfigs.CONTENT_SAFETY_RAILS,
                TestConfigs.CONTENT_SAFETY_PROMPTS);
        NemoConfig config = NemoConfig.loader()
                .environment(Map.of())
                .topicGuidelinesOverride("Bread only.")
                .modelOverride(FlowKind.JAILBREAK_DETECTION, "acme/jb")
                .load(dir);
        assertEquals(
                List.of(
                        "the jailbreak detection endpoint, model or guidelines given instead of the configuration's "
                                + "are not used: it lists no such flow",
                        "the topic safety endpoint, model or guidelines given instead of the configuration's are "
                                + "not used: it lists no such flow"),
                config.warnings());
    }
}
