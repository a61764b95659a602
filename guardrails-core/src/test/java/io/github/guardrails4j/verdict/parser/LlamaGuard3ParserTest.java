package io.github.guardrails4j.verdict.parser;

import static io.github.guardrails4j.verdict.parser.NemoDeviation.LLAMA_GUARD_LOOSE_SAFE;
import static io.github.guardrails4j.verdict.parser.NemoDeviation.LLAMA_GUARD_UNCLEAR_IS_ERROR;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table for {@link LlamaGuard3Parser}; see docs/verdicts.md, "Llama Guard 3". NeMo reads Llama Guard with
 * {@code is_content_safe}; the parity rows mirror its cases in {@link NemoParity#SOURCE} ({@code TestIsContentSafe},
 * {@code TestOutputParsersRealWorldScenarios}) and the answers of {@link NemoParity#LLAMA_GUARD_SOURCE}.
 */
class LlamaGuard3ParserTest {
    static List<VerdictRow> table() {
        String first = "first line must be exactly 'safe' or 'unsafe'";
        String codes = "comma-separated codes S1..S14";
        List<VerdictRow> ours = new VerdictTable()
                .parser("llama-guard-3", LlamaGuard3Parser.create())
                .safe("safe")
                .safe("\nsafe")
                .safe("safe\n")
                .safe("  safe  ")
                .safe("\r\n\r\nsafe\r\n")
                .unsafe("unsafe")
                .safe("safe (no response given)")
                .unsafe("unsafe (weapons)\nS1", "S1")
                .error("safe (not unsafe)", "names the verdict word 'unsafe'")
                .unsafe("unsafe\n")
                .unsafe("unsafe\nS1", "S1")
                .unsafe("unsafe \nS1, S2", "S1", "S2")
                .unsafe("unsafe\n\nS1", "S1")
                .unsafe("unsafe\nS1,S10", "S1", "S10")
                .unsafe("unsafe\nS14", "S14")
                .unsafe("unsafe\n S3 ,S1 \n", "S3", "S1")
                .unsafe("unsafe\nS1,S1", "S1", "S1")
                .error("Not safe.", first)
                .error("safe unsafe", first)
                .error("safe\nS1", "'safe' must be the only line")
                .error("safe\nunsafe", "'safe' must be the only line")
                .error("safe.", first)
                .error("Safe", first)
                .error("SAFE", first)
                .error("UNSAFE\nS1", first)
                .error("unsafe S1", first)
                .error("unsafe, S1", first)
                .error("The message is safe.", first)
                .error("S1\nunsafe", first)
                .error("", "no text")
                .error("  \n ", "no text")
                .error("unsafe\nS15", codes)
                .error("unsafe\nS0", codes)
                .error("unsafe\nS01", codes)
                .error("unsafe\ns1", codes)
                .error("unsafe\nS1,,S2", codes)
                .error("unsafe\nS1,", codes)
                .error("unsafe\nS1 S2", codes)
                .error("unsafe\nViolent Crimes", codes)
                .error("unsafe\nS1: Violent Crimes", codes)
                .error("unsafe\nS1\nS2", "one line of codes only")
                .error("unsafe\nS1\nThe user asks for weapons.", "one line of codes only")
                .rows();
        String is = "TestIsContentSafe::";
        String real = "TestOutputParsersRealWorldScenarios::";
        List<VerdictRow> nemo = new VerdictTable()
                .parser("llama-guard-3", LlamaGuard3Parser.create())
                .safe("safe")
                .mirrors(is + "test_safe_content")
                .unsafe("unsafe")
                .mirrors(is + "test_unsafe_content")
                .error("unsafe violence hate speech", first)
                .mirrors(is + "test_unsafe_content_with_violations")
                .nemo(LLAMA_GUARD_UNCLEAR_IS_ERROR)
                .error("yes", first)
                .mirrors(is + "test_yes_response_blocks_content")
                .nemo(LLAMA_GUARD_UNCLEAR_IS_ERROR)
                .error("no", first)
                .mirrors(is + "test_no_response_allows_content")
                .nemo(LLAMA_GUARD_LOOSE_SAFE)
                .error("UNSAFE", first)
                .mirrors(is + "test_case_insensitive_parsing")
                .nemo(LLAMA_GUARD_UNCLEAR_IS_ERROR)
                .safe("  safe  ")
                .mirrors(is + "test_response_with_extra_whitespace")
                .error("safe!!!", first)
                .mirrors(is + "test_response_with_punctuation")
                .nemo(LLAMA_GUARD_LOOSE_SAFE)
                .error("unknown_response", first)
                .mirrors(is + "test_unknown_response_defaults_to_unsafe")
                .nemo(LLAMA_GUARD_UNCLEAR_IS_ERROR)
                .error("", "no text")
                .mirrors(is + "test_empty_response_defaults_to_unsafe")
                .nemo(LLAMA_GUARD_UNCLEAR_IS_ERROR)
                .error("unsafe S1 S8", first)
                .mirrors(is + "test_llama_guard_unsafe_with_categories")
                .nemo(LLAMA_GUARD_UNCLEAR_IS_ERROR)
                .error("Let me think about this... The content appears to be safe", first)
                .mirrors(real + "test_edge_case_llm_responses")
                .nemo(LLAMA_GUARD_UNCLEAR_IS_ERROR)
                .error("**UNSAFE**", first)
                .mirrors(real + "test_edge_case_llm_responses")
                .nemo(LLAMA_GUARD_UNCLEAR_IS_ERROR)
                .error("The model refused to answer", first)
                .mirrors(real + "test_parser_robustness")
                .nemo(LLAMA_GUARD_UNCLEAR_IS_ERROR)
                .error("unsafe violence hate", first)
                .mirrors(real + "test_starred_unpacking_compatibility")
                .nemo(LLAMA_GUARD_UNCLEAR_IS_ERROR)
                .safe("safe")
                .mirrors("test_llama_guard.py::test_llama_guard_check_all_safe")
                .unsafe("unsafe")
                .mirrors("test_llama_guard.py::test_llama_guard_check_input_unsafe")
                .error("error", first)
                .mirrors("test_llama_guard.py::test_llama_guard_check_input_error")
                .nemo(LLAMA_GUARD_UNCLEAR_IS_ERROR)
                .rows();
        return Stream.concat(ours.stream(), nemo.stream()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void readsEachAnswerAsDocumented(VerdictRow row) {
        row.check();
    }
}
