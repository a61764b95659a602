package io.github.guardrails4j.rail;

/** What a rail does with a text over its {@link TextLimit#maxChars()}. Text is never silently truncated. */
public enum TextLimitPolicy {
    /**
     * The check ends at once with an ERROR verdict ({@code InputRejectedException}, reason {@code REJECTED_INPUT})
     * naming the limit and the size; no call is made. The default.
     */
    REJECT,
    /**
     * The judged text is cut into overlapping windows of at most the limit (at most {@link TextLimit#maxWindows()}
     * of them; a longer text is rejected as with {@link #REJECT}); every window is rendered into the same prompt
     * (so the fixed prefix stays cached) and checked, {@value TextLimit#WINDOW_CONCURRENCY} at a time; the check
     * is unsafe as soon as any window is, and fails if any window fails. The verdict is the blocking window's own
     * verdict, else the first failed window's, else the first window's.
     */
    SPLIT
}
