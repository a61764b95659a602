package io.github.guardrails4j.verdict.parser;

import static io.github.guardrails4j.verdict.parser.NemoDeviation.NEMOTRON_STRICT_LINES;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table for {@link Nemotron35Parser}, both directions; see docs/verdicts.md, "Nemotron 3.5 Content Safety". */
class Nemotron35ParserTest {
    static List<VerdictRow> table() {
        String unknown = "unknown field";
        String twice = "appears more than once";
        String value = "must be 'safe' or 'unsafe'";
        String contradiction = "appears more than once with different values";
        List<VerdictRow> user = new VerdictTable()
                .parser("nemotron-3.5/user", Nemotron35Parser.forUserSafety())
                .safe("User Safety: safe")
                .safe("User Safety: Safe")
                .safe("User Safety:safe")
                .safe("  User Safety :  safe  ")
                .safe("\r\nUser Safety: safe\r\n")
                .safe("User Safety: safe\n\nResponse Safety: unsafe")
                .safe("User Safety: safe\nSafety Categories: Violence")
                .safe("User Safety: safe\nResponse Safety:")
                .unsafe("User Safety: unsafe")
                .unsafe("User Safety: UNSAFE")
                .unsafe("User Safety: unsafe\nSafety Categories: Violence, Threat", "Violence", "Threat")
                .unsafe(
                        "User Safety: unsafe\nSafety Categories: Violence, Criminal Planning/Confessions",
                        "Violence",
                        "Criminal Planning/Confessions")
                .unsafe("Safety Categories: Violence\nUser Safety: unsafe", "Violence")
                .unsafe("User Safety: unsafe\nResponse Safety: safe\nSafety Categories: Violence", "Violence")
                .unsafe("User Safety: unsafe\nSafety Categories:")
                .unsafe("User Safety: unsafe\nSafety Categories: , S1: Violence ,", "S1: Violence")
                .unsafe(
                        "<think>\nThe text says User Safety: safe, but...\n</think>\n\nUser Safety: unsafe\n"
                                + "Safety Categories: Violence",
                        "Violence")
                .safe("<think></think>User Safety: safe")
                .safe("User Safety: safe (no assistant response present)")
                .safe("User Safety: safe(no response)\nResponse Safety: safe (no assistant response present)")
                .unsafe("User Safety: unsafe (asks for a weapon)\nSafety Categories: Violence", "Violence")
                .error("User Safety: safe (but unsafe in context)", "names the verdict word 'unsafe'")
                .error("User Safety: safe (a) (b)", value)
                .error("User Safety: safe (" + "x".repeat(81) + ")", value)
                .error("User Safety: safe\nResponse Safety: safe; Response Safety: unsafe", contradiction)
                .error("User Safety: safe; User Safety: unsafe", contradiction)
                .error(
                        "User Safety: safe\nSafety Categories: none; Response Safety: unsafe\nResponse Safety: safe",
                        contradiction)
                .error("User Safety: safe\nUser Safety: unsafe", twice)
                .error("User Safety: unsafe\nUser Safety: safe", twice)
                .error("User Safety: unsafe\nUser Safety: unsafe", twice)
                .error("User Safety: safe\nResponse Safety: safe\nResponse Safety: unsafe", twice)
                .error("User Safety: unsafe\nSafety Categories: Violence\nSafety Categories: Threat", twice)
                .error("user safety: safe", unknown)
                .nemo(NEMOTRON_STRICT_LINES)
                .error("User safety: unsafe", unknown)
                .nemo(NEMOTRON_STRICT_LINES)
                .error("User Safety: safe\nThe user is asking about cooking.", "has no colon")
                .nemo(NEMOTRON_STRICT_LINES)
                .error("Note: looks fine\nUser Safety: safe", unknown)
                .nemo(NEMOTRON_STRICT_LINES)
                .error("User Safety: maybe", value)
                .error("User Safety: safe.", value)
                .nemo(NEMOTRON_STRICT_LINES)
                .error("User Safety: not unsafe", value)
                .error("User Safety:", value)
                .error("Response Safety: safe", "no 'User Safety: safe|unsafe' line")
                .error("Safety Categories: Violence", "no 'User Safety: safe|unsafe' line")
                .error("", "no text")
                .error(" \n ", "no text")
                .error("safe", "has no colon")
                .error("{\"User Safety\": \"safe\"}", unknown)
                .error("<think>\nThe user wants", "not terminated")
                .error("<think>a</think>\n<think>b</think>\nUser Safety: safe", "only one <think>")
                .error("User Safety: safe </think>", "only one <think>")
                .error("Sure.<think>x</think>User Safety: safe", "only one <think>")
                .error("<think>only thoughts</think>", "no verdict lines")
                .rows();
        List<VerdictRow> response = new VerdictTable()
                .parser("nemotron-3.5/response", Nemotron35Parser.forResponseSafety())
                .safe("User Safety: unsafe\nResponse Safety: safe")
                .safe("User Safety: unsafe\nResponse Safety: safe\nSafety Categories: Violence")
                .unsafe("User Safety: safe\nResponse Safety: unsafe\nSafety Categories: Violence", "Violence")
                .unsafe("Response Safety: unsafe")
                .safe("Response Safety: safe")
                .error("User Safety: unsafe", "no 'Response Safety: safe|unsafe' line")
                .error("User Safety: safe", "no 'Response Safety: safe|unsafe' line")
                .error("User Safety: safe\nResponse Safety:", value)
                .error("User Safety: safe\nResponse Safety: safe\nUser Safety: unsafe", twice)
                .error("User Safety: safe\nresponse safety: safe", unknown)
                .nemo(NEMOTRON_STRICT_LINES)
                .safe("User Safety: unsafe\nResponse Safety: safe (no assistant response present)")
                .error("User Safety: safe; User Safety: unsafe\nResponse Safety: safe", contradiction)
                .rows();
        return Stream.concat(user.stream(), response.stream()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void readsEachAnswerAsDocumented(VerdictRow row) {
        row.check();
    }
}
