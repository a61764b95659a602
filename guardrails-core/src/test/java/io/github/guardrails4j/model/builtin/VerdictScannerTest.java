package io.github.guardrails4j.model.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Partial streamed texts and the verdict value the scanner reads from them (null: not decided yet, or never). */
class VerdictScannerTest {
    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("", null),
                Arguments.of("{\"", null),
                Arguments.of("{\"User Safety\": \"uns", null),
                Arguments.of("{\"User Safety\": \"unsafe", null),
                Arguments.of("{\"User Safety\": \"unsafe\"", "unsafe"),
                Arguments.of("{\"User Safety\": \"unsafe\", \"Safety Cat", "unsafe"),
                Arguments.of("  \n{\"User Safety\":\"safe\"}", "safe"),
                Arguments.of("{\"User Safety\": \"Safe\"", "Safe"),
                Arguments.of("{\"User Safety\": \"sa\\\"fe\"", "sa\"fe"),
                Arguments.of("{\"User Safety\": \"\\u0073afe\"", "safe"),
                Arguments.of("{\"User\\u0020Safety\": \"unsafe\"", "unsafe"),
                Arguments.of("{\"User Safety\": \"\\u00", null),
                Arguments.of("{\"User Safety\": true}", null),
                Arguments.of("{\"user safety\": \"unsafe\"}", null),
                Arguments.of("{\"Response Safety\": \"unsafe\"}", null),
                Arguments.of("{\"Note\": \"x\", \"User Safety\": \"unsafe\"", "unsafe"),
                Arguments.of("{\"Note\": {\"User Safety\": \"unsafe\"}}", null),
                Arguments.of("```json\n{\"User Safety\": \"unsafe\"}", null),
                Arguments.of("Sure: {\"User Safety\": \"unsafe\"}", null),
                Arguments.of("{\"User Safety\": \"safe\", \"User Safety\": \"unsafe\"}", "safe"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("rows")
    void readsTheFirstCompleteVerdictValueOfTheStrictLayoutOnly(String text, String expected) {
        assertEquals(expected, VerdictScanner.verdictValue(text, "User Safety"));
    }
}
