package io.github.guardrails4j.testkit.internal;

import java.util.Locale;

/**
 * Matches one keyword pattern against text. Patterns are lower case; a trailing {@code *} makes a
 * stem ({@code kill*} matches "kill", "killing", "killer"). Patterns starting with a Latin letter
 * or digit must start at a word boundary and, unless stems, end at one ({@code rob} matches "rob"
 * but not "robot"). Patterns in other scripts (Chinese, Arabic, Devanagari...) match anywhere.
 *
 * <p>Immutable and thread safe. Internal to the simulator; not an API.
 */
public final class KeywordMatcher {

    private final String pattern;
    private final String needle;
    private final boolean stem;
    private final boolean bounded;

    /**
     * Sets pattern.
     *
     * @param pattern a lower-case keyword, optionally ending in {@code *}
     */
    public KeywordMatcher(String pattern) {
        this.pattern = pattern;
        this.stem = pattern.endsWith("*");
        this.needle = stem ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (needle.isEmpty()) {
            throw new IllegalArgumentException("keyword must not be empty, got '" + pattern + "'");
        }
        char first = needle.charAt(0);
        this.bounded = first < 0x80 && Character.isLetterOrDigit(first);
    }

    /** {@return the pattern as given, e.g. {@code kill*}} */
    public String pattern() {
        return pattern;
    }

    /** {@return the keyword without its stem marker, e.g. {@code kill}} */
    public String keyword() {
        return needle;
    }

    /**
     * Sets lowerText.
     *
     * @param lowerText text already lower-cased with {@link #normalize(String)}
     * @return whether the keyword occurs
     */
    public boolean matches(String lowerText) {
        int from = 0;
        while (true) {
            int at = lowerText.indexOf(needle, from);
            if (at < 0) {
                return false;
            }
            if (!bounded) {
                return true;
            }
            int end = at + needle.length();
            boolean startOk = at == 0 || !Character.isLetterOrDigit(lowerText.charAt(at - 1));
            boolean endOk = stem || end == lowerText.length() || !Character.isLetterOrDigit(lowerText.charAt(end));
            if (startOk && endOk) {
                return true;
            }
            from = at + 1;
        }
    }

    /**
     * Lower-cases (root locale) and collapses runs of white space into one space.
     *
     * @param text any text
     * @return the normalized text
     */
    public static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
