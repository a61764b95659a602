package io.github.guardrails4j.cli;

import java.util.Locale;

/**
 * Makes text from outside (user prompts, categories and messages from a model or server) safe to print on a
 * terminal. Stateless and thread safe.
 */
final class TerminalText {
    private TerminalText() {}

    /**
     * Escapes every character that could drive a terminal or reorder what it shows, as {@code \}{@code uXXXX}
     * (upper-case hex, as the JSONL output writes them): C0 and C1 control characters and DEL (ESC starts terminal
     * escape sequences, U+009B is a one-byte CSI), the Unicode bidirectional controls (U+061C, U+200E, U+200F,
     * U+202A to U+202E, U+2066 to U+2069; see Unicode TR #9 and CVE-2021-42574) and the line and paragraph
     * separators U+2028 and U+2029. Everything else, joiners and emoji included, is printed as is.
     *
     * @param text the text, or null
     * @return the escaped text, or null for null
     */
    static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean unsafe(char c) {
        return Character.getType(c) == Character.CONTROL
                || c == '\u061C'
                || c == '\u200E'
                || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u2028'
                || c == '\u2029';
    }
}
