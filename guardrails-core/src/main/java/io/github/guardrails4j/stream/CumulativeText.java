package io.github.guardrails4j.stream;

import io.github.guardrails4j.internal.TextWindows;
import io.github.guardrails4j.prompt.TokenNeutralizer;
import java.util.EnumSet;
import java.util.List;

/**
 * The answer so far of a cumulative stream ({@link StreamingConfig#cumulative()}) and the check text of each chunk:
 * the answer from its start to a stable cut, so that the rendering of one check's text is a byte prefix of the
 * next one's. Not thread safe: one per stream, used under the stream's lock.
 */
final class CumulativeText {
    /**
     * The rules of every built-in guard model's neutraliser (Llama 3 and Gemma 3 control tokens, the NemoGuard and
     * Llama Guard template markers, the line markers): a cut never falls inside an unfinished match of any of them.
     */
    static final TokenNeutralizer EDGES = TokenNeutralizer.of(
            EnumSet.allOf(TokenNeutralizer.Family.class),
            List.of(
                    "<BEGIN CONVERSATION>",
                    "<END CONVERSATION>",
                    "<BEGIN UNSAFE CONTENT CATEGORIES>",
                    "<END UNSAFE CONTENT CATEGORIES>",
                    "response: agent:"),
            List.of("user:", "User:", "Agent:", "Human user:", "AI assistant:"));

    private final int maxChars;
    private final StringBuilder all = new StringBuilder();
    private int covered;
    private int headLength = -1;

    CumulativeText(int maxChars) {
        this.maxChars = maxChars;
    }

    /**
     * Adds checked text and returns the next check text.
     *
     * @param checked the chunk's text as checked (its think trace removed)
     * @param windowLength the length of the chunk's windowed check text, used above the maximum size
     * @param last true for the final chunk: everything is checked
     * @return the check text
     */
    String next(CharSequence checked, int windowLength, boolean last) {
        all.append(checked);
        int end = last ? all.length() : EDGES.stableLength(all);
        if (!last && end > 0 && Character.isHighSurrogate(all.charAt(end - 1))) {
            end--;
        }
        end = Math.max(end, covered);
        covered = end;
        if (end <= maxChars) {
            return all.substring(0, end);
        }
        if (headLength < 0) {
            headLength = TextWindows.safeCut(all, maxChars / 2);
        }
        int window = Math.min(Math.max(windowLength, 1), maxChars - headLength);
        return all.substring(0, headLength) + all.substring(Math.max(headLength, end - window), end);
    }

    /** {@return the checked characters added but not yet sent (held back at the last cut)} */
    int heldBack() {
        return all.length() - covered;
    }
}
