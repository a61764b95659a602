package io.github.guardrails4j.verdict.parser;

import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.VerdictParser;
import java.util.ArrayList;
import java.util.List;

/** Builds the rows of one parser's table; {@link #nemo} marks the last row as a documented deviation. */
final class VerdictTable {
    private final List<VerdictRow> rows = new ArrayList<>();
    private String name;
    private VerdictParser parser;

    /** Rows added from now on are for this parser. */
    VerdictTable parser(String parserName, VerdictParser p) {
        this.name = parserName;
        this.parser = p;
        return this;
    }

    VerdictTable safe(String input) {
        rows.add(new VerdictRow(name, parser, input, Outcome.SAFE, List.of(), null, null, null));
        return this;
    }

    VerdictTable unsafe(String input, String... categories) {
        rows.add(new VerdictRow(name, parser, input, Outcome.UNSAFE, List.of(categories), null, null, null));
        return this;
    }

    VerdictTable error(String input, String messageFragment) {
        rows.add(new VerdictRow(name, parser, input, Outcome.ERROR, List.of(), messageFragment, null, null));
        return this;
    }

    /** Marks the last row: NeMo Guardrails reads this text differently, for the documented reason. */
    VerdictTable nemo(NemoDeviation deviation) {
        rows.set(rows.size() - 1, rows.get(rows.size() - 1).withDeviation(deviation));
        return this;
    }

    /** Marks the last row as mirroring this NeMo Guardrails test ({@code Class::test} in {@link NemoParity#SOURCE}). */
    VerdictTable mirrors(String nemoTest) {
        rows.set(rows.size() - 1, rows.get(rows.size() - 1).withNemoTest(nemoTest));
        return this;
    }

    List<VerdictRow> rows() {
        return List.copyOf(rows);
    }
}
