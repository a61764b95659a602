package io.github.guardrails4j.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The answer format the {@link NimSimulator} uses for a served model, chosen by model id.
 *
 * <p>Each constant names the model ids it answers for by default; {@link
 * NimSimulator.Builder#model(String, ModelFormat)} serves any other id (for example the name a
 * local NIM was started with) in one of these formats.
 */
public enum ModelFormat {

    /**
     * NemoGuard content safety JSON, e.g. {@code {"User Safety": "unsafe", "Safety Categories":
     * "Violence"}}. The single user message is the rendered content-safety template.
     */
    NEMOGUARD_JSON("nvidia/llama-3.1-nemoguard-8b-content-safety", "nvidia/llama-3.1-nemotron-safety-guard-8b-v3"),

    /** Llama Guard 3 lines: {@code safe}, or {@code unsafe\nS1,S10}. Input: plain chat turns. */
    LLAMA_GUARD_3("meta-llama/llama-guard-3-8b"),

    /**
     * Nemotron 3.5 content safety lines: {@code User Safety: unsafe\nResponse Safety: safe\nSafety
     * Categories: Violence}. Input: plain chat turns.
     */
    NEMOTRON_LINES("nvidia/nemotron-3.5-content-safety"),

    /**
     * Nemotron content safety reasoning: a {@code <think>} block, then {@code Prompt harm:
     * harmful|unharmful} and, with an assistant turn, {@code Response Harm: ...}.
     */
    NEMOTRON_REASONING("nvidia/nemotron-content-safety-reasoning-4b"),

    /** NemoGuard topic control: {@code on-topic} or {@code off-topic}. */
    TOPIC_CONTROL("nvidia/llama-3.1-nemoguard-8b-topic-control"),

    /** NemoGuard jailbreak detection, served on {@code POST /v1/classify} only. */
    JAILBREAK_CLASSIFIER("nvidia/nemoguard-jailbreak-detect");

    private final List<String> defaultModelIds;

    ModelFormat(String... defaultModelIds) {
        this.defaultModelIds = List.of(defaultModelIds);
    }

    /** {@return the model ids this format answers for by default (unmodifiable)} */
    public List<String> defaultModelIds() {
        return defaultModelIds;
    }

    /**
     * Finds the format of a well-known model id.
     *
     * @param modelId a model id such as {@code meta-llama/llama-guard-3-8b}
     * @return the format, or empty for an unknown id
     */
    public static Optional<ModelFormat> forModelId(String modelId) {
        return Arrays.stream(values())
                .filter(f -> f.defaultModelIds.contains(modelId))
                .findFirst();
    }
}
