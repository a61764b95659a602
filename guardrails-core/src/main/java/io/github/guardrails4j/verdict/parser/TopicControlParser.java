package io.github.guardrails4j.verdict.parser;

import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.VerdictParser;

/**
 * Parses Llama 3.1 NemoGuard 8B TopicControl's answer: {@code on-topic} (safe) or {@code off-topic} (unsafe).
 * Skeleton: the rules land with issue 3.
 */
public final class TopicControlParser implements VerdictParser {
    private TopicControlParser() {
    }

    /** @return the parser */
    public static TopicControlParser create() {
        return new TopicControlParser();
    }

    @Override
    public ParsedVerdict parse(String modelOutput) {
        throw new UnsupportedOperationException("TopicControlParser: not implemented yet");
    }
}
