package io.github.guardrails4j.nemo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small NeMo configuration folders for tests. */
final class TestConfigs {
    /** A content safety model on a local NIM. */
    static final String CONTENT_SAFETY_MODEL = "models:\n"
            + "  - type: content_safety\n"
            + "    engine: nim\n"
            + "    model: nvidia/llama-3.1-nemoguard-8b-content-safety\n"
            + "    parameters:\n"
            + "      base_url: http://127.0.0.1:8000/v1\n";
    /** Input and output content safety flows. */
    static final String CONTENT_SAFETY_RAILS = "rails:\n"
            + "  input:\n"
            + "    flows:\n"
            + "      - content safety check input $model=content_safety\n"
            + "  output:\n"
            + "    flows:\n"
            + "      - content safety check output $model=content_safety\n";
    /** Prompts for both content safety flows. */
    static final String CONTENT_SAFETY_PROMPTS = "prompts:\n"
            + "  - task: content_safety_check_input $model=content_safety\n"
            + "    content: |\n"
            + "      Judge the user message.\n"
            + "      user: {{ user_input }}\n"
            + "    output_parser: nemoguard_parse_prompt_safety\n"
            + "    max_tokens: 50\n"
            + "  - task: content_safety_check_output $model=content_safety\n"
            + "    content: |\n"
            + "      Judge the answer.\n"
            + "      user: {{ user_input }}\n"
            + "      agent: {{ bot_response }}\n"
            + "    output_parser: nemoguard_parse_response_safety\n"
            + "    max_tokens: 50\n";

    private TestConfigs() {}

    /** Writes config.yml (and prompts.yml when not null) into a new folder under {@code parent}. */
    static Path folder(Path parent, String name, String config, String prompts) {
        try {
            Path dir = Files.createDirectories(parent.resolve(name));
            Files.writeString(dir.resolve("config.yml"), config);
            if (prompts != null) {
                Files.writeString(dir.resolve("prompts.yml"), prompts);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
