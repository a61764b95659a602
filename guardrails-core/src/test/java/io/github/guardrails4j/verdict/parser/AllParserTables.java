package io.github.guardrails4j.verdict.parser;

import java.util.List;
import java.util.stream.Stream;

/** Every row of every parser table, for the cross-table guard tests. */
final class AllParserTables {
    private AllParserTables() {}

    static List<VerdictRow> rows() {
        return Stream.of(
                        TopicControlParserTest.table(),
                        LlamaGuard3ParserTest.table(),
                        Nemotron35ParserTest.table(),
                        NemotronReasoningParserTest.table(),
                        NemoGuardJsonParserTest.table())
                .flatMap(List::stream)
                .toList();
    }
}
