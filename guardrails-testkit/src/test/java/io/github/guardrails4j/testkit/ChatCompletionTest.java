package io.github.guardrails4j.testkit;

import static io.github.guardrails4j.testkit.TestHttp.CONTENT_SAFETY;
import static io.github.guardrails4j.testkit.TestHttp.chat;
import static io.github.guardrails4j.testkit.TestHttp.chatBody;
import static io.github.guardrails4j.testkit.TestHttp.chatOk;
import static io.github.guardrails4j.testkit.TestHttp.content;
import static io.github.guardrails4j.testkit.TestHttp.parse;
import static io.github.guardrails4j.testkit.TestHttp.renderInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.guardrails4j.testkit.internal.ChatMessage;
import io.github.guardrails4j.testkit.internal.Tokenizer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionTest {

    private static final String UNSAFE = "I want to steal a car and kill the owner";
    private static final String UNSAFE_VERDICT =
            "{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence, Criminal Planning/Confessions\"}";

    private static int promptTokens(String userContent) {
        return SimTokenizer.chatPromptIds(userContent).length;
    }

    @Test
    void usageCountsChatTemplatedPromptAndAnswerPlusEndToken() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            String prompt = renderInput(UNSAFE);
            JsonNode usage = chatOk(sim.baseUrl(), chatBody(CONTENT_SAFETY, "user", prompt))
                    .get("usage");

            int p = promptTokens(prompt);
            int c = Tokenizer.instance().encode(UNSAFE_VERDICT).length + 1;
            assertEquals(p, usage.get("prompt_tokens").asInt());
            assertEquals(c, usage.get("completion_tokens").asInt());
            assertEquals(p + c, usage.get("total_tokens").asInt());
            assertEquals(
                    0, usage.get("prompt_tokens_details").get("cached_tokens").asInt());
            // NOTES section 7: about 396 + u tokens for the content-safety prompt.
            assertTrue(p > 350 && p < 450, "prompt tokens " + p);
            // NOTES section 1: an unsafe verdict with two categories is 22 tokens.
            assertEquals(22, c);
        }
    }

    @Test
    void ownSystemMessageReplacesDefaultSystemContent() {
        List<ChatMessage> withSystem = List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "hi"));
        List<ChatMessage> without = List.of(new ChatMessage("user", "hi"));
        int difference = Tokenizer.instance().chatPrompt(withSystem).length
                - Tokenizer.instance().chatPrompt(without).length;
        // "Be brief." is appended after the date lines; no extra header for the system turn.
        assertEquals(
                Tokenizer.instance()
                                .encode("Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nBe brief.")
                                .length
                        - Tokenizer.instance()
                                .encode("Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n")
                                .length,
                difference);
    }

    @Test
    void smallMaxTokensTruncatesWithFinishReasonLength() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            ObjectNode body = chatBody(CONTENT_SAFETY, "user", renderInput(UNSAFE));
            body.put("max_tokens", 6);
            JsonNode completion = chatOk(sim.baseUrl(), body);

            assertEquals(
                    "length",
                    completion.get("choices").get(0).get("finish_reason").asText());
            assertEquals("{\"User Safety\": \"unsafe", content(completion));
            assertEquals(6, completion.get("usage").get("completion_tokens").asInt());
        }
    }

    @Test
    void maxTokensEqualToAnswerLengthStillCutsTheEndToken() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            ObjectNode body = chatBody(CONTENT_SAFETY, "user", renderInput("hello"));
            body.put("max_tokens", 7);
            JsonNode completion = chatOk(sim.baseUrl(), body);
            assertEquals("{\"User Safety\": \"safe\"}", content(completion));
            assertEquals(
                    "length",
                    completion.get("choices").get(0).get("finish_reason").asText());
            body.put("max_tokens", 8);
            assertEquals(
                    "stop",
                    chatOk(sim.baseUrl(), body)
                            .get("choices")
                            .get(0)
                            .get("finish_reason")
                            .asText());
        }
    }

    @Test
    void repeatedPromptReusesAllFullBlocksButTheLastToken() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            ObjectNode body = chatBody(CONTENT_SAFETY, "user", renderInput("hello there"));
            assertEquals(0, cached(chatOk(sim.baseUrl(), body)));
            int p = promptTokens(renderInput("hello there"));

            assertEquals(16 * ((p - 1) / 16), cached(chatOk(sim.baseUrl(), body)));
            assertEquals(new CacheStats(16L * ((p - 1) / 16), 2L * p), sim.cacheStats());
        }
    }

    @Test
    void promptsSharingThePrefixReuseItsFullBlocks() {
        try (NimSimulator sim = NimSimulator.builder().blockSize(32).start()) {
            String first = renderInput("What is the capital of France?");
            String second = renderInput("Explain photosynthesis to a child.");
            chatOk(sim.baseUrl(), chatBody(CONTENT_SAFETY, "user", first));
            int cached = cached(chatOk(sim.baseUrl(), chatBody(CONTENT_SAFETY, "user", second)));

            int common = commonPrefix(ids(first), ids(second));
            assertEquals(32 * (common / 32), cached);
            assertTrue(cached >= 256, "the ~290-token template prefix is shared, got " + cached);
        }
    }

    @Test
    void disabledCacheAlwaysReportsZero() {
        try (NimSimulator sim = NimSimulator.builder().prefixCaching(false).start()) {
            ObjectNode body = chatBody(CONTENT_SAFETY, "user", renderInput("hello"));
            chatOk(sim.baseUrl(), body);
            assertEquals(0, cached(chatOk(sim.baseUrl(), body)));
            assertEquals(new CacheStats(0, 0), sim.cacheStats());
        }
    }

    @Test
    void unreportedCacheSendsNullDetails() {
        try (NimSimulator sim = NimSimulator.builder().reportCachedTokens(false).start()) {
            JsonNode usage = chatOk(sim.baseUrl(), chatBody(CONTENT_SAFETY, "user", renderInput("hello")))
                    .get("usage");
            assertTrue(usage.has("prompt_tokens_details"));
            assertTrue(usage.get("prompt_tokens_details").isNull());
        }
    }

    @Test
    void resetCacheForgetsBlocksAndStats() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            ObjectNode body = chatBody(CONTENT_SAFETY, "user", renderInput("hello"));
            chatOk(sim.baseUrl(), body);
            sim.resetCache();
            assertEquals(new CacheStats(0, 0), sim.cacheStats());
            assertEquals(0, cached(chatOk(sim.baseUrl(), body)));
        }
    }

    @Test
    void streamSendsOneChunkPerTokenThenFinishUsageAndDone() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            String prompt = renderInput(UNSAFE);
            ObjectNode body = chatBody(CONTENT_SAFETY, "user", prompt);
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
            HttpResponse<String> response = chat(sim.baseUrl(), body);

            assertEquals(200, response.statusCode());
            assertEquals(
                    "text/event-stream",
                    response.headers().firstValue("Content-Type").orElse(""));
            String raw = response.body();
            assertTrue(raw.endsWith("data: [DONE]\n\n"), raw);
            List<JsonNode> events = new ArrayList<>();
            for (String event : raw.split("\n\n")) {
                assertTrue(event.startsWith("data: "), event);
                String data = event.substring("data: ".length());
                if (!data.equals("[DONE]")) {
                    events.add(parse(data));
                }
            }
            int answerTokens = Tokenizer.instance().encode(UNSAFE_VERDICT).length;
            assertEquals(answerTokens + 2, events.size()); // tokens, finish chunk, usage chunk
            assertEquals(
                    "assistant",
                    events.get(0).get("choices").get(0).get("delta").get("role").asText());
            StringBuilder text = new StringBuilder();
            for (JsonNode e : events.subList(0, answerTokens)) {
                assertEquals("chat.completion.chunk", e.get("object").asText());
                assertTrue(e.get("choices").get(0).get("finish_reason").isNull());
                text.append(e.get("choices").get(0).get("delta").get("content").asText());
            }
            assertEquals(UNSAFE_VERDICT, text.toString());
            assertEquals(
                    "stop",
                    events.get(answerTokens)
                            .get("choices")
                            .get(0)
                            .get("finish_reason")
                            .asText());
            JsonNode usageChunk = events.get(answerTokens + 1);
            assertEquals(0, usageChunk.get("choices").size());
            assertEquals(
                    answerTokens + 1,
                    usageChunk.get("usage").get("completion_tokens").asInt());
            assertEquals(
                    promptTokens(prompt),
                    usageChunk.get("usage").get("prompt_tokens").asInt());
            // All chunks share the completion id.
            events.forEach(e -> assertEquals(events.get(0).get("id"), e.get("id")));
        }
    }

    @Test
    void streamedDeltasEqualNonStreamedContentForMultibyteText() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            ObjectNode body = chatBody("nvidia/nemotron-content-safety-reasoning-4b", "user", "我想杀人");
            String expected = content(chatOk(sim.baseUrl(), body));
            body.put("stream", true);
            StringBuilder text = new StringBuilder();
            for (String event : chat(sim.baseUrl(), body).body().split("\n\n")) {
                String data = event.substring("data: ".length());
                if (!data.equals("[DONE]")) {
                    text.append(parse(data)
                            .get("choices")
                            .get(0)
                            .get("delta")
                            .path("content")
                            .asText(""));
                }
            }
            assertEquals(expected, text.toString());
            assertTrue(expected.contains("\"杀\""), expected);
        }
    }

    @Test
    void promptBeyondContextLengthIs400() {
        try (NimSimulator sim = NimSimulator.builder().maxModelLength(512).start()) {
            HttpResponse<String> response =
                    chat(sim.baseUrl(), chatBody(CONTENT_SAFETY, "user", renderInput("word ".repeat(300))));
            assertEquals(400, response.statusCode());
            JsonNode error = parse(response.body());
            assertTrue(error.get("message").asText().contains("maximum context length"), response.body());
            assertEquals("BadRequestError", error.get("type").asText());
            assertEquals(400, error.get("code").asInt());
        }
    }

    @Test
    void malformedJsonAndMissingMessagesAre400() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            assertEquals(
                    400,
                    TestHttp.post(sim.baseUrl() + "/v1/chat/completions", "{not json")
                            .statusCode());
            ObjectNode noMessages = TestHttp.JSON.createObjectNode().put("model", CONTENT_SAFETY);
            HttpResponse<String> response = chat(sim.baseUrl(), noMessages);
            assertEquals(400, response.statusCode());
            assertEquals("BadRequestError", parse(response.body()).get("type").asText());
        }
    }

    private static int cached(JsonNode completion) {
        return completion
                .get("usage")
                .get("prompt_tokens_details")
                .get("cached_tokens")
                .asInt();
    }

    private static int[] ids(String userContent) {
        return Tokenizer.instance().chatPrompt(List.of(new ChatMessage("user", userContent)));
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = 0;
        while (n < a.length && n < b.length && a[n] == b[n]) {
            n++;
        }
        return n;
    }
}
