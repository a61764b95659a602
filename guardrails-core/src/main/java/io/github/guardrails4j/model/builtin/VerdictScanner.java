package io.github.guardrails4j.model.builtin;

/**
 * Finds the verdict value in the partial JSON text of a streamed NemoGuard answer, such as
 * <code>&#123;"User Safety": "uns</code> (not yet) or <code>&#123;"User Safety": "unsafe", "Safety Cat</code>
 * (decided).
 *
 * <p>Reads only the layout the model writes: white space, <code>&#123;</code>, then {@code "key": "string"} pairs
 * separated by commas. The value of the verdict key counts as complete once the closing quote of its string has
 * arrived.
 * Anything else (a code fence, prose, a nested value before the key, a non-string verdict value, an object that
 * closes without the key) yields no early value: the caller then waits for the end of the stream and the strict
 * parser decides. JSON escapes in keys and values are decoded. Stateless and thread safe.
 */
final class VerdictScanner {
    private VerdictScanner() {}

    /**
     * Sets text.
     *
     * @param text the text received so far
     * @param key the verdict key, for example {@code User Safety}
     * @return the decoded value of the first occurrence of key once its closing quote has arrived, else null
     */
    static String verdictValue(CharSequence text, String key) {
        int n = text.length();
        int i = skipWhiteSpace(text, 0);
        if (i >= n || text.charAt(i) != '{') {
            return null;
        }
        i++;
        while (true) {
            i = skipWhiteSpace(text, i);
            if (i >= n || text.charAt(i) != '"') {
                return null;
            }
            StringBuilder name = new StringBuilder();
            i = readString(text, i, name);
            if (i < 0) {
                return null;
            }
            i = skipWhiteSpace(text, i);
            if (i >= n || text.charAt(i) != ':') {
                return null;
            }
            i = skipWhiteSpace(text, i + 1);
            if (i >= n || text.charAt(i) != '"') {
                return null; // pending, or a non-string value: the strict parser decides at the end
            }
            StringBuilder value = new StringBuilder();
            i = readString(text, i, value);
            if (i < 0) {
                return null;
            }
            if (name.toString().equals(key)) {
                return value.toString();
            }
            i = skipWhiteSpace(text, i);
            if (i >= n || text.charAt(i) != ',') {
                return null;
            }
            i++;
        }
    }

    private static int skipWhiteSpace(CharSequence text, int i) {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    /** Reads the JSON string starting at the quote at {@code start}; returns the index after it, or -1. */
    private static int readString(CharSequence text, int start, StringBuilder out) {
        int n = text.length();
        int i = start + 1;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= n) {
                return -1;
            }
            char e = text.charAt(i + 1);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 6 > n) {
                        return -1;
                    }
                    try {
                        out.append((char)
                                Integer.parseInt(text.subSequence(i + 2, i + 6).toString(), 16));
                    } catch (NumberFormatException notHex) {
                        return -1; // invalid escape: no early value; the strict parser reports it at the end
                    }
                    i += 4;
                }
                default -> out.append(e); // \" \\ \/ (and invalid escapes, which the strict parser rejects later)
            }
            i += 2;
        }
        return -1;
    }
}
