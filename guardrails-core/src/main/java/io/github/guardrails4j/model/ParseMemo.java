package io.github.guardrails4j.model;

import io.github.guardrails4j.verdict.ParsedVerdict;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The verdicts a {@link ChatGuardModel} has read, by answer text: a guard model answers with a handful of distinct
 * short texts ({@code {"User Safety": "safe"}}, {@code safe}, {@code unsafe\nS1}), and reading one again is a
 * hash lookup instead of a JSON or line parse. Only texts up to {@value #MAX_TEXT_CHARS} characters that parse are
 * kept (an unreadable answer is read, and fails, every time), at most {@value #MAX_ENTRIES} of them: past that,
 * new texts are simply parsed, so a server answering with ever-new texts costs memory once and no more.
 * Package-private; thread safe.
 */
final class ParseMemo {
    /** Longest answer text kept, in chars: {@value}. */
    static final int MAX_TEXT_CHARS = 256;

    /** Most answer texts kept: {@value}. */
    static final int MAX_ENTRIES = 64;

    private final Map<String, ParsedVerdict> read = new ConcurrentHashMap<>();

    /**
     * Reads a text, from the memo when it was read before.
     *
     * @param text the answer text (null is passed to the parser as is)
     * @param parser the pure parser of this model and direction; its exceptions propagate
     * @return the parsed verdict
     */
    ParsedVerdict parse(String text, Function<String, ParsedVerdict> parser) {
        if (text == null || text.length() > MAX_TEXT_CHARS) {
            return parser.apply(text);
        }
        ParsedVerdict known = read.get(text);
        if (known != null) {
            return known;
        }
        ParsedVerdict parsed = parser.apply(text);
        if (read.size() < MAX_ENTRIES) {
            read.putIfAbsent(text, parsed);
        }
        return parsed;
    }

    /** {@return how many texts are kept (for tests)} */
    int size() {
        return read.size();
    }
}
