package io.github.guardrails4j.verdict.parser;

import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.VerdictParser;

/**
 * Parses Nemotron Content Safety Reasoning 4B ({@code Prompt harm: harmful|unharmful},
 * {@code Response Harm: ...}, after an optional {@code <think>} block). Skeleton: the rules land with issue 3.
 */
public final class NemotronReasoningParser implements VerdictParser {
    private final String verdictField;

    private NemotronReasoningParser(String verdictField) {
        this.verdictField = verdictField;
    }

    /** @return the parser for input checks (reads {@code Prompt harm}) */
    public static NemotronReasoningParser forPrompt() {
        return new NemotronReasoningParser("Prompt harm");
    }

    /** @return the parser for output checks (reads {@code Response Harm}) */
    public static NemotronReasoningParser forResponse() {
        return new NemotronReasoningParser("Response Harm");
    }

    @Override
    public ParsedVerdict parse(String modelOutput) {
        throw new UnsupportedOperationException("NemotronReasoningParser(" + verdictField + "): not implemented yet");
    }
}
