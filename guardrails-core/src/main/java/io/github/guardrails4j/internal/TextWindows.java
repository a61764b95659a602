package io.github.guardrails4j.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into overlapping windows of characters, the one place that does so: used by the windowed output
 * check of long responses ({@code Guardrails.Builder.outputWindow}), the character-counted chunker of streaming
 * output rails, and the rails' {@code TextLimit.split} (each window is rendered into the same prompt template,
 * so the cached prefix is reused).
 *
 * <p>Counts are in UTF-16 {@code char}s, like {@link String#length()}. A cut never separates the two halves of a
 * surrogate pair: such a cut moves one character earlier (a window may then be one character shorter, or an
 * overlap one character longer). Stateless and thread safe.
 */
public final class TextWindows {
    private TextWindows() {}

    /**
     * Splits a text into windows of at most {@code windowChars} characters; each window after the first starts
     * {@code overlapChars} characters before the end of the previous one. A text no longer than the window is one
     * window, itself.
     *
     * <p>Example: 10,000 characters, window 2,000, overlap 200 gives 6 windows starting at 0, 1,800, 3,600,
     * 5,400, 7,200 and 9,000 (the last one 1,000 characters long).
     *
     * @param text the text; may be empty
     * @param windowChars the window size in characters, {@code >= 1}
     * @param overlapChars the overlap in characters, {@code 0 <= overlapChars < windowChars}
     * @return the windows in text order; never empty; unmodifiable
     * @throws IllegalArgumentException when a size is out of range
     */
    public static List<String> split(String text, int windowChars, int overlapChars) {
        if (windowChars < 1 || overlapChars < 0 || overlapChars >= windowChars) {
            throw new IllegalArgumentException("window must be >= 1 and overlap in [0, window), got window "
                    + windowChars + ", overlap " + overlapChars);
        }
        int n = text.length();
        if (n <= windowChars) {
            return List.of(text);
        }
        List<String> windows = new ArrayList<>(n / (windowChars - overlapChars) + 2);
        int start = 0;
        while (true) {
            int end = Math.min(start + windowChars, n);
            int safeEnd = safeCut(text, end);
            end = safeEnd > start ? safeEnd : Math.min(end + 1, n);
            windows.add(text.substring(start, end));
            if (end == n) {
                return List.copyOf(windows);
            }
            int next = safeCut(text, end - overlapChars);
            start = next > start ? next : safeCutForward(text, start + 1);
        }
    }

    /**
     * Moves a cut index one character earlier when it would separate a surrogate pair.
     *
     * @param text the text
     * @param index a cut index in {@code [0, text.length()]}
     * @return {@code index}, or {@code index - 1} when the characters on both sides form a surrogate pair
     */
    public static int safeCut(CharSequence text, int index) {
        if (index > 0
                && index < text.length()
                && Character.isHighSurrogate(text.charAt(index - 1))
                && Character.isLowSurrogate(text.charAt(index))) {
            return index - 1;
        }
        return index;
    }

    private static int safeCutForward(CharSequence text, int index) {
        return safeCut(text, index) == index ? index : index + 1;
    }

    /**
     * The last characters of a text, without starting in the middle of a surrogate pair.
     *
     * @param text the text
     * @param chars how many characters at most, {@code >= 0}
     * @return the tail; the whole text when it is shorter
     */
    public static String tail(CharSequence text, int chars) {
        int start = Math.max(0, text.length() - chars);
        if (start > 0 && safeCut(text, start) != start) {
            start++;
        }
        return text.subSequence(start, text.length()).toString();
    }
}
