package io.github.guardrails4j.model.builtin;

/**
 * Model ids of the supported guard models, as NVIDIA's hosted API serves them. A local NIM may serve another
 * name: {@code GET /v1/models} tells. Sources: the NIM model cards and {@code NOTES.md} sections 1 to 4.
 */
public final class NemoGuardModels {
    /** Llama 3.1 NemoGuard 8B ContentSafety: {@value}. */
    public static final String CONTENT_SAFETY = "nvidia/llama-3.1-nemoguard-8b-content-safety";
    /** Llama 3.1 Nemotron Safety Guard 8B v3 (multilingual, same prompt as content safety): {@value}. */
    public static final String SAFETY_GUARD_V3 = "nvidia/llama-3.1-nemotron-safety-guard-8b-v3";
    /** Llama 3.1 NemoGuard 8B TopicControl: {@value}. */
    public static final String TOPIC_CONTROL = "nvidia/llama-3.1-nemoguard-8b-topic-control";
    /** NemoGuard JailbreakDetect: {@value}. */
    public static final String JAILBREAK_DETECT = "nvidia/nemoguard-jailbreak-detect";
    /** Meta Llama Guard 3 8B: {@value}. */
    public static final String LLAMA_GUARD_3 = "meta-llama/llama-guard-3-8b";
    /** Nemotron 3.5 Content Safety: {@value}. */
    public static final String NEMOTRON_3_5_CONTENT_SAFETY = "nvidia/nemotron-3.5-content-safety";
    /** Nemotron Content Safety Reasoning 4B: {@value}. */
    public static final String NEMOTRON_CONTENT_SAFETY_REASONING = "nvidia/nemotron-content-safety-reasoning-4b";

    private NemoGuardModels() {}
}
