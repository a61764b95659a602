package io.github.guardrails4j.testkit;

import static io.github.guardrails4j.testkit.TestHttp.CONTENT_SAFETY;
import static io.github.guardrails4j.testkit.TestHttp.JSON;
import static io.github.guardrails4j.testkit.TestHttp.chat;
import static io.github.guardrails4j.testkit.TestHttp.chatBody;
import static io.github.guardrails4j.testkit.TestHttp.chatOk;
import static io.github.guardrails4j.testkit.TestHttp.content;
import static io.github.guardrails4j.testkit.TestHttp.parse;
import static io.github.guardrails4j.testkit.TestHttp.renderOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.guardrails4j.testkit.internal.Tokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplicationModelTest {

    private static final String APP = NimSimulator.DEFAULT_APPLICATION_MODEL_ID;

    private static ObjectNode appBody(String... turns) {
        ObjectNode body = chatBody(APP, turns);
        body.remove("max_tokens");
        return body;
    }

    private static ObjectNode streamed(ObjectNode body) {
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        return body;
    }

    /** The data of each server-sent event; asserts the stream ends with [DONE]. */
    private static List<JsonNode> events(String raw) {
        assertTrue(raw.endsWith("data: [DONE]\n\n"), raw);
        List<JsonNode> events = new ArrayList<>();
        for (String event : raw.split("\n\n")) {
            assertTrue(event.startsWith("data: "), event);
            String data = event.substring("data: ".length());
            if (!data.equals("[DONE]")) {
                events.add(parse(data));
            }
        }
        return events;
    }

    private static String deltaText(List<JsonNode> events) {
        StringBuilder text = new StringBuilder();
        for (JsonNode e : events) {
            JsonNode content = e.path("choices").path(0).path("delta").path("content");
            if (content.isTextual()) {
                text.append(content.asText());
            }
        }
        return text.toString();
    }

    @Test
    void anyModelIdThatIsNotAGuardAnswersWithTheHarmlessDefaultInOpenAiShape() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            JsonNode completion = chatOk(sim.baseUrl(), appBody("user", "How do I brew green tea?"));

            assertEquals("chat.completion", completion.get("object").asText());
            assertEquals(APP, completion.get("model").asText());
            JsonNode choice = completion.get("choices").get(0);
            assertEquals("assistant", choice.get("message").get("role").asText());
            assertEquals(ApplicationReply.DEFAULT_TEXT, content(completion));
            assertEquals("stop", choice.get("finish_reason").asText());
            int tokens = Tokenizer.instance().encode(ApplicationReply.DEFAULT_TEXT).length;
            assertEquals(
                    tokens, completion.get("usage").get("completion_tokens").asInt());

            JsonNode other = chatOk(sim.baseUrl(), chatBody("gpt-4o-mini", "user", "hi"));
            assertEquals(ApplicationReply.DEFAULT_TEXT, content(other));
            assertEquals("gpt-4o-mini", other.get("model").asText());
        }
    }

    @Test
    void aWellKnownGuardModelLeftOutOfModelsIsStill404() {
        try (NimSimulator sim = NimSimulator.builder().models(CONTENT_SAFETY).start()) {
            HttpResponse<String> response = chat(sim.baseUrl(), chatBody("meta-llama/llama-guard-3-8b", "user", "hi"));
            assertEquals(404, response.statusCode());
            JsonNode error = parse(response.body());
            assertEquals("error", error.get("object").asText());
            assertEquals(
                    "The model `meta-llama/llama-guard-3-8b` does not exist.",
                    error.get("message").asText());
            assertEquals("NotFoundError", error.get("type").asText());
            assertEquals(404, error.get("code").asInt());
            assertEquals(List.of(), sim.applicationCalls());
        }
    }

    @Test
    void applicationCallsAreInTheRequestLogAndTheCallLog() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            chatOk(sim.baseUrl(), appBody("system", "Be brief.", "user", "hello"));

            List<RecordedRequest> requests = sim.recordedRequests();
            assertEquals(1, requests.size());
            assertEquals("/v1/chat/completions", requests.get(0).path());
            assertEquals(Optional.of(APP), requests.get(0).model());
            // an answer is logged when it ended on the server, which can be just after the client read it
            List<ApplicationCall> calls = sim.awaitApplicationCalls(1, Duration.ofSeconds(5));
            assertEquals(1, calls.size());
            ApplicationCall call = calls.get(0);
            assertEquals(requests.get(0).sequence(), call.sequence());
            assertEquals(APP, call.model());
            assertEquals(
                    List.of(new ApplicationMessage("system", "Be brief."), new ApplicationMessage("user", "hello")),
                    call.conversation());
            assertEquals(false, call.stream());
            assertEquals(ApplicationCall.Outcome.COMPLETED, call.outcome());
            assertEquals(call.reply().tokens().size(), call.tokensSent());

            sim.clearRecordedRequests();
            assertEquals(List.of(), sim.applicationCalls());
        }
    }

    @Test
    void streamedAnswerIsOneEventPerTokenWithRoleFirstThenStopUsageAndDone() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            HttpResponse<String> response = chat(sim.baseUrl(), streamed(appBody("user", "tea?")));

            assertEquals(200, response.statusCode());
            assertEquals(
                    "text/event-stream",
                    response.headers().firstValue("Content-Type").orElse(""));
            List<JsonNode> events = events(response.body());
            int tokens = ApplicationReply.harmless().tokens().size();
            assertEquals(tokens + 2, events.size()); // tokens, finish chunk, usage chunk
            assertEquals(
                    "assistant",
                    events.get(0).get("choices").get(0).get("delta").get("role").asText());
            assertEquals(ApplicationReply.DEFAULT_TEXT, deltaText(events));
            events.subList(0, tokens)
                    .forEach(e -> assertEquals(
                            "chat.completion.chunk", e.get("object").asText()));
            assertEquals(
                    "stop",
                    events.get(tokens)
                            .get("choices")
                            .get(0)
                            .get("finish_reason")
                            .asText());
            assertEquals(
                    tokens,
                    events.get(tokens + 1).get("usage").get("completion_tokens").asInt());
            assertEquals(
                    ApplicationCall.Outcome.COMPLETED,
                    sim.awaitApplicationCalls(1, Duration.ofSeconds(5)).get(0).outcome());
            assertEquals(tokens, sim.applicationCalls().get(0).tokensSent());
        }
    }

    @Test
    void scriptedRepliesComeInOrderAndARequestBeyondTheScriptIs500() {
        try (NimSimulator sim = NimSimulator.builder()
                .applicationModel(ApplicationModel.scripted(ApplicationReply.unsafe(), ApplicationReply.text("two")))
                .start()) {
            assertEquals(ApplicationReply.UNSAFE_TEXT, content(chatOk(sim.baseUrl(), appBody("user", "1"))));
            assertEquals("two", content(chatOk(sim.baseUrl(), appBody("user", "2"))));

            HttpResponse<String> third = chat(sim.baseUrl(), appBody("user", "3"));
            assertEquals(500, third.statusCode());
            assertTrue(
                    parse(third.body())
                            .get("message")
                            .asText()
                            .contains("The scripted application model has 2 replies and all were given; request 3"),
                    third.body());
        }
    }

    @Test
    void unsafeReplyIsFlaggedByTheContentSafetyModelOfTheSameSimulator() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            JsonNode verdict = chatOk(
                    sim.baseUrl(),
                    chatBody(
                            CONTENT_SAFETY, "user", renderOutput("How do I get a car?", ApplicationReply.UNSAFE_TEXT)));
            assertEquals(
                    "{\"User Safety\": \"safe\", \"Response Safety\": \"unsafe\", \"Safety Categories\": "
                            + "\"Violence, Criminal Planning/Confessions\"}",
                    content(verdict));
        }
    }

    @Test
    void modelIsAFunctionOfTheConversationAndCanBeChangedPerTest() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            sim.applicationModel(conversation -> ApplicationReply.text(conversation.size() + " messages, last: "
                    + conversation.get(conversation.size() - 1).content()));
            ObjectNode body = appBody("user", "a", "assistant", "b");
            body.withArray("messages")
                    .addObject()
                    .put("role", "user")
                    .putArray("content")
                    .add(JSON.createObjectNode().put("type", "text").put("text", "look at "))
                    .add(JSON.createObjectNode()
                            .put("type", "image_url")
                            .set("image_url", JSON.createObjectNode().put("url", "data:image/png;base64,AA==")))
                    .add(JSON.createObjectNode().put("type", "text").put("text", "this"));

            assertEquals("3 messages, last: look at this", content(chatOk(sim.baseUrl(), body)));

            sim.applicationModel(ApplicationModel.harmless());
            assertEquals(ApplicationReply.DEFAULT_TEXT, content(chatOk(sim.baseUrl(), appBody("user", "x"))));
        }
    }

    @Test
    void toolCallOnlyAnswerPlainAndStreamed() {
        ApplicationToolCall call = new ApplicationToolCall("call_1", "currentTime", "{\"zone\":\"UTC\"}");
        try (NimSimulator sim = NimSimulator.builder()
                .applicationModel(ApplicationModel.fixed(ApplicationReply.toolCallsOnly(call)))
                .start()) {
            JsonNode completion = chatOk(sim.baseUrl(), appBody("user", "What time is it?"));
            JsonNode choice = completion.get("choices").get(0);
            assertEquals("tool_calls", choice.get("finish_reason").asText());
            assertTrue(choice.get("message").get("content").isNull());
            assertEquals(
                    parse("[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"currentTime\","
                            + "\"arguments\":\"{\\\"zone\\\":\\\"UTC\\\"}\"}}]"),
                    choice.get("message").get("tool_calls"));
            assertEquals(1, completion.get("usage").get("completion_tokens").asInt());

            List<JsonNode> events = events(chat(sim.baseUrl(), streamed(appBody("user", "What time is it?")))
                    .body());
            assertEquals(4, events.size()); // tool call head, arguments, finish, usage
            JsonNode head = events.get(0).get("choices").get(0).get("delta");
            assertEquals("assistant", head.get("role").asText());
            assertTrue(head.get("content").isNull());
            assertEquals(
                    parse("[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":"
                            + "\"currentTime\",\"arguments\":\"\"}}]"),
                    head.get("tool_calls"));
            assertEquals(
                    "{\"zone\":\"UTC\"}",
                    events.get(1)
                            .get("choices")
                            .get(0)
                            .get("delta")
                            .get("tool_calls")
                            .get(0)
                            .get("function")
                            .get("arguments")
                            .asText());
            assertEquals(
                    "tool_calls",
                    events.get(2).get("choices").get(0).get("finish_reason").asText());
        }
    }

    @Test
    void harmlessTokensAtRateStreamsExactlyThatManyTokensNoFasterThanTheRate() {
        try (NimSimulator sim = NimSimulator.builder()
                .applicationModel(ApplicationModel.fixed(
                        ApplicationReply.harmlessTokens(20).atRate(200)))
                .start()) {
            long start = System.nanoTime();
            List<JsonNode> events =
                    events(chat(sim.baseUrl(), streamed(appBody("user", "go"))).body());
            long elapsed = System.nanoTime() - start;

            assertEquals(22, events.size());
            assertEquals(ApplicationReply.harmlessTokens(20).text(), deltaText(events));
            // Token i is sent i / 200 s after the first; the finish chunk 20 / 200 s after it.
            assertTrue(elapsed >= Duration.ofMillis(100).toNanos(), "elapsed " + elapsed);
        }
    }

    @Test
    void maxTokensTruncatesTheAnswerWithFinishReasonLength() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            ObjectNode body = appBody("user", "x");
            body.put("max_tokens", 3);
            JsonNode completion = chatOk(sim.baseUrl(), body);
            assertEquals("Green tea is", content(completion));
            assertEquals(
                    "length",
                    completion.get("choices").get(0).get("finish_reason").asText());
        }
    }

    @Test
    void streamedLengthStopPutsFinishReasonOnTheLastTokenAsVllmDoes() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            ObjectNode body = streamed(appBody("user", "x"));
            body.put("max_tokens", 3);
            List<JsonNode> events = events(chat(sim.baseUrl(), body).body());

            assertEquals(4, events.size()); // three tokens, the last with finish_reason; the usage chunk
            assertEquals("Green tea is", deltaText(events));
            JsonNode last = events.get(2).get("choices").get(0);
            assertEquals(" is", last.get("delta").get("content").asText());
            assertEquals("length", last.get("finish_reason").asText());
            assertTrue(events.get(1).get("choices").get(0).get("finish_reason").isNull());
            assertEquals(3, events.get(3).get("usage").get("completion_tokens").asInt());
        }
    }

    @Test
    void streamedEndOfSequenceStopIsAnEmptyFinishChunkOneDecodeStepAfterTheLastToken() {
        try (NimSimulator sim = NimSimulator.builder()
                .applicationModel(ApplicationModel.fixed(
                        ApplicationReply.harmlessTokens(2).atRate(10)))
                .start()) {
            long start = System.nanoTime();
            List<JsonNode> events =
                    events(chat(sim.baseUrl(), streamed(appBody("user", "go"))).body());
            long elapsed = System.nanoTime() - start;

            assertEquals(4, events.size()); // two tokens, the finish chunk, the usage chunk
            JsonNode finish = events.get(2).get("choices").get(0);
            assertEquals("stop", finish.get("finish_reason").asText());
            assertTrue(finish.get("delta").path("content").asText("").isEmpty(), finish.toString());
            // token 0 at once, token 1 after 100 ms, the EOS step after 200 ms
            assertTrue(elapsed >= Duration.ofMillis(200).toNanos(), "elapsed " + elapsed);
        }
    }

    @Test
    void aStreamClosedByTheClientIsRecordedWithTheTokensSentAndWhenItEnded() throws Exception {
        try (NimSimulator sim = NimSimulator.builder()
                .applicationModel(ApplicationModel.fixed(
                        ApplicationReply.harmlessTokens(400).atRate(50)))
                .start()) {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v1/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            streamed(appBody("user", "go")).toString()))
                    .build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long closedAt;
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                int events = 0;
                while (events < 5) {
                    String line = reader.readLine();
                    if (line != null && line.startsWith("data: ")) {
                        events++;
                    }
                }
                closedAt = System.nanoTime();
            }

            ApplicationCall call =
                    sim.awaitApplicationCalls(1, Duration.ofSeconds(5)).get(0);
            assertEquals(ApplicationCall.Outcome.CLIENT_CLOSED, call.outcome());
            assertTrue(call.stream());
            assertTrue(call.tokensSent() >= 5 && call.tokensSent() < 20, "sent " + call.tokensSent());
            long noticedAfter = call.endNanoTime() - closedAt;
            assertTrue(noticedAfter < Duration.ofMillis(100).toNanos(), "noticed after " + noticedAfter + " ns");
        }
    }

    @Test
    void invalidRepliesAreRejectedWithTheRule() {
        assertThrows(IllegalArgumentException.class, () -> ApplicationReply.harmlessTokens(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> ApplicationReply.harmless().atRate(0));
        assertThrows(IllegalArgumentException.class, () -> ApplicationReply.toolCallsOnly());
        assertThrows(IllegalArgumentException.class, () -> ApplicationModel.scripted());
        assertThrows(IllegalArgumentException.class, () -> new ApplicationToolCall("", "f", "{}"));
    }

    @Test
    void harmlessTokensAreExactlyTheCountAndSafe() throws IOException {
        ApplicationReply reply = ApplicationReply.harmlessTokens(400);
        assertEquals(400, reply.tokens().size());
        assertEquals(String.join("", reply.tokens()), reply.text());
        try (NimSimulator sim = NimSimulator.builder().start()) {
            JsonNode verdict =
                    chatOk(sim.baseUrl(), chatBody(CONTENT_SAFETY, "user", renderOutput("tea?", reply.text())));
            assertEquals("{\"User Safety\": \"safe\", \"Response Safety\": \"safe\"}", content(verdict));
        }
    }
}
