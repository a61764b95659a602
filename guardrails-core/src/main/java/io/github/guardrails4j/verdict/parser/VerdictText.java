package io.github.guardrails4j.verdict.parser;

import io.github.guardrails4j.exception.VerdictParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Text helpers shared by the line-format parsers of this package: splitting into non-blank lines, removing one
 * leading {@code <think>...</think>} block, reading {@code Key: value} lines, and quoting model text in messages.
 * Package-private; stateless and thread safe.
 */
final class VerdictText {
    static final String THINK_OPEN = "<think>";
    static final String THINK_CLOSE = "</think>";
    private static final int QUOTE_LIMIT = 80;

    private VerdictText() {}

    /**
     * Throws when the text is null, empty or only white space.
     *
     * @throws VerdictParseException when there is no text
     */
    static String requireText(String modelOutput) {
        if (modelOutput == null || modelOutput.isBlank()) {
            throw new VerdictParseException(
                    "the model returned no text (empty or only white space)", modelOutput == null ? "" : modelOutput);
        }
        return modelOutput;
    }

    /** Splits on LF (a CR before it is dropped), strips each line, and drops blank lines. */
    static List<String> nonBlankLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String s = line.strip();
            if (!s.isEmpty()) {
                lines.add(s);
            }
        }
        return lines;
    }

    /**
     * Removes one leading {@code <think>...</think>} reasoning block (after leading white space) and returns the
     * rest. Tags are matched case-sensitively.
     *
     * @throws VerdictParseException when the block is not terminated, or a think tag remains after it
     */
    static String stripOneLeadingThinkBlock(String text, String raw) {
        String t = text.strip();
        if (t.startsWith(THINK_OPEN)) {
            int close = t.indexOf(THINK_CLOSE, THINK_OPEN.length());
            if (close < 0) {
                throw new VerdictParseException(
                        "the <think> block is not terminated by </think> (the reasoning "
                                + "trace was probably cut off by max_tokens: raise max_tokens or turn reasoning off)",
                        raw);
            }
            t = t.substring(close + THINK_CLOSE.length());
        }
        if (t.contains(THINK_OPEN) || t.contains(THINK_CLOSE)) {
            throw new VerdictParseException(
                    "only one <think>...</think> block is allowed, and only before the "
                            + "verdict lines; found another think tag",
                    raw);
        }
        return t;
    }

    /**
     * Reads every non-blank line as {@code Key: value}, split at the first colon, both parts stripped.
     *
     * @param body the text to read
     * @param canonicalKey maps a key as written to its canonical name, or to null when the key is unknown
     * @param raw the model's raw text, for exceptions
     * @return canonical key to value, in order of appearance
     * @throws VerdictParseException when a line has no colon, a key is unknown, or a key appears twice
     */
    static Map<String, String> keyValueLines(String body, UnaryOperator<String> canonicalKey, String raw) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> lines = nonBlankLines(body);
        if (lines.isEmpty()) {
            throw new VerdictParseException("no verdict lines (only a think block or white space)", raw);
        }
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new VerdictParseException(
                        "every line must be 'Key: value'; this line has no colon: " + quote(line), raw);
            }
            String key = line.substring(0, colon).strip();
            String canonical = canonicalKey.apply(key);
            if (canonical == null) {
                throw new VerdictParseException(
                        "unknown field " + quote(key) + " in line " + quote(line)
                                + " (strict: unknown lines are errors)",
                        raw);
            }
            if (fields.containsKey(canonical)) {
                throw new VerdictParseException(
                        "the field '" + canonical + "' appears more than once; a repeated "
                                + "field is never resolved by picking one",
                        raw);
            }
            fields.put(canonical, line.substring(colon + 1).strip());
        }
        return fields;
    }

    /** Splits a comma-separated list, strips each part, and drops empty parts. */
    static List<String> commaList(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String s = part.strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** Quotes model text for a message, escaping line breaks and cutting it at 80 characters. */
    static String quote(String s) {
        String t = s.replace("\r", "\\r").replace("\n", "\\n");
        return "'" + (t.length() > QUOTE_LIMIT ? t.substring(0, QUOTE_LIMIT) + "..." : t) + "'";
    }
}
