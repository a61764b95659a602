package io.github.guardrails4j.event;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.verdict.TokenUsage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalDouble;

/**
 * A running aggregate of KV cache reuse over the last {@link #window()} guard calls that reported token usage:
 * cache hit ratio = cached prompt tokens / prompt tokens, counting only calls whose server reported cached tokens
 * (an unreported count is unknown, not zero).
 *
 * <p>Register it with {@code Guardrails.builder().listener(...)}; read {@link #snapshot()} from any thread. It
 * counts every {@link #tokensReported} event, including the usage of streamed (early-decision) calls, which arrives
 * when the stream ends. Thread safe; each event costs O(1) under a short lock.
 */
public final class CacheStatsListener implements GuardrailsListener {
    /** Default window, in rail calls: {@value}. */
    public static final int DEFAULT_WINDOW = 1_000;
    /** Default KV cache block size, in tokens: {@value} (vLLM; TensorRT-LLM uses 32 or more). */
    public static final int DEFAULT_BLOCK_SIZE = 16;

    private final int window;
    private final int blockSize;
    private final Deque<long[]> samples = new ArrayDeque<>();
    private long promptTokens;
    private long cachedTokens;
    private long unreported;
    private long total;

    private CacheStatsListener(int window, int blockSize) {
        if (window < 1) {
            throw new ConfigurationException("window must be >= 1 call, got " + window);
        }
        if (blockSize < 1) {
            throw new ConfigurationException("blockSize must be >= 1 token, got " + blockSize);
        }
        this.window = window;
        this.blockSize = blockSize;
    }

    /** {@return a listener with {@link #DEFAULT_WINDOW} and {@link #DEFAULT_BLOCK_SIZE}} */
    public static CacheStatsListener create() {
        return new CacheStatsListener(DEFAULT_WINDOW, DEFAULT_BLOCK_SIZE);
    }

    /**
     * Returns the listener.
     *
     * @param window calls kept, {@code >= 1}
     * @param blockSize the server's KV cache block size in tokens, {@code >= 1}
     * @return the listener
     * @throws ConfigurationException when a value is out of range
     */
    public static CacheStatsListener create(int window, int blockSize) {
        return new CacheStatsListener(window, blockSize);
    }

    /** {@return the window, in calls} */
    public int window() {
        return window;
    }

    /** {@return the block size, in tokens} */
    public int blockSize() {
        return blockSize;
    }

    @Override
    public void tokensReported(TokensEvent event) {
        TokenUsage usage = event.usage();
        if (usage == null) {
            return;
        }
        synchronized (this) {
            total++;
            if (usage.cachedPromptTokens().isEmpty()) {
                unreported++;
                return;
            }
            long[] sample = {usage.promptTokens(), usage.cachedPromptTokens().getAsInt()};
            samples.addLast(sample);
            promptTokens += sample[0];
            cachedTokens += sample[1];
            if (samples.size() > window) {
                long[] old = samples.removeFirst();
                promptTokens -= old[0];
                cachedTokens -= old[1];
            }
        }
    }

    /** {@return the current aggregate} */
    public synchronized Snapshot snapshot() {
        return new Snapshot(total, unreported, samples.size(), promptTokens, cachedTokens);
    }

    /**
     * The tokens a server with this listener's block size can reuse of a fixed prefix: whole blocks only.
     *
     * @param prefixTokens tokens of the fixed prefix, {@code >= 0}
     * @return {@code floor(prefixTokens / blockSize) * blockSize}
     */
    public int expectedCacheableTokens(int prefixTokens) {
        return (prefixTokens / blockSize) * blockSize;
    }

    /**
     * An immutable view of the aggregate.
     *
     * @param calls rail calls with token usage seen since creation
     * @param unreportedCalls of those, calls whose server did not report cached tokens
     * @param windowCalls calls in the window (reported ones only)
     * @param promptTokens prompt tokens in the window
     * @param cachedTokens cached prompt tokens in the window
     */
    public record Snapshot(long calls, long unreportedCalls, int windowCalls, long promptTokens, long cachedTokens) {
        /** {@return cached / prompt tokens in the window, or empty when no call reported cached tokens} */
        public OptionalDouble hitRatio() {
            return promptTokens == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) cachedTokens / promptTokens);
        }
    }
}
