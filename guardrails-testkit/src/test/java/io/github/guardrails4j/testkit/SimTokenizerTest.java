package io.github.guardrails4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

    @org.junit.jupiter.api.Test
    void englishTextHasSeveralTokens() {
        assertTrue(SimTokenizer.tokenize("The quick brown fox jumps over the lazy dog.")
                        .size()
                >= 9);
    }
}
