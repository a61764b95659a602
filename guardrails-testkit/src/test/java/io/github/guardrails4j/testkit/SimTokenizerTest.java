package io.github.guardrails4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimTokenizerTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Hello, world!",
                "line one\r\nline two\r\n\r\nthree\n",
                "Crème brûlée, 日本語のテキスト, emoji 👩‍👩‍👧 and 🚀🚀 done.",
                "  leading and trailing spaces  \t",
            })
    void piecesConcatenateToTheTextExactly(String text) {
        List<String> pieces = SimTokenizer.tokenize(text);
        assertEquals(text, String.join("", pieces));
        assertEquals(SimTokenizer.count(text), pieces.size());
    }

    @Test
    void englishTextHasSeveralTokens() {
        assertTrue(SimTokenizer.tokenize("The quick brown fox jumps over the lazy dog.")
                        .size()
                >= 9);
    }

    @Test
    void chatPromptIdsWrapTheMessageInTheChatTemplate() {
        int[] hi = SimTokenizer.chatPromptIds("hi");
        int[] longer = SimTokenizer.chatPromptIds("hi there, a longer message");
        // the template adds the same tokens around any message: the difference is the message's own tokens
        assertEquals(
                SimTokenizer.count("hi there, a longer message") - SimTokenizer.count("hi"), longer.length - hi.length);
        int shared = 0;
        while (shared < hi.length && hi[shared] == longer[shared]) {
            shared++;
        }
        // everything before the user text (begin-of-text, system turn, user header) is shared
        assertTrue(shared > 10, "shared prefix of " + shared + " tokens");
        assertEquals(SimTokenizer.chatPromptIds("hi").length, SimTokenizer.chatPromptIds("  hi \n").length);
    }
}
