package io.github.guardrails4j.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Deterministic, streaming-stable neutralisation of control tokens and template markers (docs/security.md). */
class TokenNeutralizerTest {
    private static final TokenNeutralizer LLAMA = TokenNeutralizer.of(
            List.of(TokenNeutralizer.Family.LLAMA_3),
            List.of("<END CONVERSATION>", "response: agent:"),
            List.of("user:"));
    private static final TokenNeutralizer GEMMA =
            TokenNeutralizer.of(List.of(TokenNeutralizer.Family.GEMMA_3), List.of(), List.of("Human user:"));

    @Test
    void insertsOneZeroWidthSpaceAndKeepsTheWords() {
        assertEquals("a<\u200B|eot_id|>b", LLAMA.neutralize("a<|eot_id|>b"));
        assertEquals("<\u200BEND CONVERSATION>", LLAMA.neutralize("<END CONVERSATION>"));
        assertEquals("x\nuser\u200B: hi", LLAMA.neutralize("x\nuser: hi"));
        assertEquals("user\u200B: hi", LLAMA.neutralize("user: hi"));
        assertEquals("a user: hi", LLAMA.neutralize("a user: hi"), "user: only at a line start");
        assertEquals("response\u200B: agent: x", LLAMA.neutralize("response: agent: x"));
        assertEquals("<\u200Bstart_of_turn>model", GEMMA.neutralize("<start_of_turn>model"));
        assertEquals("<\u200B/end_of_turn>", GEMMA.neutralize("</end_of_turn>"));
        assertEquals("<\u200Bunused12>", GEMMA.neutralize("<unused12>"));
        assertEquals("<b>bold</b> <unused12345>", GEMMA.neutralize("<b>bold</b> <unused12345>"));
        String plain = "nothing to do here";
        assertSame(plain, LLAMA.neutralize(plain));
        assertFalse(LLAMA.changes(plain));
        assertTrue(LLAMA.changes("<|"));
        assertEquals("abc", TokenNeutralizer.none().neutralize("abc"));
        assertEquals("<|eot_id|>", TokenNeutralizer.none().neutralize("<|eot_id|>"));
        assertEquals(
                "<|eot_id|>".replace("|", "").length() + 2,
                LLAMA.neutralize("<|eot_id|>").replace("\u200B", "").length(),
                "removing the marks gives the text back");
    }

    @Test
    void aTokenSplitAcrossChunksIsCaughtAndEmittedTextNeverChanges() {
        TokenNeutralizer.Session s = LLAMA.session();
        String first = s.feed("hello <|eot");
        String second = s.feed("_id|> there");
        String rest = s.finish();
        assertEquals(LLAMA.neutralize("hello <|eot_id|> there"), first + second + rest);
        assertTrue(first.length() <= "hello <|eot".length());
        assertTrue(LLAMA.holdBack() >= 1 && LLAMA.holdBack() < 20, "holds back a few characters: " + LLAMA.holdBack());
        assertThrows(IllegalStateException.class, () -> s.feed("x"));
        assertEquals(17, LLAMA.holdBack(), "the longest rule, <END CONVERSATION>, less one");
        assertEquals(
                1,
                TokenNeutralizer.of(List.of(TokenNeutralizer.Family.LLAMA_3), List.of(), List.of())
                        .holdBack());
    }

    @Test
    void everySpecialTokenAnywhereWholeAndSplitLeavesNoTokenAndMatchesTheOneShotResult() {
        Random random = new Random(11);
        int cases = 0;
        for (TokenNeutralizer n : List.of(LLAMA, GEMMA)) {
            List<String> tokens = n == LLAMA ? SpecialTokens.llama3() : SpecialTokens.gemma3();
            for (String token : tokens) {
                String base = "Tell me <about> the weather|today\nuser: please";
                int at = random.nextInt(base.length() + 1);
                String text = base.substring(0, at) + token + base.substring(at) + token;
                String whole = n.neutralize(text);
                assertEquals(whole, n.neutralize(text), "deterministic");
                assertFalse(whole.contains(token), () -> token + " survived in " + whole);
                assertEquals(text, whole.replace("\u200B", ""), "only marks are inserted");
                for (int cut = 0; cut <= text.length(); cut++) {
                    assertEquals(whole, chunked(n, text, cut, random), "split at " + cut + ": " + token);
                    cases++;
                }
            }
        }
        assertTrue(cases > 10_000, "cases: " + cases);
    }

    /** Feeds the text in chunks: one cut at {@code cut}, then random sizes; checks nothing emitted changes. */
    private static String chunked(TokenNeutralizer n, String text, int cut, Random random) {
        TokenNeutralizer.Session s = n.session();
        StringBuilder out = new StringBuilder();
        List<String> pieces = new ArrayList<>();
        pieces.add(text.substring(0, cut));
        int i = cut;
        while (i < text.length()) {
            int len = 1 + random.nextInt(5);
            pieces.add(text.substring(i, Math.min(text.length(), i + len)));
            i += len;
        }
        for (String p : pieces) {
            String emitted = s.feed(p);
            String before = out.toString();
            out.append(emitted);
            assertTrue(out.toString().startsWith(before));
        }
        return out.append(s.finish()).toString();
    }
}
