package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.guardrails4j.testkit.Fault;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10 item 17: model-controlled categories and user prompts reach the table escaped, so an ESC sequence, a NUL
 * or a bidi override cannot drive the terminal or hide text.
 */
class TableEscapingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("plain text, ünïcödé, 日本, emoji 😀", "plain text, ünïcödé, 日本, emoji 😀"),
                Arguments.of("\u001b[2J\u001b]0;pwned\u0007", "\\u001B[2J\\u001B]0;pwned\\u0007"),
                Arguments.of("a\u0000b\u007fc", "a\\u0000b\\u007Fc"),
                Arguments.of("csi\u009b31m", "csi\\u009B31m"),
                Arguments.of("evil\u202etxt.exe\u2066x\u2069", "evil\\u202Etxt.exe\\u2066x\\u2069"),
                Arguments.of("line\u2028sep", "line\\u2028sep"),
                Arguments.of("zwj 👩\u200d💻 stays", "zwj 👩\u200d💻 stays"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void escapesControlAndBidiCharacters(String raw, String printed) {
        assertEquals(printed, TerminalText.escape(raw));
    }

    @Test
    void hostileCategoriesAndPromptAreEscapedInTheTable() throws Exception {
        // JSON escapes in the model's text: the parsed categories hold a real ESC and a real NUL
        String modelText =
                "{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence\\u001b[31m, \\u0000Hidden\"}";
        ObjectNode completion = JSON.createObjectNode()
                .put("id", "chatcmpl-1")
                .put("object", "chat.completion")
                .put("created", 0)
                .put("model", "nvidia/llama-3.1-nemoguard-8b-content-safety");
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", modelText);
        String body = JSON.writeValueAsString(completion);
        try (NimSimulator sim = NimSimulator.builder()
                .latency(LatencyModel.none())
                .faults(request -> Optional.of(Fault.status(200, body)))
                .start()) {
            Cli r = Cli.run(
                    Map.of("GUARDRAILS_NIM_URL", sim.baseUrl()),
                    "check",
                    "--rails",
                    "content-safety",
                    "--text",
                    "hi\u001b]0;title\u0007 there\u0000!");
            assertEquals(3, r.exitCode, r::toString);
            String[] rows = r.out.replaceAll(" +\\d+ ms  ", "  N ms  ").split("\n");
            assertEquals(
                    "    0  BLOCKED  content-safety-input   Violence\\u001B[31m, \\u0000Hidden  N ms  "
                            + "hi\\u001B]0;title\\u0007 there\\u0000!",
                    rows[1],
                    r::toString);
        }
    }
}
