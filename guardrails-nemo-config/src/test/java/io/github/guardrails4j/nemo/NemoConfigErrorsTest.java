package io.github.guardrails4j.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.guardrails4j.exception.ConfigurationException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake and unsupported setting is one ConfigurationException that names the file, the place and the fix. */
class NemoConfigErrorsTest {
    @TempDir
    Path tmp;

    private String error(Path dir, Map<String, String> env) {
        return assertThrows(ConfigurationException.class, () -> NemoConfig.load(dir, env))
                .getMessage();
    }

    @Test
    void anUnknownFlowIsNamed() {
        Path dir = TestConfigs.folder(
                tmp,
                "unknown",
                TestConfigs.CONTENT_SAFETY_MODEL
                        + "rails:\n  input:\n    flows:\n      - self check input\n"
                        + "      - content safety check input $model=content_safety\n",
                TestConfigs.CONTENT_SAFETY_PROMPTS);
        assertEquals(
                "the NeMo Guardrails configuration in " + dir + " cannot be used: it uses what Guardrails4j does not "
                        + "support (load it leniently to ignore these with a warning; see docs/nemo-config.md):\n"
                        + "  - " + dir.resolve("config.yml") + ": rails.input.flows[0] 'self check input': not one of "
                        + "the NemoGuard flows Guardrails4j runs (content safety check input/output $model=TYPE, "
                        + "topic safety check input $model=TYPE, jailbreak detection model)",
                error(dir, Map.of()));
    }

    @Test
    void aMissingPromptIsAnError() {
        Path dir = TestConfigs.folder(
                tmp, "noprompt", TestConfigs.CONTENT_SAFETY_MODEL + TestConfigs.CONTENT_SAFETY_RAILS, null);
        String m = error(dir, Map.of());
        assertEquals(
                "the NeMo Guardrails configuration in " + dir + " cannot be used:\n"
                        + "  - " + dir.resolve("config.yml") + ": rails.input.flows[0] 'content safety check input "
                        + "$model=content_safety': no prompt for task 'content_safety_check_input "
                        + "$model=content_safety' in prompts.yml (or config.yml prompts:); NeMo's content safety flow "
                        + "needs one: add a prompt with task: content_safety_check_input $model=content_safety\n"
                        + "  - " + dir.resolve("config.yml") + ": rails.output.flows[0] 'content safety check output "
                        + "$model=content_safety': no prompt for task 'content_safety_check_output "
                        + "$model=content_safety' in prompts.yml (or config.yml prompts:); NeMo's content safety flow "
                        + "needs one: add a prompt with task: content_safety_check_output $model=content_safety",
                m);
    }

    @Test
    void modelAndParametersModelTogetherAreRefusedAsNemoRefusesThem() {
        Path dir = TestConfigs.folder(
                tmp,
                "twice",
                TestConfigs.CONTENT_SAFETY_MODEL.replace("      base_url:", "      model: other-model\n      base_url:")
                        + TestConfigs.CONTENT_SAFETY_RAILS,
                TestConfigs.CONTENT_SAFETY_PROMPTS);
        assertEquals(
                "the NeMo Guardrails configuration in " + dir + " cannot be used:\n"
                        + "  - " + dir.resolve("config.yml") + ": models[0] (type content_safety).model is given in "
                        + "more than one place (model, parameters.model, parameters.model_name); NeMo requires exactly "
                        + "one: keep one of them",
                error(dir, Map.of()));
    }

    @Test
    void aMissingApiKeyVariableIsNamedAndNoSecretIsPrinted() {
        String secret = "nvapi-secret-value-0123456789";
        Path dir = TestConfigs.folder(
                tmp,
                "keys",
                TestConfigs.CONTENT_SAFETY_MODEL.replace(
                                "    parameters:", "    api_key_env_var: GUARD_KEY\n    parameters:")
                        + "  - type: topic_control\n    engine: nim\n    model: m\n    api_key_env_var: MISSING_KEY\n"
                        + TestConfigs.CONTENT_SAFETY_RAILS.replace(
                                "  output:", "      - topic safety check input $model=topic_control\n  output:"),
                TestConfigs.CONTENT_SAFETY_PROMPTS + "  - task: topic_safety_check_input $model=topic_control\n"
                        + "    content: Only talk about bread.\n");
        String m = error(dir, Map.of("GUARD_KEY", secret));
        assertEquals(
                "the NeMo Guardrails configuration in " + dir + " cannot be used:\n"
                        + "  - " + dir.resolve("config.yml") + ": models[1] (type topic_control).api_key_env_var names "
                        + "MISSING_KEY, which is not set in the environment; export MISSING_KEY with the endpoint's "
                        + "API key",
                m);
        NemoConfig ok = NemoConfig.load(dir, Map.of("GUARD_KEY", secret, "MISSING_KEY", secret));
        assertFalse(ok.toString().contains(secret), ok.toString());
        assertFalse(ok.flows().toString().contains(secret));
        assertFalse(String.join("\n", ok.warnings()).contains(secret));
        try (NemoGuardrails nemo = ok.open()) {
            assertFalse(nemo.toString().contains(secret));
            assertEquals(2, nemo.clients().size());
            nemo.clients().forEach(c -> assertEquals(true, c.hasApiKey()));
        }
    }

    @Test
    void malformedYamlNamesTheFileAndTheLine() {
        Path dir = TestConfigs.folder(tmp, "syntax", "models:\n  - type: content_safety\n   engine: nim\n", null);
        assertEquals(
                dir.resolve("config.yml") + " line 3 column 4: not valid YAML (while parsing a block collection, "
                        + "expected <block end>, but found '<block mapping start>'); fix the file's syntax",
                error(dir, Map.of()));
    }

    @Test
    void aBillionLaughsBombIsRefusedAtItsFirstAlias() {
        StringBuilder bomb =
                new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i > 0 ? "," : "").append('*').append((char) (c - 1));
            }
            bomb.append("]\n");
        }
        Path dir = TestConfigs.folder(tmp, "bomb", bomb.toString(), null);
        assertEquals(
                dir.resolve("config.yml") + " line 2: YAML aliases (*a) are not accepted: they are how YAML bombs "
                        + "(billion laughs) are built, and a NeMo configuration needs none; write the value out",
                error(dir, Map.of()));
    }

    @Test
    void deepNestingIsRefused() {
        Path dir = TestConfigs.folder(tmp, "deep", "x: " + "[".repeat(100) + "]".repeat(100) + "\n", null);
        String m = error(dir, Map.of());
        assertEquals(
                dir.resolve("config.yml") + " line 1: mappings and lists nest deeper than 32 levels, which is not "
                        + "accepted (a NeMo configuration nests a few levels); flatten it",
                m);
    }

    @Test
    void aFlowNamingAMissingModelTypeIsAnError() {
        Path dir = TestConfigs.folder(
                tmp,
                "nomodel",
                TestConfigs.CONTENT_SAFETY_MODEL
                        + "rails:\n  input:\n    flows:\n      - content safety check input $model=llama_guard\n",
                null);
        assertEquals(
                "the NeMo Guardrails configuration in " + dir + " cannot be used:\n"
                        + "  - " + dir.resolve("config.yml") + ": rails.input.flows[0] 'content safety check input "
                        + "$model=llama_guard': no model of type llama_guard in models[]; add one (type: llama_guard, "
                        + "engine: nim, model: ...)",
                error(dir, Map.of()));
    }

    @Test
    void jinjaBeyondPlainVariablesIsNamed() {
        Path dir = TestConfigs.folder(
                tmp,
                "jinja",
                TestConfigs.CONTENT_SAFETY_MODEL + TestConfigs.CONTENT_SAFETY_RAILS,
                TestConfigs.CONTENT_SAFETY_PROMPTS.replace(
                        "user: {{ user_input }}\n    output_parser: nemoguard_parse_prompt",
                        "user: {{ user_input | upper }}\n    output_parser: nemoguard_parse_prompt"));
        assertEquals(
                "the NeMo Guardrails configuration in " + dir + " cannot be used: it uses what Guardrails4j does not "
                        + "support (load it leniently to ignore these with a warning; see docs/nemo-config.md):\n"
                        + "  - " + dir.resolve("prompts.yml") + ": prompts[0] (task content_safety_check_input "
                        + "$model=content_safety).content: unsupported Jinja construct {{ user_input | upper }} (line 2 "
                        + "of the prompt): only {{ variable }} and {% if reasoning_enabled %}...{% else %}...{% endif %} "
                        + "are supported",
                error(dir, Map.of()));
    }

    @Test
    void duplicateKeysAreRefusedWithTheirLine() {
        Path dir = TestConfigs.folder(tmp, "dup", "models: []\nrails: {}\nmodels: []\n", null);
        assertEquals(
                dir.resolve("config.yml") + " line 3 column 7: not valid YAML (Duplicate field 'models'); fix the "
                        + "file's syntax",
                error(dir, Map.of()));
    }

    @Test
    void aFlowInTheWrongDirectionIsAnError() {
        Path dir = TestConfigs.folder(
                tmp,
                "direction",
                TestConfigs.CONTENT_SAFETY_MODEL
                        + "rails:\n  output:\n    flows:\n      - content safety check input $model=content_safety\n"
                        + "      - jailbreak detection model\n",
                TestConfigs.CONTENT_SAFETY_PROMPTS);
        assertEquals(
                "the NeMo Guardrails configuration in " + dir + " cannot be used:\n"
                        + "  - " + dir.resolve("config.yml") + ": rails.output.flows[0] 'content safety check input "
                        + "$model=content_safety': this flow judges the user's message: list it under "
                        + "rails.input.flows\n"
                        + "  - " + dir.resolve("config.yml") + ": rails.output.flows[1] 'jailbreak detection model': "
                        + "jailbreak detection judges the user's message: list it under rails.input.flows",
                error(dir, Map.of()));
    }
}
