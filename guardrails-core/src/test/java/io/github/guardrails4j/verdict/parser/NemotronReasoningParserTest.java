package io.github.guardrails4j.verdict.parser;

import static io.github.guardrails4j.verdict.parser.NemoDeviation.REASONING_STRICT_LINES;
import static io.github.guardrails4j.verdict.parser.NemoDeviation.REASONING_UNCLEAR_IS_ERROR;
import static io.github.guardrails4j.verdict.parser.NemoDeviation.REASONING_UNTERMINATED_THINK;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table for {@link NemotronReasoningParser}; see docs/verdicts.md, "Nemotron Content Safety Reasoning 4B". The parity
 * rows mirror {@code TestStripThinkTags}, {@code TestExtractHarmValue} and the {@code TestNemotronReasoning*} classes
 * in {@link NemoParity#SOURCE}.
 */
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
        String strip = "TestStripThinkTags::";
        String extract = "TestExtractHarmValue::";
        String p = "TestNemotronReasoningParsePromptSafety::";
        String r = "TestNemotronReasoningParseResponseSafety::";
        String real = "TestNemotronReasoningRealWorldScenarios::";
        String noPrompt = "no 'Prompt harm: harmful|unharmful' line";
        String noResponse = "no 'Response Harm: harmful|unharmful' line";
        String both = "Prompt harm: unharmful\nResponse Harm: unharmful";
        String traced = "<think>\nThe human user's request falls under S21 (Illegal Activity) as it seeks guidance on "
                + "theft,\nwhich is a criminal act. The AI assistant's response is a refusal and provides an ethical\n"
                + "alternative, making it unharmful.\n</think>\n\nPrompt harm: harmful\nResponse harm: unharmful";
        List<VerdictRow> nemoPrompt = new VerdictTable()
                .parser("nemotron-reasoning/prompt", NemotronReasoningParser.forPrompt())
                .safe(both)
                .mirrors(strip + "test_no_think_tags")
                .unsafe("<think>some reasoning</think>\nPrompt harm: harmful")
                .mirrors(strip + "test_single_line_think_tags")
                .unsafe("<think>\nThe user's request falls under S21 (Illegal Activity).\nThis is clearly harmful "
                        + "content.\n</think>\n\nPrompt harm: harmful\nResponse Harm: unharmful")
                .mirrors(strip + "test_multiline_think_tags")
                .safe("<think></think>Prompt harm: unharmful")
                .mirrors(strip + "test_empty_think_tags")
                .safe("  <think>reasoning</think>  \n  Prompt harm: unharmful  ")
                .mirrors(strip + "test_whitespace_handling")
                .unsafe("Prompt harm: harmful")
                .mirrors(extract + "test_extract_harmful")
                .safe("Prompt harm: unharmful")
                .mirrors(extract + "test_extract_unharmful")
                .safe("PROMPT HARM: unharmful")
                .mirrors(extract + "test_case_insensitive_field")
                .safe("Prompt harm: UNHARMFUL")
                .mirrors(extract + "test_case_insensitive_value")
                .error("Some other text without the field", "has no colon")
                .mirrors(extract + "test_missing_field_defaults_to_harmful")
                .nemo(REASONING_UNCLEAR_IS_ERROR)
                .safe("Prompt harm  :   unharmful")
                .mirrors(extract + "test_extra_whitespace_around_colon")
                .safe(both)
                .mirrors(p + "test_unharmful_prompt_no_reasoning")
                .unsafe("Prompt harm: harmful\nResponse Harm: unharmful")
                .mirrors(p + "test_harmful_prompt_no_reasoning")
                .safe("<think>\nThe user is asking about exercise benefits, which is a safe topic.\n</think>\n\n"
                        + both)
                .mirrors(p + "test_unharmful_prompt_with_reasoning")
                .unsafe(
                        "<think>\nThe user's request falls under S21 (Illegal Activity) as it seeks guidance\non "
                                + "shoplifting, which is a criminal act.\n</think>\n\nPrompt harm: harmful\nResponse Harm: unharmful")
                .mirrors(p + "test_harmful_prompt_with_reasoning")
                .safe("PROMPT HARM: UNHARMFUL")
                .mirrors(p + "test_case_insensitive_parsing")
                .error("Response Harm: unharmful", noPrompt)
                .mirrors(p + "test_missing_field_defaults_to_unsafe")
                .nemo(REASONING_UNCLEAR_IS_ERROR)
                .error("", "no text")
                .mirrors(p + "test_empty_response_defaults_to_unsafe")
                .nemo(REASONING_UNCLEAR_IS_ERROR)
                .error("The model refused to answer", "has no colon")
                .mirrors(p + "test_malformed_response_defaults_to_unsafe")
                .nemo(REASONING_UNCLEAR_IS_ERROR)
                .safe("Prompt harm: unharmful\nResponse harm: unharmful")
                .mirrors(real + "test_typical_safe_request_response")
                .unsafe(traced)
                .mirrors(real + "test_typical_unsafe_request_with_reasoning")
                .rows();
        List<VerdictRow> nemoResponse = new VerdictTable()
                .parser("nemotron-reasoning/response", NemotronReasoningParser.forResponse())
                .unsafe("Response Harm: harmful")
                .mirrors(extract + "test_response_harm_field")
                .safe("Prompt harm: harmful\nResponse Harm: unharmful")
                .mirrors(extract + "test_multiline_response")
                .safe(both)
                .mirrors(r + "test_unharmful_response_no_reasoning")
                .unsafe("Prompt harm: unharmful\nResponse Harm: harmful")
                .mirrors(r + "test_harmful_response_no_reasoning")
                .safe("<think>\nThe AI assistant's response provides helpful exercise information.\nThis is safe "
                        + "content.\n</think>\n\n" + both)
                .mirrors(r + "test_unharmful_response_with_reasoning")
                .unsafe("<think>\nThe AI assistant's response contains violent content that falls under S1.\n"
                        + "</think>\n\nPrompt harm: unharmful\nResponse Harm: harmful")
                .mirrors(r + "test_harmful_response_with_reasoning")
                .safe("RESPONSE HARM: UNHARMFUL")
                .mirrors(r + "test_case_insensitive_parsing")
                .error("Prompt harm: unharmful", noResponse)
                .mirrors(r + "test_missing_field_defaults_to_unsafe")
                .nemo(REASONING_UNCLEAR_IS_ERROR)
                .error("", "no text")
                .mirrors(r + "test_empty_response_defaults_to_unsafe")
                .nemo(REASONING_UNCLEAR_IS_ERROR)
                .unsafe("Response Harm: harmful")
                .mirrors(r + "test_starred_unpacking_compatibility")
                .safe("Prompt harm: unharmful\nResponse harm: unharmful")
                .mirrors(real + "test_typical_safe_request_response")
                .safe(traced)
                .mirrors(real + "test_typical_unsafe_request_with_reasoning")
                .unsafe("Prompt harm: unharmful\nResponse harm: harmful")
                .mirrors(real + "test_response_harm_lowercase")
                .rows();
        return Stream.of(prompt, response, nemoPrompt, nemoResponse)
                .flatMap(List::stream)
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void readsEachAnswerAsDocumented(VerdictRow row) {
        row.check();
    }
}
