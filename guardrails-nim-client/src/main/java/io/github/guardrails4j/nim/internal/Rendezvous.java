package io.github.guardrails4j.nim.internal;

import java.nio.charset.StandardCharsets;

/**
 * Rendezvous (highest-random-weight) hashing: every endpoint gets a pseudo-random weight per key and the endpoints
 * are tried in decreasing weight. The same key always prefers the same endpoint (so its prompt prefix stays in
 * that replica's KV cache); keys spread evenly; removing an endpoint moves only its own keys, and they come back
 * when it returns. Internal API. Stateless and thread safe.
 */
public final class Rendezvous {
    private Rendezvous() {}

    /**
     * Sets s.
     *
     * @param s a string
     * @return its 64-bit FNV-1a hash over UTF-8, finished with a SplitMix64 mix
     */
    public static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /**
     * Sets z.
     *
     * @param z a value
     * @return SplitMix64's finaliser of it
     */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Sets keyHash.
     *
     * @param keyHash {@link #hash(String)} of the affinity key
     * @param endpointHashes {@link #hash(String)} of each endpoint's base URL, in configuration order
     * @return endpoint indexes, highest weight first (ties by index)
     */
    public static int[] order(long keyHash, long[] endpointHashes) {
        int n = endpointHashes.length;
        int[] order = new int[n];
        long[] weights = new long[n];
        for (int i = 0; i < n; i++) {
            weights[i] = mix(keyHash ^ endpointHashes[i]);
        }
        // insertion sort by decreasing weight, ties by index: replica lists are short, and no boxing
        for (int i = 0; i < n; i++) {
            int j = i;
            while (j > 0 && weights[order[j - 1]] < weights[i]) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        return order;
    }
}
