package io.github.guardrails4j.verdict.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.VerdictParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The security guard over all tables: every ERROR row of every table is fed to every parser (each format, both
 * directions, strict and lenient), and no parser may answer SAFE unless some table row explicitly declares that
 * parser SAFE on exactly that text. So every SAFE any parser can give on an unclear text is a documented row.
 */
class NoUnclearAnswerIsSafeTest {
    static Stream<VerdictRow> errorRows() {
        return AllParserTables.rows().stream().filter(r -> r.outcome() == Outcome.ERROR);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorRows")
    void noParserReadsAnErrorRowAsSafeUnlessATableSaysSo(VerdictRow errorRow) {
        List<VerdictRow> all = AllParserTables.rows();
        Map<String, VerdictParser> parsers = new LinkedHashMap<>();
        all.forEach(r -> parsers.putIfAbsent(r.parserName(), r.parser()));
        Set<String> declaredSafe = all.stream()
                .filter(r -> r.outcome() == Outcome.SAFE)
                .map(r -> r.parserName() + "\u0000" + r.input())
                .collect(Collectors.toSet());

        List<String> undeclaredSafe = new ArrayList<>();
        parsers.forEach((name, parser) -> {
            ParsedVerdict v;
            try {
                v = parser.parse(errorRow.input());
            } catch (VerdictParseException expected) {
                return; // an error is never safe: nothing to check for this parser
            }
            if (v.outcome() == Outcome.SAFE && !declaredSafe.contains(name + "\u0000" + errorRow.input())) {
                undeclaredSafe.add(name);
            }
        });
        assertEquals(List.of(), undeclaredSafe, () -> "parsers that read " + errorRow + " as SAFE without a table row");
    }
}
