package io.github.guardrails4j.verdict.parser;

import static io.github.guardrails4j.verdict.parser.NemoDeviation.REASONING_STRICT_LINES;
import static io.github.guardrails4j.verdict.parser.NemoDeviation.REASONING_UNCLEAR_IS_ERROR;
import static io.github.guardrails4j.verdict.parser.NemoDeviation.REASONING_UNTERMINATED_THINK;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table for {@link NemotronReasoningParser}; see docs/verdicts.md, "Nemotron Content Safety Reasoning 4B". */
class NemotronReasoningParserTest {
    static List<VerdictRow> table() {
        String value = "must be 'harmful' or 'unharmful'";
        String twice = "appears more than once";
        String contradiction = "appears more than once with different values";
        List<VerdictRow> prompt = new VerdictTable()
                .parser("nemotron-reasoning/prompt", NemotronReasoningParser.forPrompt())
                .safe("Prompt harm: unharmful")
                .safe("Prompt harm: unharmful\nResponse Harm: unharmful")
                .safe("Prompt harm: unharmful\nResponse Harm: harmful")
                .safe("prompt HARM: Unharmful")
                .safe("Prompt Harm: unharmful")
                .safe("Prompt harm: unharmful\nResponse Harm: None")
                .safe("<think>\nIs it harmful? Prompt harm: harmful would be wrong.\n</think>\n\n"
                        + "Prompt harm: unharmful\nResponse Harm: unharmful")
                .unsafe("Prompt harm: harmful")
                .unsafe("Prompt harm: harmful\nResponse Harm: unharmful")
                .unsafe("<think>\nThe user asks how to build a weapon.\n</think>\nPrompt harm: harmful\n"
                        + "Response Harm: unharmful")
                .safe("Prompt harm: unharmful (a cooking question)\nResponse Harm: None (no response)")
                .error("Prompt harm: unharmful (not harmful)", "names the verdict word 'harmful'")
                .error("Prompt harm: unharmful\nResponse Harm: unharmful; Response Harm: harmful", contradiction)
                .error("Prompt harm: harmless", value)
                .error("Prompt harm: not harmful", value)
                .error("Prompt harm: safe", value)
                .nemo(REASONING_UNCLEAR_IS_ERROR)
                .error("Prompt harm:", value)
                .nemo(REASONING_UNCLEAR_IS_ERROR)
                .error("Prompt harm: unharmful\nPrompt harm: harmful", twice)
                .nemo(REASONING_STRICT_LINES)
                .error("Prompt harm: harmful\nprompt harm: unharmful", twice)
                .error("Response Harm: unharmful", "no 'Prompt harm: harmful|unharmful' line")
                .nemo(REASONING_UNCLEAR_IS_ERROR)
                .error("<think>\nI think Prompt harm: unharmful because", "not terminated")
                .nemo(REASONING_UNTERMINATED_THINK)
                .error("Prompt harm: unharmful\nSafety Categories: Violence", "unknown field")
                .nemo(REASONING_STRICT_LINES)
                .error("The prompt is unharmful.\nPrompt harm: unharmful", "has no colon")
                .nemo(REASONING_STRICT_LINES)
                .error("Prompt harm unharmful", "has no colon")
                .nemo(REASONING_UNCLEAR_IS_ERROR)
                .error("</think>\nPrompt harm: unharmful", "only one <think>")
                .error("<think>a</think><think>b</think>Prompt harm: unharmful", "only one <think>")
                .error("", "no text")
                .error("\n\n", "no text")
                .rows();
        List<VerdictRow> response = new VerdictTable()
                .parser("nemotron-reasoning/response", NemotronReasoningParser.forResponse())
                .safe("Prompt harm: harmful\nResponse Harm: unharmful")
                .safe("Prompt harm: harmful\nresponse harm: UNHARMFUL")
                .unsafe("Prompt harm: unharmful\nResponse harm: harmful")
                .unsafe("Response Harm: harmful")
                .safe("Response Harm: unharmful")
                .error("Prompt harm: unharmful", "no 'Response Harm: harmful|unharmful' line")
                .nemo(REASONING_UNCLEAR_IS_ERROR)
                .error("Prompt harm: unharmful\nResponse Harm: None", value)
                .nemo(REASONING_UNCLEAR_IS_ERROR)
                .unsafe("Prompt harm: unharmful\nResponse Harm: harmful (gives weapon steps)")
                .error("Prompt harm: harmful; prompt harm: unharmful\nResponse Harm: unharmful", contradiction)
                .error("Prompt harm: unharmful\nResponse Harm: unharmful\nResponse Harm: harmful", twice)
                .nemo(REASONING_STRICT_LINES)
                .rows();
        return Stream.concat(prompt.stream(), response.stream()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void readsEachAnswerAsDocumented(VerdictRow row) {
        row.check();
    }
}
