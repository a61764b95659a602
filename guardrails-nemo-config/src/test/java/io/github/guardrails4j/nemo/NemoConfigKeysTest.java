package io.github.guardrails4j.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.rail.RailRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys of issue 16's "read, at least" list that no other self-contained test exercises (the goldens need ../shared). */
class NemoConfigKeysTest {
    private static final String INPUT_RAIL =
            "rails:\n  input:\n    flows:\n      - content safety check input $model=content_safety\n";
    private static final String SECRET = "nvapi-s3cr3t-Key-0123456789";

    @TempDir
    Path tmp;

    private static String model(String extra) {
        return "models:\n  - type: content_safety\n" + extra;
    }

    private static String inputPrompt(String body) {
        return "prompts:\n  - task: content_safety_check_input $model=content_safety\n" + body
                + "    output_parser: nemoguard_parse_prompt_safety\n";
    }

    private static ChatRequest inputRequest(NemoConfig config, String text) {
        try (NemoGuardrails nemo = config.open()) {
            return (ChatRequest) ((NimRail) nemo.guardrails().inputRails().get(0)).request(RailRequest.ofInput(text));
        }
    }

    @Test
    void messagesPromptsSendEachMessageWithItsRole() {
        Path dir = TestConfigs.folder(
                tmp,
                "messages",
                TestConfigs.CONTENT_SAFETY_MODEL + INPUT_RAIL,
                inputPrompt("    messages:\n      - type: system\n        content: Judge safety.\n"
                        + "      - type: user\n        content: \"user: {{ user_input }}\"\n"));
        ChatRequest r = inputRequest(NemoConfig.load(dir, Map.of()), "hi");
        assertEquals(
                List.of(new ChatMessage(ChatMessage.SYSTEM, "Judge safety."), ChatMessage.user("user: hi")),
                r.messages());
    }

    @Test
    void fixedTextAfterTheInsertedValueIsSentAsWrittenWithAWarning() {
        Path dir = TestConfigs.folder(
                tmp,
                "suffix",
                TestConfigs.CONTENT_SAFETY_MODEL + INPUT_RAIL,
                inputPrompt("    content: \"Judge: {{ user_input }}\\nAnswer safe or unsafe.\"\n"));
        NemoConfig config = NemoConfig.load(dir, Map.of());
        assertEquals(
                "Judge: hi\nAnswer safe or unsafe.",
                inputRequest(config, "hi").messages().get(0).content());
        assertTrue(
                config.warnings().stream().anyMatch(w -> w.contains("characters of fixed text follow")),
                config.warnings()::toString);
    }

    @Test
    void modelNameAndOpenaiApiBaseAreReadAsNemoReadsThem() {
        Path dir = TestConfigs.folder(
                tmp,
                "legacy",
                model("    engine: vllm_openai\n    parameters:\n      model_name: acme/guard\n"
                                + "      openai_api_base: http://127.0.0.1:8000/v1\n")
                        + INPUT_RAIL,
                inputPrompt("    content: \"{{ user_input }}\"\n"));
        NemoConfig config = NemoConfig.load(dir, Map.of());
        assertEquals("acme/guard", config.flows().get(0).modelId());
        assertEquals("http://127.0.0.1:8000/v1", config.flows().get(0).baseUrl());
        assertEquals("acme/guard", inputRequest(config, "hi").model());
        assertTrue(
                config.warnings().stream().anyMatch(w -> w.contains("parameters.openai_api_base is read as base_url")),
                config.warnings()::toString);
    }

    @Test
    void aVllmEngineWithoutBaseUrlIsAnError() {
        Path dir = TestConfigs.folder(
                tmp,
                "vllm",
                model("    engine: vllm_openai\n    model: acme/guard\n") + INPUT_RAIL,
                inputPrompt("    content: \"{{ user_input }}\"\n"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> NemoConfig.load(dir, Map.of()));
        assertTrue(e.getMessage().contains("engine vllm_openai needs parameters.base_url"), e::getMessage);
    }

    @Test
    void theJailbreakEndpointDefaultsToClassifyAndItsApiKeyVariableMustBeSet() {
        Path dir = TestConfigs.folder(
                tmp,
                "jailbreak",
                "rails:\n  input:\n    flows:\n      - jailbreak detection model\n"
                        + "  config:\n    jailbreak_detection:\n      nim_base_url: http://127.0.0.1:8000/v1\n"
                        + "      api_key_env_var: JB_KEY\n",
                null);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> NemoConfig.load(dir, Map.of()));
        assertTrue(
                e.getMessage()
                        .contains("rails.config.jailbreak_detection.api_key_env_var names JB_KEY, which is not "
                                + "set in the environment"),
                e::getMessage);
        NemoConfig config = NemoConfig.load(dir, Map.of("JB_KEY", SECRET));
        assertEquals(Optional.of("/v1/classify"), config.flows().get(0).path());
        assertEquals("http://127.0.0.1:8000", config.flows().get(0).baseUrl());
        assertFalse(config.toString().contains(SECRET), config::toString);
        assertFalse(config.flows().toString().contains(SECRET));
    }

    @Test
    void multilingualRefusalsAreUnsupportedAndLenientIgnoresThemWithAWarning() {
        Path dir = TestConfigs.folder(
                tmp,
                "multilingual",
                TestConfigs.CONTENT_SAFETY_MODEL
                        + INPUT_RAIL
                        + "  config:\n    content_safety:\n      multilingual:\n        enabled: true\n",
                inputPrompt("    content: \"{{ user_input }}\"\n"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> NemoConfig.load(dir, Map.of()));
        assertTrue(e.getMessage().contains("multilingual.enabled"), e::getMessage);
        NemoConfig lenient =
                NemoConfig.loader().environment(Map.of()).lenient(true).load(dir);
        assertTrue(
                lenient.warnings().stream().anyMatch(w -> w.contains("multilingual.enabled")),
                lenient.warnings()::toString);
    }

    @Test
    void theApiKeyNeverAppearsInErrorsWarningsOrToString() {
        String config = model("    engine: nim\n    model: acme/guard\n    api_key_env_var: GUARD_KEY\n"
                        + "    parameters:\n      base_url: http://127.0.0.1:8000/v1\n      temperature: 0.5\n")
                + INPUT_RAIL;
        Path ok = TestConfigs.folder(tmp, "ok", config, inputPrompt("    content: \"{{ user_input }}\"\n"));
        NemoConfig loaded = NemoConfig.load(ok, Map.of("GUARD_KEY", SECRET));
        assertFalse(loaded.warnings().isEmpty(), "temperature is read, not sent: a warning");
        assertFalse(String.join("\n", loaded.warnings()).contains(SECRET));
        assertFalse(loaded.toString().contains(SECRET), loaded::toString);
        try (NemoGuardrails nemo = loaded.open()) {
            assertFalse(nemo.toString().contains(SECRET), nemo::toString);
            assertFalse(nemo.clients().toString().contains(SECRET));
        }
        Path bad = TestConfigs.folder(
                tmp, "bad", config + "      - self check input\n", inputPrompt("    content: \"{{ user_input }}\"\n"));
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> NemoConfig.load(bad, Map.of("GUARD_KEY", SECRET)));
        assertFalse(e.getMessage().contains(SECRET), e::getMessage);
    }
}
