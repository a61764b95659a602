package io.github.guardrails4j.rail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The host LLM's think trace is removed before output checks, the same way streamed or not (issue 11 item 2c). */
class ThinkTraceTest {
    @Test
    void removesCompleteBlocksAndKeepsAnUnterminatedTrace() {
        assertEquals("The answer.", ThinkTrace.strip("<think>\nlet me plan a weapon\n</think>The answer."));
        assertEquals("a b c", ThinkTrace.strip("a <think>x</think>b <think>y</think>c"));
        assertEquals("<think>cut off", ThinkTrace.strip("<think>cut off"), "an unterminated trace is checked");
        assertEquals("no </think> open", ThinkTrace.strip("no </think> open"));
        String plain = "plain";
        assertSame(plain, ThinkTrace.strip(plain));
    }

    @Test
    void streamedInAnyChunksGivesTheSameTextAndNeverChangesWhatItReturned() {
        List<String> answers = List.of(
                "<think>\nplan\n</think>The answer.",
                "a <think>x</think>b <think>y</think>c",
                "<think>cut off",
                "x < think <thi <think></think>y</thinkz",
                "<<think>>a</think>>");
        int cases = 0;
        for (String answer : answers) {
            String whole = ThinkTrace.strip(answer);
            for (int size = 1; size <= answer.length(); size++) {
                ThinkTrace.Session s = ThinkTrace.session();
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < answer.length(); i += size) {
                    out.append(s.feed(answer.substring(i, Math.min(answer.length(), i + size))));
                    assertTrue(whole.startsWith(out.toString()), () -> "returned text is final: " + out);
                }
                assertEquals(whole, out.append(s.finish()).toString(), answer + " in chunks of " + size);
                cases++;
            }
        }
        assertTrue(cases > 50);
    }
}
