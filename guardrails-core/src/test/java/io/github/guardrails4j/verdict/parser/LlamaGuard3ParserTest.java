package io.github.guardrails4j.verdict.parser;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Table for {@link LlamaGuard3Parser}; see docs/verdicts.md, "Llama Guard 3". NeMo has no such parser. */
class LlamaGuard3ParserTest {
    static List<VerdictRow> table() {
        String first = "first line must be exactly 'safe' or 'unsafe'";
        String codes = "comma-separated codes S1..S14";
        return new VerdictTable()
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
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void readsEachAnswerAsDocumented(VerdictRow row) {
        row.check();
    }
}
