package io.github.guardrails4j.nim.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps docs/reliability.md equal to the fault matrix that {@link FaultMatrixTest} asserts cell by cell. */
class ReliabilityDocTest {
    static final Path DOC = Path.of("..", "docs", "reliability.md");

    @Test
    void reliabilityDocShowsExactlyTheAssertedFaultMatrix() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8).replace("\r\n", "\n");
        int begin = doc.indexOf(FaultMatrix.BEGIN + "\n");
        int end = doc.indexOf(FaultMatrix.END);
        assertTrue(
                begin >= 0 && end > begin,
                DOC + " must hold the generated table between " + FaultMatrix.BEGIN + " and " + FaultMatrix.END);
        String documented = doc.substring(begin + FaultMatrix.BEGIN.length() + 1, end);
        assertEquals(
                FaultMatrix.expected(),
                documented,
                DOC + " is out of date: run FaultMatrixTest and paste " + FaultMatrixTest.REPORT
                        + " between the markers");
    }

    @Test
    void documentedMatrixHasNoSafeCell() {
        for (FaultCase f : FaultCase.values()) {
            assertTrue(!f.expected().cell().startsWith("SAFE"), f.label());
        }
    }
}
