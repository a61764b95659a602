package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --stream --config DIR}: the folder's {@code rails.output.streaming} decides the chunks, unless the
 * stream options are given; shown on the chunk texts the output rail sent.
 */
class NemoConfigStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = "How do I bake a sponge cake?";
    private static final String ANSWER = "Flour, sugar and eggs make a simple sponge. Whisk them well, fold gently, "
            + "then bake for twenty minutes at 180 degrees. Let it cool before you cut it.";
    private static final String RESPONSE_MARKER = "\n\nresponse: agent: ";

    private NimSimulator sim;

    @TempDir
    Path tmp;

    @BeforeEach
    void startSimulator() {
        sim = NimSimulator.builder().latency(LatencyModel.none()).start();
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    private Path config(String streaming) {
        String rails = NemoConfigOverridesTest.RAILS.replace(
                "  output:\n    flows:\n", "  output:\n    streaming:\n" + streaming + "    flows:\n");
        return NemoConfigOverridesTest.folder(tmp, NemoConfigOverridesTest.MODELS + rails);
    }

    private Cli stream(Path config, String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "check",
                "--config",
                config.toString(),
                "--nim-url",
                sim.baseUrl(),
                "--rails",
                "content-safety",
                "--text",
                PROMPT,
                "--response",
                ANSWER,
                "--format",
                "jsonl",
                "--stream",
                "--tokens-per-second",
                "20000"));
        a.addAll(List.of(extra));
        return Cli.run(Map.of(), a.toArray(String[]::new));
    }

    /** {@return the texts the guard judged, chunk by chunk: context then chunk, as StreamingGuard cuts them} */
    private static List<String> expectedChunks(int chunk, int context) {
        List<String> deltas =
                TokenReplay.tokens(ANSWER).stream().filter(t -> !t.isEmpty()).toList();
        List<String> out = new ArrayList<>();
        for (int from = 0; from < deltas.size(); from += chunk) {
            out.add(String.join("", deltas.subList(Math.max(0, from - context), from))
                    + String.join("", deltas.subList(from, Math.min(deltas.size(), from + chunk))));
        }
        return out.stream().sorted().toList();
    }

    /** {@return the answer text of every output check the simulator received, sorted} */
    private List<String> checkedChunks() {
        List<String> out = new ArrayList<>();
        for (RecordedRequest q : sim.recordedRequests()) {
            String content;
            try {
                content = JSON.readTree(q.body())
                        .get("messages")
                        .get(0)
                        .get("content")
                        .asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int at = content.indexOf(RESPONSE_MARKER);
            if (at >= 0) {
                out.add(content.substring(at + RESPONSE_MARKER.length()));
            }
        }
        return out.stream().sorted().toList();
    }

    private static final String CONFIG_STREAMING =
            "      enabled: true\n      chunk_size: 4\n      context_size: 1\n      stream_first: false\n";

    @Test
    void theConfigsStreamingSettingsCutTheChunks() {
        Cli r = stream(config(CONFIG_STREAMING));
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(expectedChunks(4, 1).size() > 3);
        assertEquals(expectedChunks(4, 1), checkedChunks(), r::toString);
        assertTrue(r.err.contains("(hold-back, chunk 4 tokens, context 1,"), r::toString);
        assertFalse(r.err.contains("note: rails.output.streaming.enabled"), r::toString);
    }

    @Test
    void streamOptionsOverrideTheConfigsSettingsOneByOne() {
        Cli r = stream(config(CONFIG_STREAMING), "--chunk-size", "6", "--no-hold-back");
        assertEquals(0, r.exitCode, r::toString);
        // chunk size and stream-first from the options, the context from the configuration
        assertEquals(expectedChunks(6, 1), checkedChunks(), r::toString);
        assertTrue(r.err.contains("(stream-first, chunk 6 tokens, context 1,"), r::toString);
    }

    @Test
    void streamingNotEnabledInTheConfigStreamsWithTheOptionsAndSaysSo() {
        Cli r = stream(config("      enabled: false\n      chunk_size: 4\n"), "--context-size", "2");
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(
                r.err.contains("note: rails.output.streaming.enabled is not true in " + tmp.resolve("config")),
                r::toString);
        // the options' defaults (chunk 200 tokens: one chunk for this answer), not the disabled section's 4
        assertEquals(expectedChunks(200, 2), checkedChunks(), r::toString);
        assertTrue(r.err.contains("(stream-first, chunk 200 tokens, context 2,"), r::toString);
    }

    @Test
    void aContextTheConfigsChunkCannotHoldIsAUsageErrorNamingTheOption() {
        Cli r = stream(config(CONFIG_STREAMING), "--context-size", "4");
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(
                r.err.contains("--context-size must be >= 0 and less than the configuration's chunk_size 4, got 4"),
                r::toString);
    }
}
