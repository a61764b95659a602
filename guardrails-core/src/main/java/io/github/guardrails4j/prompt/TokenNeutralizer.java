package io.github.guardrails4j.prompt;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Makes text that is pasted into a guard model's prompt unable to act as prompt structure: control-token strings
 * of the model's tokenizer family ({@code <|eot_id|>}, {@code <end_of_turn>}, ...) and the template's own markers
 * ({@code <END CONVERSATION>}, {@code user:} at a line start, ...) get one {@link #MARK} (U+200B ZERO WIDTH SPACE)
 * inserted, so the guard still reads the same words but no tokenizer can read them as a control token and no
 * reader can take them for the template's own structure. A vLLM-style server tokenises special-token strings in
 * message text as control tokens; without this, a user can close their own turn and forge an assistant turn.
 *
 * <p><b>Rules</b>, applied left to right, first rule that matches at a position wins, matches never overlap:
 * <ul>
 *   <li>{@link Family#LLAMA_3}: every {@code <|} (the start of every Llama 3 special token, including
 *       {@code <|reserved_special_token_0|>} ... {@code <|reserved_special_token_247|>} and {@code <|python_tag|>})
 *       becomes {@code <}MARK{@code |}. Source: the Llama 3.1 model card and {@code tokenizer_config.json} of
 *       meta-llama/Llama-3.1-8B-Instruct on huggingface.co.</li>
 *   <li>{@link Family#GEMMA_3}: {@code <name>} and {@code </name>} for the Gemma 3 control tokens
 *       ({@link #GEMMA_3_TOKENS}, and {@code <unusedN>}) become {@code <}MARK{@code name>}. Source: the Gemma 3
 *       {@code tokenizer_config.json} (google/gemma-3-4b-it on huggingface.co), the base of the 4B guard models.</li>
 *   <li>A template marker (for example {@code <BEGIN CONVERSATION>}) anywhere: MARK after its first character when
 *       it starts with {@code <}, else before its first colon.</li>
 *   <li>A line marker (for example {@code user:}) at the start of the text or right after a CR or LF: MARK before
 *       its first colon.</li>
 * </ul>
 * The rules only ever insert MARK; nothing is removed, so the result is deterministic and the text reads the same.
 *
 * <p><b>Streaming.</b> {@link #session()} neutralises text that arrives in chunks with the same result as
 * {@link #neutralize(String)} of the whole text: it holds back at most {@link #holdBack()} characters at a chunk
 * edge until they are decided (so {@code <|eot} then {@code _id|>} is caught), and text it has returned is never
 * changed later.
 *
 * <p>Immutable and thread safe; a {@link Session} is not thread safe.
 */
public final class TokenNeutralizer {
    /** The character inserted: U+200B ZERO WIDTH SPACE. */
    public static final char MARK = '\u200B';

    /** The Gemma 3 control token names handled by {@link Family#GEMMA_3}, besides {@code unusedN}. */
    public static final List<String> GEMMA_3_TOKENS = List.of(
            "bos",
            "eos",
            "pad",
            "unk",
            "mask",
            "start_of_turn",
            "end_of_turn",
            "start_of_image",
            "end_of_image",
            "image_soft_token");

    private static final TokenNeutralizer NONE = new TokenNeutralizer(Set.of(), List.of(), List.of());
    private static final int MAX_UNUSED_DIGITS = 4;

    /** Tokenizer families whose control-token strings are neutralised. */
    public enum Family {
        /** Llama 3 / 3.1 (NemoGuard 8B models, Llama Guard 3): every {@code <|...|>} token. */
        LLAMA_3,
        /** Gemma 3 (Nemotron 3.5 Content Safety, Nemotron Content Safety Reasoning 4B). */
        GEMMA_3
    }

    private final Set<Family> families;
    private final List<String> markers;
    private final List<String> lineMarkers;
    private final int holdBack;
    /**
     * One character of every rule (its colon, else its first character, {@code <}), distinct: a text holding none of
     * them cannot match any rule, which is the fast path of most texts (no session, no copy).
     */
    private final char[] triggers;

    private TokenNeutralizer(Set<Family> families, List<String> markers, List<String> lineMarkers) {
        this.families = families.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(families));
        this.markers = List.copyOf(markers);
        this.lineMarkers = List.copyOf(lineMarkers);
        int longest = families.contains(Family.LLAMA_3) ? 2 : 0;
        if (families.contains(Family.GEMMA_3)) {
            for (String t : GEMMA_3_TOKENS) {
                longest = Math.max(longest, t.length() + 3);
            }
            longest = Math.max(longest, "</unused>".length() + MAX_UNUSED_DIGITS);
        }
        for (String m : this.markers) {
            longest = Math.max(longest, m.length());
        }
        for (String m : this.lineMarkers) {
            longest = Math.max(longest, m.length());
        }
        this.holdBack = Math.max(0, longest - 1);
        StringBuilder first = new StringBuilder();
        if (!this.families.isEmpty()) {
            first.append('<'); // Llama 3's <|...|> and Gemma 3's <token> both start with '<'
        }
        for (String m : this.markers) {
            first.append(trigger(m));
        }
        for (String m : this.lineMarkers) {
            first.append(trigger(m));
        }
        this.triggers = first.chars()
                .distinct()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .toCharArray();
    }

    /**
     * A neutraliser.
     *
     * @param families the tokenizer families whose control tokens are neutralised
     * @param markers template markers neutralised anywhere, for example {@code <END CONVERSATION>}; each must
     *     start with {@code <} or hold a colon
     * @param lineMarkers template markers neutralised at a line start, for example {@code user:}; each must hold a
     *     colon
     * @return the neutraliser
     * @throws IllegalArgumentException when a marker is empty or has neither a leading {@code <} nor a colon
     * @throws NullPointerException when an argument is null
     */
    public static TokenNeutralizer of(Collection<Family> families, List<String> markers, List<String> lineMarkers) {
        for (String m : markers) {
            requireMarker(m, true);
        }
        for (String m : lineMarkers) {
            requireMarker(m, false);
        }
        return new TokenNeutralizer(families.isEmpty() ? Set.of() : EnumSet.copyOf(families), markers, lineMarkers);
    }

    private static void requireMarker(String m, boolean anglesAllowed) {
        Objects.requireNonNull(m, "marker");
        if (m.isEmpty() || (m.indexOf(':') < 0 && !(anglesAllowed && m.charAt(0) == '<'))) {
            throw new IllegalArgumentException("a marker must start with '<' or hold a colon, got '" + m + "'");
        }
    }

    /** {@return the neutraliser that changes nothing} */
    public static TokenNeutralizer none() {
        return NONE;
    }

    /** A character every match of the marker holds: its colon when it has one (rarer in text), else its first. */
    private static char trigger(String marker) {
        return marker.indexOf(':') >= 0 ? ':' : marker.charAt(0);
    }

    private boolean mayMatch(String text) {
        for (char c : triggers) {
            if (text.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** {@return the most characters a {@link Session} holds back at a chunk edge} */
    public int holdBack() {
        return holdBack;
    }

    /**
     * Neutralises a whole text.
     *
     * @param text the text, verbatim
     * @return the text with {@link #MARK} inserted where a rule matched; the same instance when nothing matched
     */
    public String neutralize(String text) {
        if (!mayMatch(text)) {
            return text; // the common case: no rule's first character, no session, no copy
        }
        Session s = session();
        String head = s.feed(text);
        String tail = s.finish();
        String out = head + tail;
        return out.length() == text.length() ? text : out;
    }

    /**
     * Whether {@link #neutralize(String)} would change a text, without building the changed text when no rule's
     * first character occurs in it.
     *
     * @param text the text, verbatim
     * @return true when {@link #neutralize(String)} would change it
     */
    public boolean changes(String text) {
        if (!mayMatch(text)) {
            return false;
        }
        return neutralize(text).length() != text.length();
    }

    /**
     * Returns where a streamed text may be cut so that its neutralisation never changes when more text follows:
     * the text's length minus its longest tail that is the unfinished start of a rule's match (for example a
     * trailing {@code <|eot} or {@code <END CONV}). Cumulative streaming checks cut there, so that the rendering of
     * the answer so far is a byte prefix of the rendering of every longer answer.
     *
     * @param text the text so far, verbatim
     * @return a length in {@code [text.length() - holdBack(), text.length()]}, at least 0
     */
    public int stableLength(CharSequence text) {
        int n = text.length();
        for (int i = Math.max(0, n - holdBack); i < n; i++) {
            char prev = i == 0 ? '\n' : text.charAt(i - 1);
            if (unfinishedMatch(text, i, prev)) {
                return i;
            }
        }
        return n;
    }

    /** {@return true when text[i..] is a proper prefix of a match of some rule} */
    private boolean unfinishedMatch(CharSequence s, int i, char prev) {
        String tail = s.subSequence(i, s.length()).toString();
        if (families.contains(Family.LLAMA_3) && tail.equals("<")) {
            return true;
        }
        if (families.contains(Family.GEMMA_3) && tail.charAt(0) == '<') {
            String name = tail.startsWith("</") ? tail.substring(2) : tail.substring(1);
            for (String t : GEMMA_3_TOKENS) {
                if ((t + '>').startsWith(name) && name.length() <= t.length()) {
                    return true;
                }
            }
            if ("unused".startsWith(name)
                    || (name.startsWith("unused")
                            && name.length() <= "unused".length() + MAX_UNUSED_DIGITS
                            && name.substring("unused".length()).chars().allMatch(Character::isDigit))) {
                return true;
            }
        }
        for (String m : markers) {
            if (tail.length() < m.length() && m.startsWith(tail)) {
                return true;
            }
        }
        if (prev == '\n' || prev == '\r') {
            for (String m : lineMarkers) {
                if (tail.length() < m.length() && m.startsWith(tail)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@return a new session for one streamed text} */
    public Session session() {
        return new Session();
    }

    /**
     * Neutralises one text that arrives in chunks. Not thread safe: one session per stream.
     */
    public final class Session {
        private final StringBuilder pending = new StringBuilder();
        private char previous = '\n';
        private boolean finished;
        private int marks;

        private Session() {}

        /**
         * Adds a chunk.
         *
         * @param chunk the next characters of the text
         * @return the neutralised text decided so far and not returned before (possibly empty); never changed
         *     later
         * @throws IllegalStateException after {@link #finish()}
         */
        public String feed(CharSequence chunk) {
            if (finished) {
                throw new IllegalStateException("the session is finished");
            }
            pending.append(chunk);
            return drain(false);
        }

        /**
         * Ends the text: decides the held-back characters.
         *
         * @return the rest of the neutralised text
         */
        public String finish() {
            finished = true;
            return drain(true);
        }

        /** {@return how many marks this session inserted so far} */
        public int marks() {
            return marks;
        }

        private String drain(boolean all) {
            int n = pending.length();
            int limit = all ? n : n - holdBack;
            StringBuilder out = new StringBuilder(Math.max(0, limit) + 4);
            int i = 0;
            char prev = previous;
            while (i < limit) {
                int[] m = match(pending, i, prev);
                if (m == null) {
                    prev = pending.charAt(i);
                    out.append(prev);
                    i++;
                } else {
                    out.append(pending, i, i + m[1]).append(MARK).append(pending, i + m[1], i + m[0]);
                    marks++;
                    prev = pending.charAt(i + m[0] - 1);
                    i += m[0];
                }
            }
            if (i > 0) {
                previous = prev;
                pending.delete(0, i);
            }
            return out.toString();
        }
    }

    /** The match at i: {length, offset of the mark}, or null. */
    private int[] match(CharSequence s, int i, char prev) {
        char c = s.charAt(i);
        if (c == '<') {
            if (families.contains(Family.LLAMA_3) && i + 1 < s.length() && s.charAt(i + 1) == '|') {
                return new int[] {2, 1};
            }
            if (families.contains(Family.GEMMA_3)) {
                int len = gemmaToken(s, i);
                if (len > 0) {
                    return new int[] {len, 1};
                }
            }
        }
        for (String m : markers) {
            if (regionMatches(s, i, m)) {
                return new int[] {m.length(), m.charAt(0) == '<' ? 1 : m.indexOf(':')};
            }
        }
        if (prev == '\n' || prev == '\r') {
            for (String m : lineMarkers) {
                if (regionMatches(s, i, m)) {
                    return new int[] {m.length(), m.indexOf(':')};
                }
            }
        }
        return null;
    }

    private static int gemmaToken(CharSequence s, int i) {
        int j = i + 1;
        if (j < s.length() && s.charAt(j) == '/') {
            j++;
        }
        for (String t : GEMMA_3_TOKENS) {
            if (regionMatches(s, j, t) && j + t.length() < s.length() && s.charAt(j + t.length()) == '>') {
                return j + t.length() + 1 - i;
            }
        }
        if (regionMatches(s, j, "unused")) {
            int k = j + "unused".length();
            int digits = 0;
            while (k < s.length() && digits < MAX_UNUSED_DIGITS && Character.isDigit(s.charAt(k))) {
                k++;
                digits++;
            }
            if (digits > 0 && k < s.length() && s.charAt(k) == '>') {
                return k + 1 - i;
            }
        }
        return 0;
    }

    private static boolean regionMatches(CharSequence s, int i, String m) {
        if (i + m.length() > s.length()) {
            return false;
        }
        for (int k = 0; k < m.length(); k++) {
            if (s.charAt(i + k) != m.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "TokenNeutralizer{families=" + families + ", markers=" + markers.size() + ", lineMarkers="
                + lineMarkers.size() + '}';
    }
}
