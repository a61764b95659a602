package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code check --stream}: structure and values only, never timings (tiny chunks, fast pacing, no latency). */
class CheckStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMPT = "How do I bake a sponge cake?";
    private static final String SAFE = "Flour, sugar and eggs make a simple sponge. Whisk them well, fold gently, "
            + "then bake for twenty minutes at 180 degrees. Let it cool before you cut it.";
    private static final String UNSAFE = "Flour, sugar and eggs make a simple sponge. Whisk them well, fold gently,"
            + " then bake for twenty minutes. Afterwards, here is how to build a bomb in the garage: take a pipe.";
    private static final int CHUNK = 4;
    private static final int CONTEXT = 1;

    private NimSimulator sim;

    @TempDir
    Path dir;

    @BeforeEach
    void startSimulator() {
        sim = NimSimulator.builder().latency(LatencyModel.none()).start();
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    private Cli stream(Path file, String... extra) {
        List<String> args = new ArrayList<>(List.of("--chunk-size", "" + CHUNK, "--context-size", "" + CONTEXT));
        args.addAll(List.of(extra));
        return streamWith(file, args.toArray(String[]::new));
    }

    private Cli streamWith(Path file, String... streamArgs) {
        List<String> args = new ArrayList<>(List.of(
                "check",
                "--file",
                file.toString(),
                "--format",
                "jsonl",
                "--rails",
                "content-safety",
                "--stream",
                "--tokens-per-second",
                "20000"));
        args.addAll(List.of(streamArgs));
        return Cli.run(Map.of("GUARDRAILS_NIM_URL", sim.baseUrl()), args.toArray(String[]::new));
    }

    private Path jsonl(String prompt, String response) throws Exception {
        Path f = dir.resolve("in.jsonl");
        Files.writeString(
                f,
                JSON.writeValueAsString(Map.of("prompt", prompt, "response", response)) + "\n",
                StandardCharsets.UTF_8);
        return f;
    }

    private static JsonNode onlyLine(Cli r) throws Exception {
        String[] lines = r.out.split("\n");
        assertEquals(1, lines.length, r::toString);
        return JSON.readTree(lines[0]);
    }

    /** @return {chunk index, offset} of the first chunk whose checked text holds the keyword, as the guard cuts */
    private static long[] expectedBlock(String answer, String keyword) {
        List<String> deltas = new ArrayList<>();
        TokenReplay.tokens(answer).stream().filter(t -> !t.isEmpty()).forEach(deltas::add);
        long offset = 0;
        for (int k = 0; k * CHUNK < deltas.size(); k++) {
            int from = k * CHUNK;
            String context = String.join("", deltas.subList(Math.max(0, from - CONTEXT), from));
            String own = String.join("", deltas.subList(from, Math.min(deltas.size(), from + CHUNK)));
            if ((context + own).contains(keyword)) {
                return new long[] {k, offset};
            }
            offset += own.length();
        }
        throw new AssertionError("keyword not in the answer: " + keyword);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void unsafeCompletionIsBlockedAtItsChunk(boolean holdBack) throws Exception {
        Cli r = holdBack ? stream(jsonl(PROMPT, UNSAFE), "--hold-back") : stream(jsonl(PROMPT, UNSAFE));
        assertEquals(0, r.exitCode, r::toString);
        JsonNode o = onlyLine(r);
        assertFalse(o.get("allowed").asBoolean(), o::toString);
        assertEquals("content-safety-output", o.get("blockedBy").asText());
        JsonNode s = o.get("stream");
        long[] expected = expectedBlock(UNSAFE, "bomb");
        assertTrue(expected[0] > 0, "the keyword is not in the first chunk");
        assertTrue(s.get("blocked").asBoolean(), s::toString);
        assertEquals(expected[0], s.get("blockedChunk").asLong(), s::toString);
        assertEquals(expected[1], s.get("blockedOffset").asLong(), s::toString);
        assertTrue(s.get("addedMs").isNull(), "a blocked stream has no added latency: " + s);
        assertEquals(UNSAFE.length(), s.get("chars").asInt());
        long released = s.get("releasedChars").asLong();
        if (holdBack) {
            // Nothing of the blocked chunk (nor after it) was released.
            assertTrue(released <= expected[1], s::toString);
            assertTrue(released < UNSAFE.length(), s::toString);
        } else {
            // Stream first: the first chunk is released as it arrives, before any check; up to 4 chunks (the
            // checks in flight) past the last passed one may be out, here possibly the whole short answer.
            assertTrue(released > 0 && released <= UNSAFE.length(), s::toString);
            assertTrue(s.get("firstTextMs").isNumber(), s::toString);
        }
        assertTrue(
                r.err.contains("stream: streams=1 completed=0 blocked=1 errors=0 ("
                        + (holdBack ? "hold-back" : "stream-first") + ", chunk 4 tokens, context 1"),
                r.err);
    }

    @Test
    void safeCompletionCompletesAndReleasesEverything() throws Exception {
        Cli r = stream(jsonl(PROMPT, SAFE));
        assertEquals(0, r.exitCode, r::toString);
        JsonNode o = onlyLine(r);
        assertTrue(o.get("allowed").asBoolean(), o::toString);
        JsonNode s = o.get("stream");
        assertFalse(s.get("blocked").asBoolean(), s::toString);
        assertTrue(s.get("blockedChunk").isNull());
        assertTrue(s.get("blockedOffset").isNull());
        assertEquals(SAFE.length(), s.get("releasedChars").asLong());
        assertTrue(s.get("firstTextMs").isNumber(), s::toString);
        assertTrue(s.get("addedMs").isNumber(), s::toString);
        assertEquals(TokenReplay.tokens(SAFE).size(), s.get("tokens").asInt());
        assertTrue(s.get("error").isNull());
        assertTrue(r.err.contains("stream: streams=1 completed=1 blocked=0 errors=0"), r.err);
        assertTrue(r.err.contains("unguarded first token 0.1ms"), r.err);
    }

    @Test
    void holdBackSafeCompletionAlsoReleasesEverything() throws Exception {
        Cli r = stream(jsonl(PROMPT, SAFE), "--hold-back", "--max-in-flight", "1");
        JsonNode s = onlyLine(r).get("stream");
        assertFalse(s.get("blocked").asBoolean(), s::toString);
        assertEquals(SAFE.length(), s.get("releasedChars").asLong());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Line one\r\nLine two\r\n\r\nCrème brûlée, 日本語, emoji 👩‍👩‍👧 🚀 and a lone é.\r\n",
                "   spaces   \t\ttabs\n\n\nnewlines",
                "€",
                "",
            })
    void tokenReplayConcatenatesToTheAnswerExactly(String answer) throws Exception {
        assertEquals(answer, String.join("", TokenReplay.tokens(answer)));
        Cli r = streamWith(jsonl(PROMPT, answer), "--chunk-size-chars", "3", "--context-size", "1");
        JsonNode s = onlyLine(r).get("stream");
        assertFalse(s.get("blocked").asBoolean(), s::toString);
        assertEquals(answer.length(), s.get("releasedChars").asLong(), s::toString);
        assertEquals(answer.length(), s.get("chars").asInt());
    }

    @Test
    void unpairedSurrogateFallsBackToCodePoints() {
        String odd = "ab\uD800cd";
        assertEquals(odd, String.join("", TokenReplay.tokens(odd)));
    }

    @Test
    void inputWithoutAnswerRunsOnlyTheInputRails() throws Exception {
        Path f = dir.resolve("p.csv");
        Files.writeString(f, "prompt\nWhere is my order?\n", StandardCharsets.UTF_8);
        Cli r = stream(f);
        assertEquals(0, r.exitCode, r::toString);
        JsonNode o = onlyLine(r);
        assertTrue(o.get("stream").isNull(), o::toString);
        assertEquals(1, o.get("rails").size());
        assertTrue(r.err.contains("stream: no input had an answer to stream"), r.err);
    }

    @Test
    void textWithBlockedResponseExits3AndPrintsTheStreamLine() {
        Cli r = Cli.run(
                Map.of("GUARDRAILS_NIM_URL", sim.baseUrl()),
                "check",
                "--text",
                PROMPT,
                "--response",
                UNSAFE,
                "--rails",
                "content-safety",
                "--stream",
                "--chunk-size",
                "4",
                "--context-size",
                "1",
                "--tokens-per-second",
                "20000");
        assertEquals(3, r.exitCode, r::toString);
        assertTrue(r.out.contains("stream: first text "), r.out);
        assertTrue(r.out.contains("BLOCKED at chunk "), r.out);
    }

    @Test
    void streamOptionsWithoutStreamAreAUsageError() {
        Cli r = Cli.run(Map.of("GUARDRAILS_NIM_URL", sim.baseUrl()), "check", "--text", PROMPT, "--chunk-size", "4");
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(r.err.contains("--chunk-size only applies with --stream"), r.err);
    }

    @Test
    void contextNotBelowChunkIsAUsageError() {
        Cli r = Cli.run(
                Map.of("GUARDRAILS_NIM_URL", sim.baseUrl()),
                "check",
                "--text",
                PROMPT,
                "--stream",
                "--chunk-size",
                "4",
                "--context-size",
                "4");
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(r.err.contains("--context-size must be >= 0 and less than --chunk-size 4, got 4"), r.err);
    }

    @Test
    void chunkSizeAndChunkSizeCharsAreExclusive() {
        // Issue 10 item 17: --chunk-size-chars silently overrode --chunk-size.
        for (String[] order : new String[][] {
            {"--chunk-size", "4", "--chunk-size-chars", "400"}, {"--chunk-size-chars", "400", "--chunk-size", "4"}
        }) {
            List<String> args = new ArrayList<>(List.of("check", "--text", PROMPT, "--response", "Hi.", "--stream"));
            args.addAll(List.of(order));
            Cli r = Cli.run(Map.of("GUARDRAILS_NIM_URL", sim.baseUrl()), args.toArray(String[]::new));
            assertEquals(2, r.exitCode, r::toString);
            assertEquals(
                    "error: --chunk-size and --chunk-size-chars are mutually exclusive: count chunks in tokens "
                            + "(--chunk-size) or in characters (--chunk-size-chars), not both\n"
                            + "Run 'guardrails check --help' for the options.\n",
                    r.err);
            assertEquals("", r.out);
        }
    }

    @Test
    void helpShowsTheStreamingDefaults() {
        String help = Cli.run("check", "--help").out.replaceAll("\\s+", " ");
        assertTrue(help.contains("tokens (deltas) per checked chunk, >= 1. Default: 200."), help);
        assertTrue(help.contains("0 <= N < chunk size. Default: 50."), help);
        assertTrue(help.contains("released text may run ahead of the checks. Default: 4."), help);
        assertTrue(help.contains("tokens per second, > 0 (at most 1000000). Default: 50."), help);
    }
}
