package io.github.guardrails4j.verdict.parser;

import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.VerdictParser;

/**
 * Parses Nemotron 3.5 Content Safety's line format ({@code User Safety: unsafe}, {@code Response Safety: safe},
 * {@code Safety Categories: ...}). Skeleton: the rules land with issue 3.
 */
public final class Nemotron35Parser implements VerdictParser {
    private final String verdictField;

    private Nemotron35Parser(String verdictField) {
        this.verdictField = verdictField;
    }

    /** @return the parser for input checks (reads {@code User Safety}) */
    public static Nemotron35Parser forUserSafety() {
        return new Nemotron35Parser("User Safety");
    }

    /** @return the parser for output checks (reads {@code Response Safety}) */
    public static Nemotron35Parser forResponseSafety() {
        return new Nemotron35Parser("Response Safety");
    }

    @Override
    public ParsedVerdict parse(String modelOutput) {
        throw new UnsupportedOperationException("Nemotron35Parser(" + verdictField + "): not implemented yet");
    }
}
