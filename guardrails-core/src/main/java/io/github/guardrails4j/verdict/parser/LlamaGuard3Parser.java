package io.github.guardrails4j.verdict.parser;

import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.VerdictParser;

/**
 * Parses Meta Llama Guard 3's line format: {@code safe}, or {@code unsafe} then a line of codes ({@code S1,S10}).
 * Skeleton: the rules land with issue 3.
 */
public final class LlamaGuard3Parser implements VerdictParser {
    private LlamaGuard3Parser() {
    }

    /** @return the parser */
    public static LlamaGuard3Parser create() {
        return new LlamaGuard3Parser();
    }

    @Override
    public ParsedVerdict parse(String modelOutput) {
        throw new UnsupportedOperationException("LlamaGuard3Parser: not implemented yet");
    }
}
