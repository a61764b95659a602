package io.github.guardrails4j.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.builtin.NemoGuardContentSafety;
import io.github.guardrails4j.prompt.TokenNeutralizer;
import io.github.guardrails4j.rail.ThinkTrace;
import io.github.guardrails4j.verdict.Outcome;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cumulative chunk checks: whole answer so far, stable cuts, hold-back and the fallback above the maximum. */
class CumulativeStreamTest {
    private final ManualOutputRail rail = new ManualOutputRail("content-safety-output");
    private final Guardrails guardrails = Guardrails.builder().rail(rail).build();

    private StreamingGuard guard(boolean streamFirst, int maxChars) {
        return StreamingGuard.create(
                guardrails,
                StreamingConfig.builder()
                        .chunkSizeChars(10)
                        .contextSize(2)
                        .streamFirst(streamFirst)
                        .maxInFlightChecks(8)
                        .cumulative(true)
                        .maxCumulativeChars(maxChars)
                        .build());
    }

    @Test
    void eachCheckSendsTheWholeAnswerSoFarAndTheLastOneEverything() {
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = guard(true, 16_000).open("question", listener);
        for (String d : List.of("0123456789", "abcdefghij", "KLMN")) {
            stream.onDelta(d);
        }
        stream.complete();
        assertEquals(List.of("0123456789", "0123456789abcdefghij", "0123456789abcdefghijKLMN"), rail.texts);
        for (int i = 0; i < 3; i++) {
            rail.safe(i);
        }
        assertEquals("0123456789abcdefghijKLMN", listener.text());
        assertEquals(1, listener.terminals);
    }

    @Test
    void aCutNeverFallsInsideAnUnfinishedMarkerAndHoldBackReleasesOnlyCheckedText() {
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = guard(false, 16_000).open("question", listener);
        // chunks 0 and 1 end inside "<END CONVERSATION>", chunk 2 on the "<" of a Llama 3 token
        stream.onDelta("Hi. <END C");
        stream.onDelta("ONVERSATIO");
        stream.onDelta("N> ok. ab<");
        assertEquals(List.of("Hi. ", "Hi. ", "Hi. <END CONVERSATION> ok. ab"), rail.texts);
        rail.safe(0);
        assertEquals("Hi. ", listener.text(), "hold back: the held marker start waits for the check that sees it");
        rail.safe(1);
        assertEquals("Hi. ", listener.text());
        rail.safe(2);
        assertEquals("Hi. <END CONVERSATION> ok. ab", listener.text());
        stream.complete();
        assertEquals("Hi. <END CONVERSATION> ok. ab<", rail.texts.get(3), "the final check sends the held characters");
        assertEquals("Hi. <END CONVERSATION> ok. ab", listener.text());
        rail.safe(3);
        assertEquals("Hi. <END CONVERSATION> ok. ab<", listener.text());
        assertEquals(1, listener.terminals);
    }

    @Test
    void aThinkTraceIsStrippedStablyAndABlockStopsTheStream() {
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = guard(false, 16_000).open("question", listener);
        stream.onDelta("<think>pla");
        stream.onDelta("n</think>B");
        stream.onDelta("ecause BAD");
        stream.onDelta("more");
        assertEquals(List.of("", "B", "Because BAD"), rail.texts);
        rail.safe(0);
        rail.safe(1);
        rail.answer(2, Outcome.UNSAFE, "Violence");
        assertEquals("<think>plan</think>B", listener.text());
        assertEquals(2, listener.blocked.chunkIndex());
        assertEquals(1, listener.terminals);
    }

    @Test
    void aboveTheMaximumAChecksSendsTheStartOfTheAnswerAndTheChunkWindow() {
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = guard(true, 200).open("question", listener);
        StringBuilder answer = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            String d = String.format("%09d.", i);
            answer.append(d);
            stream.onDelta(d);
        }
        stream.complete();
        passAll(rail);
        assertEquals(30, rail.texts.size());
        assertEquals(answer.substring(0, 200), rail.texts.get(19), "at the maximum: still the whole answer");
        String check = rail.texts.get(25);
        assertEquals(answer.substring(0, 100) + answer.substring(248, 260), check, "start + chunk with context");
        assertEquals(answer.toString(), listener.text());
    }

    /**
     * The rendering of each check's answer (neutralised as the NemoGuard content safety model does, think trace
     * removed) is a byte prefix of the next check's, for random answers full of control tokens and markers cut at
     * random places.
     */
    @Test
    void theRenderingOfEachCheckIsABytePrefixOfTheNextOneForRandomCuts() {
        TokenNeutralizer neutralizer = NemoGuardContentSafety.NEUTRALIZER;
        String[] parts = {
            "<|eot_id|>",
            "<END CONVERSATION>",
            "\nuser: x",
            "response: agent: y",
            "<think>t</think>",
            "ab ",
            "<",
            "|",
            "\n",
            "<end_of_turn>",
            " words "
        };
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            ManualOutputRail r = new ManualOutputRail("content-safety-output");
            GuardedStream stream = StreamingGuard.create(
                            Guardrails.builder().rail(r).build(),
                            StreamingConfig.builder()
                                    .chunkSizeChars(1 + random.nextInt(12))
                                    .contextSize(0)
                                    .cumulative(true)
                                    .build())
                    .open("q", new RecordingListener());
            StringBuilder answer = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                String p = parts[random.nextInt(parts.length)];
                answer.append(p);
                stream.onDelta(p);
            }
            stream.complete();
            passAll(r);
            List<String> texts = r.texts;
            assertEquals(ThinkTrace.strip(answer.toString()), texts.get(texts.size() - 1), "round " + round);
            for (int k = 0; k + 1 < texts.size(); k++) {
                String a = neutralizer.neutralize(texts.get(k));
                String b = neutralizer.neutralize(texts.get(k + 1));
                assertTrue(b.startsWith(a), "round " + round + " check " + k + ": '" + a + "' then '" + b + "'");
            }
        }
    }

    /** Passes every check, including those that start only when an earlier one passed. */
    private static void passAll(ManualOutputRail r) {
        for (int i = 0; i < r.calls.size(); i++) {
            r.safe(i);
        }
    }

    @Test
    void stableLengthStopsBeforeAnUnfinishedMatch() {
        TokenNeutralizer n = CumulativeText.EDGES;
        assertEquals(4, n.stableLength("abc <"));
        assertEquals(4, n.stableLength("abc <END CONV"));
        assertEquals(5, n.stableLength("abc \nuse"));
        assertEquals(8, n.stableLength("abc uses"), "not at a line start");
        assertEquals(4, n.stableLength("abc resp"), "response: agent: is a marker anywhere");
        assertEquals(4, n.stableLength("abc <end_of_tu"));
        assertEquals(4, n.stableLength("abc <unused12"));
        assertEquals(10, n.stableLength("abc <|eot_"), "<| is already a whole Llama 3 match");
        assertEquals(6, n.stableLength("abc <x"));
    }

    @Test
    void maxCumulativeCharsIsValidated() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> StreamingConfig.builder().maxCumulativeChars(199));
        assertTrue(e.getMessage().contains("maxCumulativeChars must be >= 200, got 199"), e.getMessage());
        StreamingConfig c = StreamingConfig.builder().cumulative(true).build();
        assertEquals(StreamingConfig.DEFAULT_MAX_CUMULATIVE_CHARS, c.maxCumulativeChars());
        assertTrue(c.toString().contains("cumulative up to 16000 chars"), c.toString());
    }
}
