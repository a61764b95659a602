package io.github.guardrails4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextWindowsTest {

    @Test
    void windowsOverlapByTheGivenCount() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 2500; i++) {
            text.append("word").append(i).append(' ');
        }
        String input = text.substring(0, 2500);
        assertEquals(
                List.of(input.substring(0, 1000), input.substring(900, 1900), input.substring(1800, 2500)),
                TextWindows.split(input, 1000, 100));
    }

    @Test
    void windowsNeverCutASurrogatePair() {
        String s = "a".repeat(99) + "\uD83D\uDE00" + "b".repeat(150);
        for (String w : TextWindows.split(s, 100, 10)) {
            assertFalse(Character.isLowSurrogate(w.charAt(0)), w);
            assertFalse(Character.isHighSurrogate(w.charAt(w.length() - 1)), w);
        }
    }
}
