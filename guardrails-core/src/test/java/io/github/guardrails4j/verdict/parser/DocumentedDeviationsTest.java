package io.github.guardrails4j.verdict.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the explicit list of NeMo deviations ({@link NemoDeviation}) honest, as WebPlatformUrlTest does with its
 * known-failure list: each deviation is exercised by at least one table row and documented in docs/verdicts.md.
 */
class DocumentedDeviationsTest {
    @Test
    void everyDeviationIsExercisedByATableRow() {
        Set<NemoDeviation> used = AllParserTables.rows().stream()
                .map(VerdictRow::deviation)
                .filter(d -> d != null)
                .collect(Collectors.toSet());
        List<NemoDeviation> unused = Arrays.stream(NemoDeviation.values())
                .filter(d -> !used.contains(d))
                .toList();
        assertEquals(List.of(), unused);
    }

    @Test
    void everyDeviationIsDocumentedInVerdictsMd() throws IOException {
        Path doc = Path.of("..", "docs", "verdicts.md");
        assertTrue(Files.exists(doc), "expected " + doc.toAbsolutePath());
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        List<NemoDeviation> missing = Arrays.stream(NemoDeviation.values())
                .filter(d -> !text.contains("`" + d.name() + "`"))
                .toList();
        assertEquals(List.of(), missing, "deviations missing from docs/verdicts.md");
    }
}
