package io.github.guardrails4j.nim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.verdict.TokenUsage;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-pass chat completion reader: the answers and errors of the strict tree walk it replaced. */
class ChatCompletionReaderTest {
    private static final HttpUrl URL = HttpUrl.get("http://nim.test/v1/chat/completions");

    private static ChatAnswer read(String body) {
        return WireFormat.decodeChatCompletion(URL, body);
    }

    private static String error(String body) {
        return assertThrows(GuardProtocolException.class, () -> read(body)).getMessage();
    }

    @Test
    void readsContentFinishReasonAndUsage() {
        ChatAnswer a = read("{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"{\\\"User Safety\\\": \\\"safe\\\"}\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":801,\"completion_tokens\":7,\"total_tokens\":808,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":701}}}");
        assertEquals("{\"User Safety\": \"safe\"}", a.content());
        assertEquals("stop", a.finishReason());
        assertEquals(TokenUsage.of(801, 7, 701), a.usage());
    }

    @Test
    void readsFieldsInAnyOrderAndOnlyTheFirstChoice() {
        ChatAnswer a = read("{\"usage\":{\"completion_tokens\":2,\"prompt_tokens\":9},\"choices\":["
                + "{\"finish_reason\":null,\"message\":{\"content\":\"first\",\"tool_calls\":[{\"a\":[1,{}]}]}},"
                + "{\"message\":{\"content\":\"second\"}}]}");
        assertEquals("first", a.content());
        assertNull(a.finishReason());
        assertEquals(TokenUsage.of(9, 2, null), a.usage());
    }

    @Test
    void aNullOrAbsentContentIsNull() {
        assertNull(read("{\"choices\":[{\"message\":{\"content\":null}}]}").content());
        assertNull(read("{\"choices\":[{\"message\":{}}]}").content());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"prompt_tokens\":-1,\"completion_tokens\":2}",
                "{\"prompt_tokens\":1.5,\"completion_tokens\":2}",
                "{\"prompt_tokens\":3000000000,\"completion_tokens\":2}",
                "{\"prompt_tokens\":\"3\",\"completion_tokens\":2}",
                "{\"completion_tokens\":2}",
                "[1,2]",
                "null"
            })
    void aMalformedUsageIsUnknownNeverAFailure(String usage) {
        ChatAnswer a = read("{\"choices\":[{\"message\":{\"content\":\"ok\"}}],\"usage\":" + usage + "}");
        assertEquals("ok", a.content());
        assertNull(a.usage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-4", "\"4\"", "{}", "4.0"})
    void aMalformedCachedCountIsUnknown(String cached) {
        ChatAnswer a = read("{\"choices\":[{\"message\":{\"content\":\"ok\"}}],\"usage\":{\"prompt_tokens\":5,"
                + "\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":" + cached + "}}}");
        assertEquals(TokenUsage.of(5, 1, null), a.usage());
    }

    @Test
    void shapeErrorsNameWhatWasExpected() {
        assertTrue(error("[1]").contains("a chat completion (a JSON object)"));
        assertTrue(error("{}").contains("non-empty \"choices\" array"));
        assertTrue(error("{\"choices\":[]}").contains("non-empty \"choices\" array"));
        assertTrue(error("{\"choices\":{\"message\":{}}}").contains("non-empty \"choices\" array"));
        assertTrue(error("{\"choices\":[1]}").contains("\"choices[0].message\" to be an object"));
        assertTrue(error("{\"choices\":[{\"message\":\"hi\"}]}").contains("\"choices[0].message\" to be an object"));
        assertTrue(error("{\"choices\":[{\"message\":{\"content\":7}}]}").contains("content\" to be a string or null"));
        assertTrue(error("{\"choices\":[{\"message\":{\"content\":[\"a\"]}}]}").contains("to be a string or null"));
        assertTrue(error("{\"choices\":[{\"message\":{},\"finish_reason\":{}}]}")
                .contains("\"choices[0].finish_reason\" to be a string or null"));
        assertTrue(error("  ").contains("the body was empty"));
    }

    @Test
    void aRepeatedKeyAnywhereIsAnErrorEvenInsideSkippedValues() {
        assertTrue(error("{\"choices\":[{\"message\":{\"content\":\"a\"}}],\"x\":{\"k\":1,\"k\":2}}")
                .contains("no repeated key"));
        assertTrue(error("{\"choices\":[{\"message\":{\"content\":\"a\"}},{\"message\":{\"a\":1,\"a\":1}}]}")
                .contains("no repeated key"));
        assertTrue(error("{\"choices\":[{\"message\":{\"content\":\"a\",\"content\":\"b\"}}]}")
                .contains("no repeated key"));
    }

    @Test
    void aSyntaxErrorWinsOverAShapeError() {
        String e = error("{\"choices\":[],\"usage\":{\"a\":1,\"a\":2}}");
        assertTrue(e.contains("Duplicate field 'a'"), e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"choices\":[{\"message\":{\"content\":\"a\"}}]}{}", "[1] 2", "{\"choices\":[]} x"})
    void anyTokenAfterTheValueIsAnError(String body) {
        assertTrue(error(body).contains("exactly one JSON value"));
    }
}
