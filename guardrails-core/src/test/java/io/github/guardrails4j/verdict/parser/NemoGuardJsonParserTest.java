package io.github.guardrails4j.verdict.parser;

import static io.github.guardrails4j.verdict.parser.NemoDeviation.JSON_CATEGORY_ARRAY;
import static io.github.guardrails4j.verdict.parser.NemoDeviation.JSON_CATEGORY_OTHER_SHAPE;
import static io.github.guardrails4j.verdict.parser.NemoDeviation.JSON_DUPLICATE_KEY_REJECTED;
import static io.github.guardrails4j.verdict.parser.NemoDeviation.JSON_EMPTY_CATEGORY_DROPPED;
import static io.github.guardrails4j.verdict.parser.NemoDeviation.JSON_LENIENT_MODE;
import static io.github.guardrails4j.verdict.parser.NemoDeviation.JSON_VIOLATED_CATEGORIES_KEY;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.guardrails4j.exception.VerdictParseException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table for {@link NemoGuardJsonParser}: strict and lenient, both directions; see docs/verdicts.md, "NemoGuard
 * content safety (JSON)". NeMo parity reference: {@code nemoguard_parse_prompt_safety} /
 * {@code nemoguard_parse_response_safety} in {@code nemoguardrails/llm/output_parsers.py}.
 */
class NemoGuardJsonParserTest {
    static final String SAFE = "{\"User Safety\": \"safe\"}";
    static final String FENCED_SAFE = "```json\n{\"User Safety\": \"safe\"}\n```";
    static final String PROSE_SAFE = "Here is my assessment: {\"User Safety\": \"safe\"} Hope this helps.";

    static List<VerdictRow> table() {
        String notOne = "not a single JSON object";
        String noKey = "no \"User Safety\" key";
        String notString = "\"User Safety\" must be a string";
        String lenientCount = "exactly one JSON object";
        NemoGuardJsonParser user = NemoGuardJsonParser.forUserSafety();
        NemoGuardJsonParser response = NemoGuardJsonParser.forResponseSafety();
        List<VerdictRow> strictUser = new VerdictTable()
                .parser("nemoguard/user", user)
                .safe(SAFE)
                .safe("\n  {\"User Safety\":\"safe\"}  \n")
                .safe("{\"User Safety\": \"Safe\"}")
                .safe("{\"User Safety\": \"SAFE\"}")
                .safe("{\"User Safety\": \"safe\", \"Response Safety\": \"unsafe\"}")
                .safe("{\"User Safety\": \"safe\", \"Response Safety\": null}")
                .safe("{\"User Safety\": \"safe\", \"response safety\": \"safe\"}")
                .unsafe(
                        "{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence, Criminal Planning/Confessions\"}",
                        "Violence",
                        "Criminal Planning/Confessions")
                .unsafe("{\"User Safety\": \"unsafe\"}")
                .unsafe(
                        "{\"User Safety\": \"unsafe\", \"Violated Categories\": \"S1: Violence, S3\"}",
                        "S1: Violence",
                        "S3")
                .nemo(JSON_VIOLATED_CATEGORIES_KEY)
                .unsafe("{\"User Safety\": \"unsafe\", \"Safety Categories\": \"\"}")
                .nemo(JSON_EMPTY_CATEGORY_DROPPED)
                .unsafe("{\"User Safety\": \"unsafe\", \"Safety Categories\": \" S1 , ,S3 \"}", "S1", "S3")
                .nemo(JSON_EMPTY_CATEGORY_DROPPED)
                .unsafe(
                        "{\"User Safety\": \"unsafe\", \"Safety Categories\": [\"Violence\", \" Threat \", 3]}",
                        "Violence",
                        "Threat")
                .nemo(JSON_CATEGORY_ARRAY)
                .unsafe("{\"User Safety\": \"unsafe\", \"Safety Categories\": 7}")
                .nemo(JSON_CATEGORY_OTHER_SHAPE)
                .unsafe(
                        "{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence\", "
                                + "\"Violated Categories\": \"Threat\"}",
                        "Violence")
                .unsafe("{\"User Safety\": \"unsafe\", \"Response Safety\": \"safe\"}")
                .unsafe("{\"User Safety\": \" safe\"}")
                .unsafe("{\"User Safety\": \"safe.\"}")
                .unsafe("{\"User Safety\": \"maybe\"}")
                .unsafe("{\"User Safety\": \"\"}")
                .unsafe("{\"User Safety\": \"safe\\n\"}")
                .error("{\"user safety\": \"safe\"}", noKey)
                .error("{\"User safety\": \"safe\"}", noKey)
                .error("{\"UserSafety\": \"safe\"}", noKey)
                .error("{\"Response Safety\": \"safe\"}", noKey)
                .error("{}", noKey)
                .error("{\"User Safety\": true}", notString)
                .error("{\"User Safety\": false}", notString)
                .error("{\"User Safety\": null}", notString)
                .error("{\"User Safety\": 0}", notString)
                .error("{\"User Safety\": [\"safe\"]}", notString)
                .error("{\"User Safety\": {\"value\": \"safe\"}}", notString)
                .error("{\"User Safety\": \"unsafe\", \"User Safety\": \"safe\"}", notOne)
                .nemo(JSON_DUPLICATE_KEY_REJECTED)
                .error("{\"User Safety\": \"safe\", \"User Safety\": \"unsafe\"}", notOne)
                .nemo(JSON_DUPLICATE_KEY_REJECTED)
                .error("{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence\"", notOne)
                .error("{\"User Safety\": \"saf", notOne)
                .error("{\"User Safety\": \"safe\"} {\"User Safety\": \"unsafe\"}", notOne)
                .error("{\"User Safety\": \"safe\"}}", notOne)
                .error("{'User Safety': 'safe'}", notOne)
                .error("{\"User Safety\": NaN}", notOne)
                .error("", "no text")
                .error("  \n\t ", "no text")
                .error("safe", notOne)
                .error("\"safe\"", "must be a JSON object")
                .error("[" + SAFE + "]", "must be a JSON object")
                .error(FENCED_SAFE, notOne)
                .error(PROSE_SAFE, notOne)
                .rows();
        List<VerdictRow> strictResponse = new VerdictTable()
                .parser("nemoguard/response", response)
                .safe("{\"User Safety\": \"unsafe\", \"Response Safety\": \"safe\"}")
                .safe(
                        "{\"User Safety\": \"unsafe\", \"Response Safety\": \"safe\", \"Safety Categories\": \"Violence\"}")
                .unsafe(
                        "{\"User Safety\": \"safe\", \"Response Safety\": \"unsafe\", \"Safety Categories\": \"Violence\"}",
                        "Violence")
                .unsafe("{\"Response Safety\": \"unsafe\"}")
                .safe("{\"Response Safety\": \"safe\"}")
                .error(SAFE, "no \"Response Safety\" key")
                .error(
                        "{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence\"}",
                        "no \"Response Safety\" key")
                .error("{\"User Safety\": \"safe\", \"response safety\": \"safe\"}", "no \"Response Safety\" key")
                .error("{\"User Safety\": \"safe\", \"Response Safety\": null}", "must be a string")
                .error("{\"Response Safety\": \"unsafe\", \"Response Safety\": \"safe\"}", notOne)
                .nemo(JSON_DUPLICATE_KEY_REJECTED)
                .rows();
        List<VerdictRow> lenientUser = new VerdictTable()
                .parser("nemoguard/user/lenient", user.lenient())
                .safe(SAFE)
                .safe(FENCED_SAFE)
                .nemo(JSON_LENIENT_MODE)
                .safe(PROSE_SAFE)
                .nemo(JSON_LENIENT_MODE)
                .safe("{\"User Safety\": \"safe\", \"Response Safety\": \"unsafe\"}")
                .safe("{\"User Safety\": \"safe\", \"Response Safety\": null}")
                .safe("{\"User Safety\": \"safe\", \"response safety\": \"safe\"}")
                .unsafe("```json\n{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence\"}\n```", "Violence")
                .nemo(JSON_LENIENT_MODE)
                .error(
                        "Verdict: {\"User Safety\": \"unsafe\", \"Details\": {\"User Safety\": \"safe\"}}",
                        "appears more than once with different values")
                .nemo(JSON_LENIENT_MODE)
                .error("{\"User Safety\": \"safe\"} {\"User Safety\": \"unsafe\"}", lenientCount)
                .error(
                        "First {\"User Safety\": \"unsafe\"}, on second thought {\"User Safety\": \"safe\"}",
                        lenientCount)
                .error("I considered {} and then " + SAFE, lenientCount)
                .error("safe", lenientCount)
                .error(
                        "{\"User Safety\": \"safe\"} and \"Response Safety\": \"safe\", \"Response Safety\": \"unsafe\"",
                        "appears more than once with different values")
                .error(
                        "Verdict {\"User Safety\": \"safe\"}; User Safety: unsafe",
                        "appears more than once with different values")
                .error("The user message is safe.", lenientCount)
                .error("```json\n{\"User Safety\": \"unsafe\", \"User Safety\": \"safe\"}\n```", lenientCount)
                .nemo(JSON_DUPLICATE_KEY_REJECTED)
                .error("{\"Verdict\": {\"User Safety\": \"safe\"}", "stray '{' or '}'")
                .error("```json\n{\"User Safety\": \"safe\"}}\n```", "stray '{' or '}'")
                .error("```json\n{\"user safety\": \"safe\"}\n```", noKey)
                .error("```json\n{\"User Safety\": true}\n```", notString)
                .error("[" + SAFE + "]", "must be a JSON object")
                .error("", "no text")
                .rows();
        List<VerdictRow> lenientResponse = new VerdictTable()
                .parser("nemoguard/response/lenient", response.lenient())
                .safe("```json\n{\"User Safety\": \"unsafe\", \"Response Safety\": \"safe\"}\n```")
                .nemo(JSON_LENIENT_MODE)
                .safe("{\"Response Safety\": \"safe\"}")
                .error(FENCED_SAFE, "no \"Response Safety\" key")
                .error(SAFE, "no \"Response Safety\" key")
                .rows();
        return Stream.of(strictUser, strictResponse, lenientUser, lenientResponse)
                .flatMap(List::stream)
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void readsEachAnswerAsDocumented(VerdictRow row) {
        row.check();
    }

    @Test
    void strictFailureKeepsTheJsonErrorAsCause() {
        VerdictParseException e = assertThrows(
                VerdictParseException.class,
                () -> NemoGuardJsonParser.forUserSafety().parse(FENCED_SAFE));
        assertInstanceOf(JsonProcessingException.class, e.getCause());
    }

    @Test
    void lenientIsAnOptInCopy() {
        NemoGuardJsonParser strict = NemoGuardJsonParser.forResponseSafety();
        NemoGuardJsonParser lenient = strict.lenient();
        assertFalse(strict.isLenient());
        assertTrue(lenient.isLenient());
        assertTrue(lenient.verdictKey().equals(NemoGuardJsonParser.RESPONSE_SAFETY));
    }
}
