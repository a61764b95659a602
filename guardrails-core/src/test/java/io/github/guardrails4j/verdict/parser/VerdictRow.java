package io.github.guardrails4j.verdict.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.VerdictParser;
import java.util.List;

/**
 * One row of a parser table: the model's text in, and either the outcome and categories or an error out.
 *
 * @param parserName names the parser (and variant) the row is for; rows of one parser share one name
 * @param parser the parser under test
 * @param input the model's text exactly as received
 * @param outcome SAFE, UNSAFE, or ERROR (the parser must throw {@link VerdictParseException})
 * @param categories the exact expected categories (empty for SAFE and ERROR)
 * @param errorFragment for ERROR rows: a fragment the message must contain (names the broken rule)
 * @param deviation when NeMo Guardrails reads this text differently, the documented deviation; else null
 * @param nemoTest the NeMo Guardrails test case this row mirrors ({@link NemoParity#SOURCE}), e.g.
 *     {@code TestIsContentSafe::test_safe_content}; null for rows of our own
 */
record VerdictRow(
        String parserName,
        VerdictParser parser,
        String input,
        Outcome outcome,
        List<String> categories,
        String errorFragment,
        NemoDeviation deviation,
        String nemoTest) {

    /** Asserts the row: exact outcome and categories, or a typed parse error that keeps the raw text. */
    void check() {
        if (outcome == Outcome.ERROR) {
            VerdictParseException e = assertThrows(
                    VerdictParseException.class, () -> parser.parse(input), () -> "expected a parse error for " + this);
            assertEquals(input, e.rawOutput(), "the exception keeps the raw text");
            assertEquals(ErrorReason.UNPARSEABLE_OUTPUT, e.reason());
            assertTrue(
                    e.getMessage().contains(errorFragment),
                    () -> "message should name the rule ('" + errorFragment + "'), got: " + e.getMessage());
        } else {
            ParsedVerdict v = parser.parse(input);
            assertEquals(outcome, v.outcome(), () -> "outcome of " + this);
            assertEquals(categories, v.categories(), () -> "categories of " + this);
        }
    }

    VerdictRow withDeviation(NemoDeviation d) {
        return new VerdictRow(parserName, parser, input, outcome, categories, errorFragment, d, nemoTest);
    }

    VerdictRow withNemoTest(String test) {
        return new VerdictRow(parserName, parser, input, outcome, categories, errorFragment, deviation, test);
    }

    /** {@return the expected result as the docs table shows it: SAFE, UNSAFE [categories] or error (fragment)} */
    String expected() {
        return outcome == Outcome.ERROR
                ? "error(" + errorFragment + ")"
                : outcome + (categories.isEmpty() ? "" : " " + categories);
    }

    @Override
    public String toString() {
        return parserName + ": \"" + escape(input) + "\" -> " + expected()
                + (deviation == null ? "" : "  [differs from NeMo: " + deviation + "]")
                + (nemoTest == null ? "" : "  [NeMo " + nemoTest + "]");
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }
}
