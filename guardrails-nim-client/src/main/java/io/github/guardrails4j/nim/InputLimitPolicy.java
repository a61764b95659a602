package io.github.guardrails4j.nim;

/**
 * What a rail does with a text over its {@link InputLimit#maxChars()}. Text is never silently truncated.
 */
public enum InputLimitPolicy {
    /**
     * The check ends at once with an ERROR verdict ({@code InputRejectedException}, reason {@code REJECTED_INPUT})
     * naming the limit and the size; no call is made. The default.
     */
    REJECT,
    /**
     * The judged text is cut into overlapping windows of at most the limit; every window is rendered into the same
     * prompt (so the fixed prefix stays cached) and checked concurrently; the check is unsafe if any window is, and
     * fails if any window fails. The verdict is the blocking window's own verdict, or the first window's when all
     * are safe.
     */
    SPLIT
}
