package io.github.guardrails4j.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.internal.TextWindows;
import io.github.guardrails4j.verdict.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WindowedOutputCheckTest {
    private final ManualOutputRail rail = new ManualOutputRail("content-safety-output");

    /** 10,000 distinct-enough characters: each position's character depends on the position. */
    private static String longAnswer() {
        StringBuilder s = new StringBuilder(10_000);
        for (int i = 0; i < 10_000; i++) {
            s.append((char) ('a' + (i * 7 + i / 26) % 26));
        }
        return s.toString();
    }

    @Test
    void longResponseIsCheckedAsOverlappingWindowsConcurrently() {
        String answer = longAnswer();
        Guardrails g = Guardrails.builder().rail(rail).outputWindow(2_000, 200).build();
        CompletableFuture<GuardResult> result = g.checkOutput("q", answer);
        List<String> expected = new ArrayList<>();
        for (int start : new int[] {0, 1_800, 3_600, 5_400, 7_200, 9_000}) {
            expected.add(answer.substring(start, Math.min(start + 2_000, 10_000)));
        }
        assertEquals(expected, rail.texts, "6 windows of 2,000 characters, 200 overlapping, the last 1,000 long");
        for (int i = 0; i < 6; i++) {
            assertFalse(result.isDone());
            rail.safe(i);
        }
        GuardResult r = result.join();
        assertTrue(r.allowed());
        assertEquals(6, r.verdicts().size(), "every window's verdict, in window order");
    }

    @Test
    void oneUnsafeWindowBlocksAndCancelsTheOtherWindows() {
        Guardrails g = Guardrails.builder().rail(rail).outputWindow(2_000, 200).build();
        CompletableFuture<GuardResult> result = g.checkOutput("q", longAnswer());
        rail.safe(0);
        rail.answer(3, Outcome.UNSAFE, "Violence");
        GuardResult r = result.join();
        assertTrue(r.blocked());
        assertEquals(List.of("Violence"), r.blockingVerdict().orElseThrow().categories());
        for (int i : new int[] {1, 2, 4, 5}) {
            assertTrue(rail.calls.get(i).isCancelled(), "window " + i + " must be cancelled");
        }
    }

    @Test
    void cancellingTheResultCancelsEveryWindowCheck() {
        Guardrails g = Guardrails.builder().rail(rail).outputWindow(2_000, 200).build();
        assertTrue(g.checkOutput("q", longAnswer()).cancel(true));
        assertTrue(rail.calls.stream().allMatch(CompletableFuture::isCancelled));
    }

    @Test
    void responseNotLongerThanTheWindowIsOneOrdinaryCheck() {
        Guardrails g = Guardrails.builder().rail(rail).outputWindow(2_000, 200).build();
        String answer = longAnswer().substring(0, 2_000);
        g.checkOutput("q", answer);
        assertEquals(List.of(answer), rail.texts);
    }

    @Test
    void windowingIsOffByDefaultAndKeptByToBuilder() {
        Guardrails off = Guardrails.builder().rail(rail).build();
        assertEquals(Guardrails.DEFAULT_OUTPUT_WINDOW_CHARS, off.outputWindowChars());
        off.checkOutput("q", longAnswer());
        assertEquals(1, rail.texts.size());
        Guardrails on =
                off.toBuilder().outputWindow(2_000, 200).build().toBuilder().build();
        assertEquals(2_000, on.outputWindowChars());
        assertEquals(200, on.outputOverlapChars());
    }

    @Test
    void outOfRangeWindowIsAConfigurationErrorNamingValueAndFix() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> Guardrails.builder().outputWindow(2_000, 2_000));
        assertTrue(e.getMessage().contains("[0, 2000)") && e.getMessage().contains("got 2000"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> Guardrails.builder().outputWindow(-1, 0));
        assertThrows(ConfigurationException.class, () -> Guardrails.builder().outputWindow(100, -1));
    }

    @Test
    void windowsNeverSplitASurrogatePair() {
        String text = "ab\uD83D\uDE00cd\uD83D\uDE00ef"; // a b 😀 c d 😀 e f: 10 chars
        for (String w : TextWindows.split(text, 3, 1)) {
            assertFalse(Character.isLowSurrogate(w.charAt(0)), w);
            assertFalse(Character.isHighSurrogate(w.charAt(w.length() - 1)), w);
        }
        assertEquals("ef", TextWindows.tail("\uD83D\uDE00ef", 3), "a tail never starts with half a pair");
    }
}
