package io.github.guardrails4j.verdict.parser;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Taxonomy;
import io.github.guardrails4j.verdict.VerdictParser;
import java.util.Locale;
import java.util.Optional;

/**
 * The answer formats of the supported content safety guard models, each with its parser, taxonomy and the way
 * the conversation is sent.
 *
 * <p>{@link #NEMOGUARD} sends the NemoGuard prompt template as one user message
 * ({@link io.github.guardrails4j.prompt.NemoGuardPrompts}); the other formats send the plain conversation turns
 * and let the server apply the model's own chat template. Thread safe.
 */
public enum ContentSafetyFormat {
    /** Llama 3.1 NemoGuard 8B ContentSafety and Nemotron Safety Guard 8B v3: JSON verdict, S1..S23. */
    NEMOGUARD("nemoguard", true, Taxonomy.NEMOGUARD),
    /** Meta Llama Guard 3: {@code safe} / {@code unsafe\nS1,S10}, S1..S14. */
    LLAMA_GUARD_3("llama-guard-3", false, Taxonomy.LLAMA_GUARD_3),
    /** Nemotron 3.5 Content Safety: {@code User Safety: unsafe} lines, S1..S23 names. */
    NEMOTRON_3_5("nemotron-3.5", false, Taxonomy.NEMOGUARD),
    /** Nemotron Content Safety Reasoning 4B: {@code Prompt harm: harmful} after an optional think block. */
    NEMOTRON_REASONING("nemotron-reasoning", false, Taxonomy.NEMOGUARD);

    private final String id;
    private final boolean usesPromptTemplate;
    private final Taxonomy taxonomy;

    ContentSafetyFormat(String id, boolean usesPromptTemplate, Taxonomy taxonomy) {
        this.id = id;
        this.usesPromptTemplate = usesPromptTemplate;
        this.taxonomy = taxonomy;
    }

    /** {@return the format's name on the command line, for example {@code llama-guard-3}} */
    public String id() {
        return id;
    }

    /** {@return true when the conversation is rendered into the NemoGuard prompt template} */
    public boolean usesPromptTemplate() {
        return usesPromptTemplate;
    }

    /** {@return the taxonomy categories are mapped to} */
    public Taxonomy taxonomy() {
        return taxonomy;
    }

    /**
     * Returns the strict parser for that check.
     *
     * @param direction input (judges the user's message) or output (judges the LLM's answer)
     * @return the strict parser for that check
     */
    public VerdictParser parser(RailDirection direction) {
        boolean input = direction == RailDirection.INPUT;
        // exhaustive: a new format that is not mapped here does not compile
        return switch (this) {
            case NEMOGUARD -> input ? NemoGuardJsonParser.forUserSafety() : NemoGuardJsonParser.forResponseSafety();
            case LLAMA_GUARD_3 -> LlamaGuard3Parser.create();
            case NEMOTRON_3_5 -> input ? Nemotron35Parser.forUserSafety() : Nemotron35Parser.forResponseSafety();
            case NEMOTRON_REASONING ->
                input ? NemotronReasoningParser.forPrompt() : NemotronReasoningParser.forResponse();
        };
    }

    /**
     * Returns the format.
     *
     * @param id a format name such as {@code nemoguard} (case-insensitive)
     * @return the format
     * @throws ConfigurationException when the name is unknown; the message lists the known ones
     */
    public static ContentSafetyFormat fromId(String id) {
        if (id == null) {
            throw new ConfigurationException("content safety format is null; use nemoguard, llama-guard-3, "
                    + "nemotron-3.5 or nemotron-reasoning");
        }
        for (ContentSafetyFormat f : values()) {
            if (f.id.equalsIgnoreCase(id.strip())) {
                return f;
            }
        }
        throw new ConfigurationException("unknown content safety format '" + id
                + "'; use nemoguard, llama-guard-3, nemotron-3.5 or nemotron-reasoning");
    }

    /**
     * Infers the format from a model id (case-insensitive): {@code llama-guard-3} or {@code llama-guard3} ->
     * {@link #LLAMA_GUARD_3}; {@code reasoning} -> {@link #NEMOTRON_REASONING}; {@code nemotron-3.5} ->
     * {@link #NEMOTRON_3_5}; {@code nemoguard} or {@code safety-guard} -> {@link #NEMOGUARD}. The other NemoGuard
     * models ({@code topic-control}, {@code jailbreak}) are not content safety models and give empty, so they are
     * never parsed as a JSON content safety verdict.
     *
     * @param modelId the served model id, for example {@code nvidia/llama-3.1-nemoguard-8b-content-safety}
     * @return the format, or empty when the id is not recognised
     */
    public static Optional<ContentSafetyFormat> inferFromModel(String modelId) {
        String m = modelId.toLowerCase(Locale.ROOT);
        if (m.contains("topic-control") || m.contains("jailbreak")) {
            return Optional.empty();
        }
        if (m.contains("llama-guard-3") || m.contains("llama-guard3") || m.contains("llamaguard-3")) {
            return Optional.of(LLAMA_GUARD_3);
        }
        if (m.contains("content-safety-reasoning") || m.contains("safety-reasoning")) {
            return Optional.of(NEMOTRON_REASONING);
        }
        if (m.contains("nemotron-3.5") || m.contains("nemotron-content-safety-3.5")) {
            return Optional.of(NEMOTRON_3_5);
        }
        if (m.contains("nemoguard") || m.contains("safety-guard")) {
            return Optional.of(NEMOGUARD);
        }
        return Optional.empty();
    }
}
