package io.github.guardrails4j.nim.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrefixedChatEncoderTest {
    /** A fixed prefix with everything JSON escapes, non-ASCII and a surrogate pair, as a template might hold. */
    private static final String PREFIX = "Task: check if there is unsafe content in 'user' messages \"quoted\"\n"
            + "<BEGIN UNSAFE CONTENT CATEGORIES>\tS1: Violence.\\ S2: Sexual. é ü 中文 \uD83D\uDE00 \u0001\u001f\n"
            + "<END UNSAFE CONTENT CATEGORIES>\n<BEGIN CONVERSATION>\nuser: ";

    private static final String SUFFIX = "\n<END CONVERSATION>\nProvide your safety assessment in JSON.";

    /** Characters that exercise every escaping rule: controls, quote, backslash, non-ASCII, lone surrogates. */
    private static final char[] ALPHABET = {
        'a', 'Z', ' ', '0', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\u0000', '\u0001', '\u001f', '\u007f',
        '\u0080', 'é', '中', '\u2028', '\u2029', '\uFFFE', '\uD83D', '\uDE00', '\uDBFF', '\uDC00', '<', '>', '&', '\''
    };

    @Test
    void bytesEqualThePlainEncoderOverManyTexts() {
        Random random = new Random(42);
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("chat_template_kwargs", Map.of("thinking", false));
        kwargs.put("top_p", 0.5);
        for (boolean stream : new boolean[] {false, true}) {
            for (Map<String, Object> extra : List.of(Map.<String, Object>of(), kwargs)) {
                PrefixedChatEncoder encoder = new PrefixedChatEncoder(stream);
                for (int i = 0; i < 2_000; i++) {
                    ChatRequest r = request(PREFIX + randomText(random) + SUFFIX, extra);
                    assertArrayEquals(
                            WireFormat.encodeChat(r, stream), encoder.encode(r), "text " + i + ", stream " + stream);
                }
                assertEquals(PREFIX, encoder.prefix(), "learnt the fixed prefix, so the fast path was taken");
                assertEquals(SUFFIX, encoder.suffix(), "learnt the fixed suffix: only the user text is escaped");
            }
        }
    }

    @Test
    void aPrefixEndingInAHighSurrogateIsNeverCut() {
        String base = PREFIX + "x".repeat(70) + "\uD83D";
        PrefixedChatEncoder encoder = new PrefixedChatEncoder(false);
        for (String tail : List.of("\uDE00 pair", "\uDE01 other pair", "lone", "\uDE00", "")) {
            ChatRequest r = request(base + tail, Map.of());
            assertArrayEquals(WireFormat.encodeChat(r, false), encoder.encode(r), tail);
        }
        assertEquals(base.substring(0, base.length() - 1), encoder.prefix());
    }

    @Test
    void aSuffixStartingWithALowSurrogateIsNeverCut() {
        String suffix = "\uDE00 and the rest of the template, long enough to matter.";
        PrefixedChatEncoder encoder = new PrefixedChatEncoder(false);
        // the first text pairs its last char with the suffix's first; the others leave that low surrogate lone
        for (String middle : List.of("a\uD83D", "b", "c\uD83D", "", "\uDBFF", "d")) {
            ChatRequest r = request(PREFIX + middle + suffix, Map.of());
            assertArrayEquals(WireFormat.encodeChat(r, false), encoder.encode(r), middle);
        }
        assertEquals(PREFIX, encoder.prefix());
        assertEquals(suffix.substring(1), encoder.suffix());
    }

    @Test
    void aTemplateEndingWithTheInjectedTextLearnsAnEmptySuffix() {
        PrefixedChatEncoder encoder = new PrefixedChatEncoder(true);
        for (String user : List.of("how do I stop a process?", "where can I buy a can of coke?", "x?", "")) {
            ChatRequest r = request(PREFIX + user, Map.of());
            assertArrayEquals(WireFormat.encodeChat(r, true), encoder.encode(r), user);
        }
        assertEquals(PREFIX, encoder.prefix());
        assertEquals("", encoder.suffix());
    }

    @Test
    void otherShapesGoThroughThePlainEncoder() {
        PrefixedChatEncoder encoder = new PrefixedChatEncoder(false);
        ChatRequest first = request(PREFIX + "one", Map.of());
        ChatRequest otherModel =
                new ChatRequest("other/model", List.of(new ChatMessage("user", PREFIX + "two")), 0.0, 50, Map.of());
        ChatRequest twoMessages = new ChatRequest(
                "m/x", List.of(new ChatMessage("system", PREFIX), new ChatMessage("user", "three")), 0.0, 50, Map.of());
        for (ChatRequest r : List.of(first, otherModel, twoMessages, first)) {
            assertArrayEquals(WireFormat.encodeChat(r, false), encoder.encode(r));
        }
        assertNull(encoder.prefix(), "a rail whose requests change shape keeps the plain encoder");
    }

    @Test
    void shortCommonPrefixesAreNotKept() {
        PrefixedChatEncoder encoder = new PrefixedChatEncoder(false);
        for (String text : List.of("short text one", "short text two", "short text one")) {
            ChatRequest r = request(text, Map.of());
            assertArrayEquals(WireFormat.encodeChat(r, false), encoder.encode(r));
        }
        assertNull(encoder.prefix());
    }

    private static ChatRequest request(String text, Map<String, Object> extra) {
        return new ChatRequest("m/x", List.of(new ChatMessage("user", text)), 0.0, 50, extra);
    }

    private static String randomText(Random random) {
        int length = random.nextInt(40);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(
                    random.nextInt(4) == 0
                            ? (char) random.nextInt(0x10000)
                            : ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }
}
