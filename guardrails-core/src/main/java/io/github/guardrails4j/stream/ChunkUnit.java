package io.github.guardrails4j.stream;

/**
 * What {@link StreamingConfig#chunkSize()} and {@link StreamingConfig#contextSize()} count.
 */
public enum ChunkUnit {
    /**
     * LLM deltas (stream events), as NeMo Guardrails counts its {@code chunk_size}: a chunk of 200 deltas is
     * roughly 200 tokens for most OpenAI-compatible servers, which send about one token per delta. Empty deltas
     * are ignored and never counted. The default.
     */
    DELTAS,
    /**
     * UTF-16 characters of the answer ({@link String#length()}). A delta may then be split across two chunks; a
     * surrogate pair never is.
     */
    CHARACTERS
}
