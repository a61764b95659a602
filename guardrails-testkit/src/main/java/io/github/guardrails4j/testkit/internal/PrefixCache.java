package io.github.guardrails4j.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A block prefix cache like vLLM's automatic prefix caching. The prompt's token ids are split into
 * full blocks of {@code blockSize} tokens; each block's key is a 64-bit hash chained with the
 * previous block's key (seeded by the model id), so one changed token invalidates every later
 * block. A lookup counts the leading blocks already cached, never counting the last prompt token
 * (at most {@code floor((P - 1) / blockSize)} blocks); then every full block is inserted. Blocks
 * are evicted least recently used beyond {@code capacityBlocks}.
 *
 * <p>Thread safe (one lock). Internal to the simulator; not an API.
 */
public final class PrefixCache {

    private final int blockSize;
    private final int capacityBlocks;
    private final LinkedHashMap<Long, Boolean> blocks;
    private long hitTokens;
    private long lookupTokens;

    /**
     * Sets blockSize.
     *
     * @param blockSize tokens per block, 1 or more
     * @param capacityBlocks the most blocks kept, 1 or more
     */
    public PrefixCache(int blockSize, int capacityBlocks) {
        this.blockSize = blockSize;
        this.capacityBlocks = capacityBlocks;
        this.blocks = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > PrefixCache.this.capacityBlocks;
            }
        };
    }

    /**
     * Looks up a prompt, records the statistics and inserts its full blocks.
     *
     * @param model the model id (caches of different models never share blocks)
     * @param ids the prompt token ids
     * @return the cached prompt tokens, a multiple of the block size
     */
    public synchronized int lookupAndInsert(String model, int[] ids) {
        int fullBlocks = ids.length / blockSize;
        int maxHitBlocks = ids.length == 0 ? 0 : (ids.length - 1) / blockSize;
        long key = seed(model);
        int hitBlocks = 0;
        boolean stillHitting = true;
        for (int b = 0; b < fullBlocks; b++) {
            key = chain(key, ids, b * blockSize, blockSize);
            if (stillHitting && b < maxHitBlocks && blocks.containsKey(key)) {
                blocks.get(key); // touch for LRU order
                hitBlocks++;
            } else {
                stillHitting = false;
            }
            blocks.put(key, Boolean.TRUE);
        }
        int cached = hitBlocks * blockSize;
        hitTokens += cached;
        lookupTokens += ids.length;
        return cached;
    }

    /** {@return {@code {hitTokens, lookupTokens}}} */
    public synchronized long[] stats() {
        return new long[] {hitTokens, lookupTokens};
    }

    /** Empties the cache and zeroes the statistics. */
    public synchronized void reset() {
        blocks.clear();
        hitTokens = 0;
        lookupTokens = 0;
    }

    /** {@return the number of cached blocks} */
    public synchronized int size() {
        return blocks.size();
    }

    private static long seed(String model) {
        long h = 0xcbf29ce484222325L;
        for (byte b : model.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return mix(h);
    }

    private static long chain(long previous, int[] ids, int from, int length) {
        long h = mix(previous ^ 0x9E3779B97F4A7C15L);
        for (int i = from; i < from + length; i++) {
            h = mix(h ^ (ids[i] & 0xFFFFFFFFL) * 0xC2B2AE3D27D4EB4FL);
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
