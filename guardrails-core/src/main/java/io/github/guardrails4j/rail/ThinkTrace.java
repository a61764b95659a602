package io.github.guardrails4j.rail;

/**
 * Removes the host LLM's own reasoning trace ({@code <think>...</think>} blocks) from an answer before its output
 * check, as NeMo Guardrails does (it strips the trace, checks the answer and re-attaches the trace): the trace is
 * the model thinking aloud, not what it tells the user. The answer handed to the user is not changed.
 *
 * <p><b>Rules.</b> Every complete {@code <think>...</think>} block, tags included, is removed (case-sensitive
 * tags). A {@code <think>} without its {@code </think>} (an answer cut in its trace) is kept verbatim and so is
 * checked: an unterminated trace is never dropped unchecked. A stray {@code </think>} is kept.
 *
 * <p><b>Streaming.</b> {@link #session()} gives the same result for text that arrives in chunks: a tag split
 * across chunks is recognised, at most {@code </think>}'s length less one characters are held back at a chunk edge
 * outside a trace, the trace itself is held until its end tag arrives (and returned at {@link Session#finish()} if
 * it never does), and text already returned never changes.
 *
 * <p>Stateless and thread safe; a {@link Session} is not thread safe.
 */
public final class ThinkTrace {
    /** The opening tag: {@value}. */
    public static final String OPEN = "<think>";
    /** The closing tag: {@value}. */
    public static final String CLOSE = "</think>";

    private ThinkTrace() {}

    /**
     * Removes every complete think block.
     *
     * @param answer the answer, verbatim
     * @return the answer without its complete think blocks; the same instance when it has none
     */
    public static String strip(String answer) {
        if (!answer.contains(OPEN)) {
            return answer;
        }
        Session s = session();
        return s.feed(answer) + s.finish();
    }

    /** {@return a new session for one streamed answer} */
    public static Session session() {
        return new Session();
    }

    /** Strips one answer that arrives in chunks. Not thread safe: one session per stream. */
    public static final class Session {
        private final StringBuilder pending = new StringBuilder();
        private boolean inside;
        private boolean finished;

        private Session() {}

        /**
         * Returns how many characters fed so far are held back (a partial tag at the edge, or an open trace).
         *
         * @return characters fed and not yet returned nor dropped, {@code >= 0}
         */
        public int pending() {
            return pending.length();
        }

        /**
         * Adds a chunk.
         *
         * @param chunk the next characters of the answer
         * @return the text outside think blocks decided so far and not returned before (possibly empty)
         * @throws IllegalStateException after {@link #finish()}
         */
        public String feed(CharSequence chunk) {
            if (finished) {
                throw new IllegalStateException("the session is finished");
            }
            pending.append(chunk);
            StringBuilder out = new StringBuilder();
            while (true) {
                if (!inside) {
                    int open = pending.indexOf(OPEN);
                    if (open >= 0) {
                        out.append(pending, 0, open);
                        pending.delete(0, open); // keep the tag: an unterminated trace is returned verbatim
                        inside = true;
                        continue;
                    }
                    int keep = partialTagAtEnd(pending, OPEN);
                    out.append(pending, 0, pending.length() - keep);
                    pending.delete(0, pending.length() - keep);
                    return out.toString();
                }
                int close = pending.indexOf(CLOSE, OPEN.length());
                if (close < 0) {
                    return out.toString();
                }
                pending.delete(0, close + CLOSE.length());
                inside = false;
            }
        }

        /**
         * Ends the answer.
         *
         * @return the held-back text: a partial tag, or an unterminated trace verbatim (it is checked)
         */
        public String finish() {
            finished = true;
            String rest = pending.toString();
            pending.setLength(0);
            return rest;
        }
    }

    /** How many characters at the end of s are a proper prefix of tag. */
    private static int partialTagAtEnd(CharSequence s, String tag) {
        for (int k = Math.min(tag.length() - 1, s.length()); k > 0; k--) {
            boolean match = true;
            for (int i = 0; i < k; i++) {
                if (s.charAt(s.length() - k + i) != tag.charAt(i)) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return k;
            }
        }
        return 0;
    }
}
