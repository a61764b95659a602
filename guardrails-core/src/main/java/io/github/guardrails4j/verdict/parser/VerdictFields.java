package io.github.guardrails4j.verdict.parser;

import io.github.guardrails4j.exception.VerdictParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two rules every format with named verdict fields shares: a field stated twice with different values anywhere in
 * the answer is a contradiction (an error, whichever field the direction reads), and, in the line formats, a value
 * may carry one short parenthetical remark on its line ({@code User Safety: safe (no assistant response present)},
 * as Nemotron 3.5 writes when there is no answer). Package-private; stateless and thread safe.
 */
final class VerdictFields {
    /** Longest remark accepted after a value, in characters inside the parentheses: {@value}. */
    static final int MAX_REMARK_CHARS = 80;

    private static final Pattern REMARK =
            Pattern.compile("^(\\S+)\\s*\\(([^()\\r\\n]{0," + MAX_REMARK_CHARS + "})\\)$");

    /**
     * Compiled patterns by field (as written, and ignoring case) and by verdict word: the parsers pass constants (a
     * handful of field names and words), so these stay that small, and no verdict compiles a pattern.
     */
    private static final Map<String, Pattern> FIELDS = new ConcurrentHashMap<>();

    private static final Map<String, Pattern> FIELDS_IGNORING_CASE = new ConcurrentHashMap<>();
    private static final Map<String, Pattern> WORDS = new ConcurrentHashMap<>();

    private VerdictFields() {}

    private static Pattern fieldPattern(String field, boolean ignoreCase) {
        return (ignoreCase ? FIELDS_IGNORING_CASE : FIELDS)
                .computeIfAbsent(
                        field,
                        f -> Pattern.compile(
                                "\"?" + Pattern.quote(f) + "\"?\\s*:\\s*\"?\\s*([A-Za-z_-]+)",
                                ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
    }

    private static Pattern wordPattern(String word) {
        return WORDS.computeIfAbsent(word, w -> Pattern.compile("\\b" + Pattern.quote(w) + "\\b"));
    }

    /**
     * Throws when one of the fields is stated more than once with different values anywhere in the text: as a
     * line {@code Field: value}, inside another line ({@code ...; Field: value}) or as JSON
     * ({@code "Field": "value"}). Values are compared as their first word, ignoring case.
     *
     * @param text the text to scan (the answer without its reasoning trace)
     * @param fields the format's verdict fields
     * @param ignoreCase true when the format matches field names ignoring case
     * @param raw the model's raw text, for the exception
     * @throws VerdictParseException when a field has two different values
     */
    static void requireNoContradiction(String text, List<String> fields, boolean ignoreCase, String raw) {
        for (String field : fields) {
            Matcher m = fieldPattern(field, ignoreCase).matcher(text);
            String first = null;
            while (m.find()) {
                String value = m.group(1).toLowerCase(Locale.ROOT);
                if (first == null) {
                    first = value;
                } else if (!first.equals(value)) {
                    throw new VerdictParseException(
                            "the field '" + field + "' appears more than once with different values ('" + first
                                    + "' and '" + value + "'): a contradiction, read as no verdict",
                            raw);
                }
            }
        }
    }

    /**
     * The value of a verdict line without one short trailing parenthetical remark.
     *
     * @param value the value as written, stripped
     * @param verdictWords the format's verdict words (for example {@code safe}, {@code unsafe}); a remark that
     *     names one of them is refused, so a remark can never restate or contradict the verdict
     * @param field the field name, for the message
     * @param raw the model's raw text, for the exception
     * @return the value before the remark, or the value unchanged when it has no remark
     * @throws VerdictParseException when the remark names a verdict word
     */
    static String withoutRemark(String value, List<String> verdictWords, String field, String raw) {
        Matcher m = REMARK.matcher(value);
        if (!m.matches()) {
            return value;
        }
        String remark = m.group(2).toLowerCase(Locale.ROOT);
        for (String word : verdictWords) {
            if (wordPattern(word).matcher(remark).find()) {
                throw new VerdictParseException(
                        "the remark after '" + field + "' names the verdict word '" + word
                                + "'; a remark may not restate or contradict the verdict",
                        raw);
            }
        }
        return m.group(1);
    }
}
