package io.github.guardrails4j.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The reference prompt templates the NemoGuard models were fine-tuned on, bundled as resources and rendered
 * byte for byte as NeMo Guardrails does.
 *
 * <p>Sources (Apache License 2.0; see the NOTICE file): NVIDIA-NeMo/Guardrails
 * {@code examples/configs/content_safety/prompts.yml} at commit 13739de09bdd7593c72b2f7b47bc8f03da649503, tasks
 * {@code content_safety_check_input} and {@code content_safety_check_output}; and the constant
 * {@code TOPIC_SAFETY_OUTPUT_RESTRICTION} of {@code nemoguardrails/library/topic_safety/actions.py} at the same
 * commit. The Llama Guard 3 prompt is rendered from {@code PROMPT_TEMPLATE_3} of meta-llama/llama-recipes
 * {@code src/llama_recipes/inference/prompt_format_utils.py} at commit 52a85e156444e2ae5b18d2555e083c57fea3486d.
 * Model cards:
 * <a href="https://huggingface.co/nvidia/llama-3.1-nemoguard-8b-content-safety">Llama 3.1 NemoGuard 8B
 * ContentSafety</a>,
 * <a href="https://huggingface.co/nvidia/llama-3.1-nemoguard-8b-topic-control">Llama 3.1 NemoGuard 8B
 * TopicControl</a>.
 *
 * <p>The resource files keep the YAML block's single trailing newline (SHA-256 pinned by tests); like NeMo's Jinja
 * rendering ({@code keep_trailing_newline=False}) the templates returned here drop it, so the rendered text ends
 * with {@code Output JSON:}. Thread safe; templates are loaded once.
 */
public final class NemoGuardPrompts {
    /** Placeholder for the user's message: {@value}. */
    public static final String USER_INPUT = "user_input";
    /** Placeholder for the LLM's answer: {@value}. */
    public static final String BOT_RESPONSE = "bot_response";

    /** Resource holding the content safety input template, SHA-256 70b2d81e...c7c3, 1,489 bytes. */
    public static final String CONTENT_SAFETY_INPUT_RESOURCE = "content_safety_input.txt";
    /** Resource holding the content safety output template, SHA-256 a8742614...ec3e3, 1,526 bytes. */
    public static final String CONTENT_SAFETY_OUTPUT_RESOURCE = "content_safety_output.txt";
    /** Resource holding the topic control suffix, SHA-256 0d3c8ac5...864fa, 162 bytes. */
    public static final String TOPIC_CONTROL_SUFFIX_RESOURCE = "topic_control_suffix.txt";
    /** Resource holding the Llama Guard 3 single-turn prompt (raw completions only), SHA-256 da51a516...b298. */
    public static final String LLAMA_GUARD_3_INPUT_RESOURCE = "llama_guard_3_input.txt";

    private static final PromptTemplate CONTENT_SAFETY_INPUT =
            PromptTemplate.of(resource(CONTENT_SAFETY_INPUT_RESOURCE)).withoutTrailingNewline();
    private static final PromptTemplate CONTENT_SAFETY_OUTPUT =
            PromptTemplate.of(resource(CONTENT_SAFETY_OUTPUT_RESOURCE)).withoutTrailingNewline();
    private static final String TOPIC_CONTROL_SUFFIX = resource(TOPIC_CONTROL_SUFFIX_RESOURCE);

    private NemoGuardPrompts() {}

    /**
     * The content safety input check prompt, one placeholder {@code {{ user_input }}}. Also the prompt of
     * Llama 3.1 Nemotron Safety Guard 8B v3 (byte-identical upstream).
     *
     * @return the template, shared and immutable
     */
    public static PromptTemplate contentSafetyInput() {
        return CONTENT_SAFETY_INPUT;
    }

    /**
     * The content safety output check prompt: {@code {{ user_input }}}, then {@code \n\nresponse: agent: }, then
     * {@code {{ bot_response }}}. Its fixed prefix is byte-identical to {@link #contentSafetyInput()}'s, so both
     * checks share one cached prefix.
     *
     * @return the template, shared and immutable
     */
    public static PromptTemplate contentSafetyOutput() {
        return CONTENT_SAFETY_OUTPUT;
    }

    /**
     * The fixed instruction the topic control model expects at the end of its system message (162 bytes, no
     * trailing newline).
     *
     * @return the suffix text
     */
    public static String topicControlSuffix() {
        return TOPIC_CONTROL_SUFFIX;
    }

    /**
     * Reads a bundled resource of this package as UTF-8, byte for byte (no line-ending conversion).
     *
     * @param name the resource file name, for example {@link #CONTENT_SAFETY_INPUT_RESOURCE}
     * @return its text
     * @throws UncheckedIOException when the resource is missing or unreadable
     */
    public static String resource(String name) {
        try (InputStream in = NemoGuardPrompts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("bundled prompt resource missing: " + name));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled prompt resource " + name, e);
        }
    }
}
