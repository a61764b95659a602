package io.github.guardrails4j.stream;

import io.github.guardrails4j.exception.ConfigurationException;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of streaming output rails: how an LLM answer stream is cut into chunks and when text is released.
 * Mirrors NeMo Guardrails' {@code rails.output.streaming} ({@code chunk_size}, {@code context_size},
 * {@code stream_first}).
 *
 * <p>An answer is cut into chunks of {@link #chunkSize()} units ({@link #chunkUnit()}: deltas by default).
 * Each chunk is checked together with the last {@link #contextSize()} units of the chunk before it. With
 * {@link #streamFirst()} text is released before its chunk is checked; otherwise only after.
 *
 * <p>Immutable and thread safe. Create with {@link #ofDefaults()} or {@link #builder()}; derive with
 * {@link #toBuilder()}.
 */
public final class StreamingConfig {
    /** Default {@link #chunkSize()}: {@value} units (deltas by default), like NeMo's {@code chunk_size}. */
    public static final int DEFAULT_CHUNK_SIZE = 200;
    /** Default {@link #contextSize()}: {@value} units of the previous chunk, like NeMo's {@code context_size}. */
    public static final int DEFAULT_CONTEXT_SIZE = 50;
    /** Default {@link #streamFirst()}: {@value}, like NeMo's {@code stream_first}. */
    public static final boolean DEFAULT_STREAM_FIRST = true;
    /** Default {@link #maxInFlightChecks()}: {@value} chunk checks at once per stream. */
    public static final int DEFAULT_MAX_IN_FLIGHT_CHECKS = 4;
    /** Default {@link #prefetch()}: {@value} deltas requested from the LLM publisher at a time. */
    public static final int DEFAULT_PREFETCH = 64;
    /** Default {@link #cumulative()}: {@value} (windows of chunk plus context, as NeMo Guardrails checks). */
    public static final boolean DEFAULT_CUMULATIVE = false;
    /**
     * Default {@link #maxCumulativeChars()}: {@value} characters, about 4,000 Llama 3 tokens at about 4 characters
     * per token: half the 8,192-token context of the NemoGuard 8B models, leaving room for the fixed prompt, the
     * user's text and the conversation, and below {@code TextLimit.DEFAULT_MAX_CHARS} (24,000).
     */
    public static final int DEFAULT_MAX_CUMULATIVE_CHARS = 16_000;
    /** The smallest {@link #maxCumulativeChars()}: {@value} characters. */
    public static final int MIN_MAX_CUMULATIVE_CHARS = 200;
    /** Default {@link #chunkUnit()}: {@link ChunkUnit#DELTAS}. */
    public static final ChunkUnit DEFAULT_CHUNK_UNIT = ChunkUnit.DELTAS;

    private static final StreamingConfig DEFAULTS = builder().build();

    private final ChunkUnit chunkUnit;
    private final int chunkSize;
    private final int contextSize;
    private final boolean streamFirst;
    private final int maxInFlightChecks;
    private final int prefetch;
    private final boolean cumulative;
    private final int maxCumulativeChars;

    private StreamingConfig(Builder b) {
        this.chunkUnit = b.chunkUnit;
        this.chunkSize = b.chunkSize;
        this.contextSize = b.contextSize;
        this.streamFirst = b.streamFirst;
        this.maxInFlightChecks = b.maxInFlightChecks;
        this.prefetch = b.prefetch;
        this.cumulative = b.cumulative;
        this.maxCumulativeChars = b.maxCumulativeChars;
    }

    /** {@return the defaults: 200 deltas per chunk, 50 deltas of context, stream first, 4 checks in flight} */
    public static StreamingConfig ofDefaults() {
        return DEFAULTS;
    }

    /** {@return a new builder holding the defaults; mutable and not thread safe} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a new builder holding this configuration's values; mutable and not thread safe} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.chunkUnit = chunkUnit;
        b.chunkSize = chunkSize;
        b.contextSize = contextSize;
        b.streamFirst = streamFirst;
        b.maxInFlightChecks = maxInFlightChecks;
        b.prefetch = prefetch;
        b.cumulative = cumulative;
        b.maxCumulativeChars = maxCumulativeChars;
        return b;
    }

    /** {@return what chunk and context sizes count; default {@link ChunkUnit#DELTAS}} */
    public ChunkUnit chunkUnit() {
        return chunkUnit;
    }

    /** {@return units (see {@link #chunkUnit()}) per chunk, {@code >= 1}; default {@value #DEFAULT_CHUNK_SIZE}} */
    public int chunkSize() {
        return chunkSize;
    }

    /**
     * Returns units of the previous chunk re-checked with each chunk.
     *
     * @return units of the previous chunk re-checked with each chunk, {@code 0 <= contextSize < chunkSize};
     *     default {@value #DEFAULT_CONTEXT_SIZE}
     */
    public int contextSize() {
        return contextSize;
    }

    /**
     * Returns true when text is released as it arrives, before its chunk is checked.
     *
     * @return true when text is released as it arrives, before its chunk is checked; false when a chunk's text is
     *     released only after its check passes; default {@value #DEFAULT_STREAM_FIRST}
     */
    public boolean streamFirst() {
        return streamFirst;
    }

    /** {@return chunk checks one stream runs at once, {@code >= 1}; default {@value #DEFAULT_MAX_IN_FLIGHT_CHECKS}} */
    public int maxInFlightChecks() {
        return maxInFlightChecks;
    }

    /** {@return deltas requested from the LLM publisher per batch, {@code >= 1}; default {@value #DEFAULT_PREFETCH}} */
    public int prefetch() {
        return prefetch;
    }

    /**
     * Returns true when every chunk check sends the whole answer so far instead of a window.
     *
     * @return true when each chunk check sends the answer from its start to the end of the chunk (cumulative); false
     *     (the default, {@value #DEFAULT_CUMULATIVE}) when it sends the chunk with {@link #contextSize()} units of
     *     context
     */
    public boolean cumulative() {
        return cumulative;
    }

    /**
     * Returns the largest answer text one cumulative chunk check sends.
     *
     * @return characters, {@code >= MIN_MAX_CUMULATIVE_CHARS}; default {@value #DEFAULT_MAX_CUMULATIVE_CHARS}
     */
    public int maxCumulativeChars() {
        return maxCumulativeChars;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StreamingConfig)) {
            return false;
        }
        StreamingConfig c = (StreamingConfig) o;
        return chunkUnit == c.chunkUnit
                && chunkSize == c.chunkSize
                && contextSize == c.contextSize
                && streamFirst == c.streamFirst
                && maxInFlightChecks == c.maxInFlightChecks
                && prefetch == c.prefetch
                && cumulative == c.cumulative
                && maxCumulativeChars == c.maxCumulativeChars;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                chunkUnit,
                chunkSize,
                contextSize,
                streamFirst,
                maxInFlightChecks,
                prefetch,
                cumulative,
                maxCumulativeChars);
    }

    @Override
    public String toString() {
        return "StreamingConfig{chunkSize=" + chunkSize + ' ' + chunkUnit.name().toLowerCase(Locale.ROOT)
                + ", contextSize=" + contextSize + ", streamFirst=" + streamFirst + ", maxInFlightChecks="
                + maxInFlightChecks + ", prefetch=" + prefetch
                + (cumulative ? ", cumulative up to " + maxCumulativeChars + " chars" : "") + '}';
    }

    /** Builds a {@link StreamingConfig}. Mutable and not thread safe; {@link #build()} copies its state. */
    public static final class Builder {
        private ChunkUnit chunkUnit = DEFAULT_CHUNK_UNIT;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private int contextSize = DEFAULT_CONTEXT_SIZE;
        private boolean streamFirst = DEFAULT_STREAM_FIRST;
        private int maxInFlightChecks = DEFAULT_MAX_IN_FLIGHT_CHECKS;
        private int prefetch = DEFAULT_PREFETCH;
        private boolean cumulative = DEFAULT_CUMULATIVE;
        private int maxCumulativeChars = DEFAULT_MAX_CUMULATIVE_CHARS;

        private Builder() {}

        /**
         * Counts chunks in LLM deltas (the default unit): a chunk is checked every {@code deltas} non-empty deltas.
         * Default {@value #DEFAULT_CHUNK_SIZE}. {@link #contextSize(int)} then counts deltas too.
         *
         * @param deltas deltas per chunk, {@code >= 1}
         * @return this
         * @throws ConfigurationException when {@code deltas < 1}
         */
        public Builder chunkSize(int deltas) {
            this.chunkSize = positive("chunkSize", deltas, "for example chunkSize(200)");
            this.chunkUnit = ChunkUnit.DELTAS;
            return this;
        }

        /**
         * Counts chunks in characters instead of deltas: a chunk is checked every {@code chars} UTF-16
         * characters. {@link #contextSize(int)} then counts characters too. There is no default in this unit.
         *
         * @param chars characters per chunk, {@code >= 1}
         * @return this
         * @throws ConfigurationException when {@code chars < 1}
         */
        public Builder chunkSizeChars(int chars) {
            this.chunkSize = positive("chunkSizeChars", chars, "for example chunkSizeChars(800)");
            this.chunkUnit = ChunkUnit.CHARACTERS;
            return this;
        }

        /**
         * Sets how much of the previous chunk is re-checked with each chunk, in the chunk unit (deltas by
         * default). Default {@value #DEFAULT_CONTEXT_SIZE}. 0 means no context. Must be less than the chunk size,
         * which {@link #build()} checks.
         *
         * @param units units of context, {@code >= 0}
         * @return this
         * @throws ConfigurationException when {@code units < 0}
         */
        public Builder contextSize(int units) {
            if (units < 0) {
                throw new ConfigurationException("contextSize must be >= 0 (0 means no context), got " + units
                        + "; use for example contextSize(50)");
            }
            this.contextSize = units;
            return this;
        }

        /**
         * Sets when text is released. Default {@value #DEFAULT_STREAM_FIRST}.
         *
         * @param streamFirst true: release text as it arrives, before its chunk is checked (lowest latency; text
         *     of a chunk that then blocks has already reached the user); false: hold each chunk's text back until
         *     its check passes (nothing unchecked reaches the user; the user waits one chunk plus one check)
         * @return this
         */
        public Builder streamFirst(boolean streamFirst) {
            this.streamFirst = streamFirst;
            return this;
        }

        /**
         * Sets how many chunk checks of one stream may run at once while the LLM keeps generating. Release order
         * is always preserved. In stream-first mode it also bounds how far released text may run ahead of the
         * checks: at most this many chunks of unchecked text are ever released. Default
         * {@value #DEFAULT_MAX_IN_FLIGHT_CHECKS}.
         *
         * @param checks checks at once, {@code >= 1}
         * @return this
         * @throws ConfigurationException when {@code checks < 1}
         */
        public Builder maxInFlightChecks(int checks) {
            this.maxInFlightChecks = positive("maxInFlightChecks", checks, "for example maxInFlightChecks(4)");
            return this;
        }

        /**
         * Sets how many deltas the {@link java.util.concurrent.Flow} API requests from the LLM publisher at a
         * time. It requests more only when the previous batch has arrived, no chunk waits for a free check slot
         * and the subscriber keeps up. Not used by the push API. Default {@value #DEFAULT_PREFETCH}.
         *
         * @param deltas deltas per request, {@code >= 1}
         * @return this
         * @throws ConfigurationException when {@code deltas < 1}
         */
        public Builder prefetch(int deltas) {
            this.prefetch = positive("prefetch", deltas, "for example prefetch(64)");
            return this;
        }

        /**
         * Makes every chunk check send the whole answer so far (cumulative mode) instead of the chunk with a little
         * context. Default {@value #DEFAULT_CUMULATIVE}.
         *
         * <p>Check k sends the fixed prompt, the user's text, the answer from its start to the end of chunk k and the
         * template's end. The answer so far is cut where its rendering never changes when more text follows (not
         * inside an unfinished control token or template marker of the built-in guard models; the held characters
         * move to the next chunk), so the rendering of check k is a byte prefix of the rendering of check k+1 up to
         * the end of its answer text, and a guard server with prefix caching recomputes only the new chunk and the
         * template's end. Every check of a stream has the same fixed prefix, so the same prefix affinity (the same
         * replica). Above {@link #maxCumulativeChars(int)} characters a check sends the start of the answer
         * followed by the chunk's window. Costs, limits and numbers: {@code docs/streaming.md}.
         *
         * @param cumulative true to check the whole answer so far with each chunk
         * @return this
         */
        public Builder cumulative(boolean cumulative) {
            this.cumulative = cumulative;
            return this;
        }

        /**
         * Sets the largest answer text a cumulative chunk check sends, in characters: the guard model's context
         * less the fixed prompt and the user's text. Above it a check sends the first half of this size (the start
         * of the answer, still cached) followed by the chunk with its context. Default
         * {@value #DEFAULT_MAX_CUMULATIVE_CHARS}.
         *
         * @param chars characters, {@code >= MIN_MAX_CUMULATIVE_CHARS}
         * @return this
         * @throws ConfigurationException when {@code chars < MIN_MAX_CUMULATIVE_CHARS}
         */
        public Builder maxCumulativeChars(int chars) {
            if (chars < MIN_MAX_CUMULATIVE_CHARS) {
                throw new ConfigurationException("maxCumulativeChars must be >= " + MIN_MAX_CUMULATIVE_CHARS
                        + ", got " + chars + "; use the guard model's context in characters less the prompt, for"
                        + " example maxCumulativeChars(16000) for an 8,192-token model");
            }
            this.maxCumulativeChars = chars;
            return this;
        }

        /**
         * Returns the configuration.
         *
         * @return the configuration
         * @throws ConfigurationException when {@code contextSize >= chunkSize}
         */
        public StreamingConfig build() {
            if (contextSize >= chunkSize) {
                throw new ConfigurationException("contextSize must be less than chunkSize, got contextSize "
                        + contextSize + " and chunkSize " + chunkSize + " ("
                        + chunkUnit.name().toLowerCase(Locale.ROOT)
                        + "); lower contextSize (about a quarter of the chunk"
                        + " size, like the defaults 50 of 200) or raise chunkSize");
            }
            return new StreamingConfig(this);
        }

        private static int positive(String name, int value, String fix) {
            if (value < 1) {
                throw new ConfigurationException(name + " must be >= 1, got " + value + "; use " + fix);
            }
            return value;
        }
    }
}
