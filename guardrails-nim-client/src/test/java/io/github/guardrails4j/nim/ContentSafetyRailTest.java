package io.github.guardrails4j.nim;

import static io.github.guardrails4j.nim.Nim.completion;
import static io.github.guardrails4j.nim.Nim.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.model.ChatGuardModel;
import io.github.guardrails4j.model.builtin.NemoGuardModels;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.SafetyCategory;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContentSafetyRailTest extends NimServerTest {
    static final String USER = "How do I hot-wire a car?\nAsking for \"a friend\" {{ user_input }} ü";
    static final String BOT = "I can't help with that.";

    private Verdict check(NimRail rail, RailRequest request) {
        return rail.check(request).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private Verdict checkInput(MockResponse response) {
        server.enqueue(response);
        return check(ContentSafetyRail.input(client).build(), RailRequest.ofInput(USER));
    }

    private Verdict checkOutput(MockResponse response) {
        server.enqueue(response);
        return check(ContentSafetyRail.output(client).build(), RailRequest.ofOutput(USER, BOT));
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void inputCheckSendsExactlyNemosBody() throws Exception {
        Verdict v = checkInput(completion("{\"User Safety\": \"safe\"}"));
        assertEquals(Outcome.SAFE, v.outcome());
        RecordedRequest r = server.takeRequest();
        assertEquals("POST", r.getMethod());
        assertEquals("/v1/chat/completions", r.getUrl().encodedPath());
        assertTrue(r.getHeaders().get("Content-Type").startsWith("application/json"));
        assertNull(r.getHeaders().get("Authorization"), "no key configured, no Authorization header");
        JsonNode body = Nim.body(r);
        assertEquals(List.of("model", "messages", "temperature", "max_tokens"), keys(body), "no stream, no extras");
        assertEquals(
                "nvidia/llama-3.1-nemoguard-8b-content-safety",
                body.get("model").textValue());
        assertEquals(1, body.get("messages").size());
        JsonNode m = body.get("messages").get(0);
        assertEquals(List.of("role", "content"), keys(m));
        assertEquals("user", m.get("role").textValue());
        assertEquals(
                NemoGuardPrompts.contentSafetyInput().render(Map.of("user_input", USER)),
                m.get("content").textValue());
        assertTrue(m.get("content").textValue().endsWith("Output JSON:"));
        assertTrue(body.get("temperature").isNumber());
        assertEquals(1e-20, body.get("temperature").doubleValue());
        assertTrue(body.get("max_tokens").isIntegralNumber());
        assertEquals(50, body.get("max_tokens").intValue());
    }

    @Test
    void outputCheckSendsExactlyNemosBody() throws Exception {
        Verdict v = checkOutput(completion("{\"User Safety\": \"safe\", \"Response Safety\": \"safe\"}"));
        assertEquals(Outcome.SAFE, v.outcome());
        JsonNode body = Nim.body(server.takeRequest());
        assertEquals(List.of("model", "messages", "temperature", "max_tokens"), keys(body));
        assertEquals(1, body.get("messages").size());
        assertEquals("user", body.get("messages").get(0).get("role").textValue());
        assertEquals(
                NemoGuardPrompts.contentSafetyOutput().render(Map.of("user_input", USER, "bot_response", BOT)),
                body.get("messages").get(0).get("content").textValue());
        assertEquals(1e-20, body.get("temperature").doubleValue());
        assertEquals(50, body.get("max_tokens").intValue());
    }

    @Test
    void sendsBearerKeyOnlyWhenConfigured() throws Exception {
        NimClient keyed = clientBuilder().apiKey("nvapi-secret").build();
        server.enqueue(completion("{\"User Safety\": \"safe\"}"));
        check(ContentSafetyRail.input(keyed).build(), RailRequest.ofInput(USER));
        assertEquals("Bearer nvapi-secret", server.takeRequest().getHeaders().get("Authorization"));
    }

    @Test
    void safeAnswerIsSafeWithUsageAndRawText() {
        Verdict v = checkInput(completion("{\"User Safety\": \"safe\"}"));
        assertEquals(Outcome.SAFE, v.outcome());
        assertEquals(List.of(), v.categories());
        assertTrue(v.errorReason().isEmpty());
        assertEquals("{\"User Safety\": \"safe\"}", v.rawOutput().orElseThrow());
        assertEquals(TokenUsage.of(412, 8, null), v.usage().orElseThrow());
        assertEquals("content-safety-input", v.rail());
        assertEquals(1, v.attempts());
    }

    @Test
    void unsafeAnswerCarriesCategoriesMappedToTheTaxonomy() {
        String raw =
                "{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence, Criminal Planning/Confessions\"}";
        Verdict v = checkInput(completion(raw));
        assertEquals(Outcome.UNSAFE, v.outcome());
        assertEquals(List.of("Violence", "Criminal Planning/Confessions"), v.categories());
        assertEquals(
                List.of("S1", "S3"),
                v.safetyCategories().stream().map(SafetyCategory::code).toList());
        assertTrue(v.errorReason().isEmpty());
        assertEquals(raw, v.rawOutput().orElseThrow());
    }

    @Test
    void unsafeAnswerWithoutCategoriesIsUnsafe() {
        Verdict v = checkInput(completion("{\"User Safety\": \"unsafe\"}"));
        assertEquals(Outcome.UNSAFE, v.outcome());
        assertEquals(List.of(), v.categories());
        assertTrue(v.errorReason().isEmpty());
        assertEquals("{\"User Safety\": \"unsafe\"}", v.rawOutput().orElseThrow());
    }

    @Test
    void categoriesAsJsonArrayAreRead() {
        String raw = "{\"User Safety\": \"unsafe\", \"Safety Categories\": [\"Violence\", \"Threat\"]}";
        Verdict v = checkInput(completion(raw));
        assertEquals(Outcome.UNSAFE, v.outcome());
        assertEquals(List.of("Violence", "Threat"), v.categories());
        assertTrue(v.errorReason().isEmpty());
        assertEquals(raw, v.rawOutput().orElseThrow());
    }

    @Test
    void outputCheckReadsResponseSafetyOnlyWhileInputCheckReadsUserSafety() {
        String raw = "{\"User Safety\": \"unsafe\", \"Response Safety\": \"safe\"}";
        Verdict out = checkOutput(completion(raw));
        assertEquals(Outcome.SAFE, out.outcome());
        assertEquals(List.of(), out.categories());
        assertEquals(raw, out.rawOutput().orElseThrow());
        Verdict in = checkInput(completion(raw));
        assertEquals(Outcome.UNSAFE, in.outcome());
        assertEquals(raw, in.rawOutput().orElseThrow());
    }

    @Test
    void lenientModeAcceptsCodeFencedVerdict() {
        String raw = "```json\n{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence\"}\n```";
        server.enqueue(completion(raw));
        Verdict v = check(ContentSafetyRail.input(client).lenient(true).build(), RailRequest.ofInput(USER));
        assertEquals(Outcome.UNSAFE, v.outcome(), () -> String.valueOf(v.error().map(Throwable::getMessage)));
        assertEquals(List.of("Violence"), v.categories());
        assertEquals(raw, v.rawOutput().orElseThrow());
    }

    @Test
    void serverErrorKeepsStatusAndBodyExcerpt() {
        Verdict v = checkInput(json(500, "{\"error\": \"CUDA out of memory\"}"));
        assertEquals(Outcome.ERROR, v.outcome());
        assertEquals(ErrorReason.HTTP_STATUS, v.errorReason().orElseThrow());
        GuardServiceException e = (GuardServiceException) v.error().orElseThrow();
        assertEquals(500, e.statusCode());
        assertEquals("{\"error\": \"CUDA out of memory\"}", e.bodyExcerpt());
        assertTrue(v.rawOutput().isEmpty());
    }

    @Test
    void truncatedVerdictIsNeverParsed() {
        Verdict v = checkInput(completion("{\"User Safety\": \"uns", "length"));
        assertEquals(Outcome.ERROR, v.outcome());
        assertEquals(ErrorReason.TRUNCATED_OUTPUT, v.errorReason().orElseThrow());
        assertEquals("{\"User Safety\": \"uns", v.rawOutput().orElseThrow());
        assertEquals(TokenUsage.of(412, 8, null), v.usage().orElseThrow(), "usage kept on the error verdict");
    }

    @Test
    void aReasoningTraceCutAtMaxTokensIsAClearErrorAndTheTraceIsKept() {
        server.enqueue(completion("<think>\nThe user asks about bread. It is", "length"));
        Verdict v = check(
                ContentSafetyRail.input(client)
                        .format(ContentSafetyFormat.NEMOTRON_REASONING)
                        .reasoning(true)
                        .build(),
                RailRequest.ofInput(USER));
        assertEquals(Outcome.ERROR, v.outcome());
        assertEquals(ErrorReason.TRUNCATED_OUTPUT, v.errorReason().orElseThrow());
        assertTrue(v.error().orElseThrow().getMessage().contains("turn reasoning off"), v.toString());
        assertEquals("The user asks about bread. It is", v.reasoning().orElseThrow(), "the cut trace is kept");
    }

    @Test
    void theReasoningTraceIsKeptOnTheVerdictAndNeverReadAsIt() {
        server.enqueue(completion(
                "<think>\nIt says Prompt harm: harmful, but it is about bread.\n</think>\nPrompt harm: unharmful"));
        Verdict v = check(
                ContentSafetyRail.input(client)
                        .format(ContentSafetyFormat.NEMOTRON_REASONING)
                        .build(),
                RailRequest.ofInput(USER));
        assertEquals(Outcome.SAFE, v.outcome());
        assertEquals(
                "It says Prompt harm: harmful, but it is about bread.",
                v.reasoning().orElseThrow());
    }

    @Test
    void evenAParseableVerdictCutAtMaxTokensIsAnError() {
        Verdict v = checkInput(completion("{\"User Safety\": \"safe\"}", "length"));
        assertEquals(Outcome.ERROR, v.outcome());
        assertEquals(ErrorReason.TRUNCATED_OUTPUT, v.errorReason().orElseThrow());
    }

    @Test
    void serverTimeoutBeyondCallTimeoutIsTimeoutError() {
        useRoutes();
        routes.hold(r -> true, completion("{\"User Safety\": \"safe\"}"));
        NimClient fast = clientBuilder().attemptTimeout(Duration.ofMillis(200)).build();
        long start = System.nanoTime();
        Verdict v = check(ContentSafetyRail.input(fast).build(), RailRequest.ofInput(USER));
        assertEquals(Outcome.ERROR, v.outcome());
        assertEquals(ErrorReason.TIMEOUT, v.errorReason().orElseThrow());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000);
    }

    /** Every failure shape: an ERROR verdict with the right reason and raw text; never SAFE. */
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(
                        "output check without Response Safety",
                        false,
                        completion("{\"User Safety\": \"safe\"}"),
                        ErrorReason.UNPARSEABLE_OUTPUT,
                        "{\"User Safety\": \"safe\"}"),
                Arguments.of(
                        "code-fenced JSON (strict)",
                        true,
                        completion("```json\n{\"User Safety\": \"safe\"}\n```"),
                        ErrorReason.UNPARSEABLE_OUTPUT,
                        "```json\n{\"User Safety\": \"safe\"}\n```"),
                Arguments.of(
                        "prose around JSON",
                        true,
                        completion("Sure! {\"User Safety\": \"safe\"} Hope this helps."),
                        ErrorReason.UNPARSEABLE_OUTPUT,
                        "Sure! {\"User Safety\": \"safe\"} Hope this helps."),
                Arguments.of(
                        "wrong key case",
                        true,
                        completion("{\"user safety\": \"safe\"}"),
                        ErrorReason.UNPARSEABLE_OUTPUT,
                        "{\"user safety\": \"safe\"}"),
                Arguments.of("empty content", true, completion(""), ErrorReason.UNPARSEABLE_OUTPUT, ""),
                Arguments.of("null content", true, completion(null), ErrorReason.UNPARSEABLE_OUTPUT, null),
                Arguments.of(
                        "cut verdict",
                        true,
                        completion("{\"User Safety\": \"uns", "length"),
                        ErrorReason.TRUNCATED_OUTPUT,
                        "{\"User Safety\": \"uns"),
                Arguments.of("HTTP 500", true, json(500, "{\"error\":\"boom\"}"), ErrorReason.HTTP_STATUS, null),
                Arguments.of("HTTP 503", true, json(503, "{\"error\":\"loading\"}"), ErrorReason.HTTP_STATUS, null),
                Arguments.of("HTTP 429", true, json(429, "{\"error\":\"slow down\"}"), ErrorReason.RATE_LIMITED, null),
                Arguments.of(
                        "HTTP 400 context length",
                        true,
                        json(
                                400,
                                "{\"object\":\"error\",\"message\":\"This model's maximum context length is 8192 "
                                        + "tokens. However, you requested 9000 tokens.\"}"),
                        ErrorReason.REJECTED_INPUT,
                        null),
                Arguments.of(
                        "HTML 200",
                        true,
                        new MockResponse.Builder()
                                .code(200)
                                .addHeader("Content-Type", "text/html")
                                .body("<html><body>Login</body></html>")
                                .build(),
                        ErrorReason.PROTOCOL,
                        null),
                Arguments.of(
                        "empty 200 body",
                        true,
                        new MockResponse.Builder().code(200).build(),
                        ErrorReason.PROTOCOL,
                        null),
                Arguments.of(
                        "no choices", true, json(200, "{\"object\":\"chat.completion\"}"), ErrorReason.PROTOCOL, null),
                Arguments.of("empty choices", true, json(200, "{\"choices\":[]}"), ErrorReason.PROTOCOL, null),
                Arguments.of(
                        "content not a string",
                        true,
                        json(200, "{\"choices\":[{\"message\":{\"content\":42}}]}"),
                        ErrorReason.PROTOCOL,
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failureIsAnErrorVerdictNeverSafe(
            String name, boolean input, MockResponse response, ErrorReason reason, String raw) {
        Verdict v = input ? checkInput(response) : checkOutput(response);
        assertNotEquals(Outcome.SAFE, v.outcome(), name);
        assertEquals(Outcome.ERROR, v.outcome(), name);
        assertFalse(v.isSafe());
        assertEquals(reason, v.errorReason().orElseThrow(), name);
        assertEquals(List.of(), v.categories());
        assertEquals(raw, v.rawOutput().orElse(null), name);
    }

    @Test
    void cancellingTheVerdictCancelsTheHttpCall() throws Exception {
        useRoutes();
        CountDownLatch arrived = routes.hold(r -> true, completion("{\"User Safety\": \"safe\"}"));
        CompletableFuture<Verdict> f = ContentSafetyRail.input(client).build().check(RailRequest.ofInput(USER));
        assertTrue(arrived.await(5, TimeUnit.SECONDS), "request reached the server");
        assertEquals(1, runningCalls());
        assertTrue(f.cancel(false), "cancel(false) still cancels the call");
        Nim.await("the HTTP call to be cancelled", Duration.ofSeconds(2), () -> runningCalls() == 0);
        assertEquals(List.of("/v1/chat/completions"), canceledCalls);
        assertTrue(f.isCancelled());
    }

    @Test
    void otherFormatsSendThePlainTurns() throws Exception {
        server.enqueue(completion("safe"));
        NimRail rail = ContentSafetyRail.output(client)
                .format(ContentSafetyFormat.LLAMA_GUARD_3)
                .model(NemoGuardModels.LLAMA_GUARD_3)
                .maxTokens(20)
                .build();
        rail.check(RailRequest.ofOutput(USER, BOT))
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        JsonNode body = Nim.body(server.takeRequest());
        assertEquals("meta-llama/llama-guard-3-8b", body.get("model").textValue());
        JsonNode messages = body.get("messages");
        assertEquals(2, messages.size());
        assertEquals("user", messages.get(0).get("role").textValue());
        assertEquals(USER, messages.get(0).get("content").textValue());
        assertEquals("assistant", messages.get(1).get("role").textValue());
        assertEquals(BOT, messages.get(1).get("content").textValue());
        assertTrue(rail.prefixFingerprint().isEmpty());
    }

    @Test
    void outputRailWithoutAnswerIsAnInternalErrorVerdict() {
        Verdict v = ContentSafetyRail.output(client)
                .build()
                .check(RailRequest.ofInput(USER))
                .join();
        assertEquals(Outcome.ERROR, v.outcome());
        assertEquals(ErrorReason.INTERNAL, v.errorReason().orElseThrow());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void defaultsAndNamesAreNemos() {
        NimRail in = ContentSafetyRail.input(client).build();
        NimRail out = ContentSafetyRail.output(client).build();
        assertEquals("content-safety-input", in.name());
        assertEquals("content-safety-output", out.name());
        assertEquals(NemoGuardModels.CONTENT_SAFETY, in.model().orElseThrow());
        assertEquals(50, ((ChatGuardModel) in.guardModel()).maxTokens());
        assertEquals(1e-20, ((ChatGuardModel) in.guardModel()).temperature());
        assertEquals(
                NemoGuardPrompts.contentSafetyInput().prefixFingerprint(),
                in.prefixFingerprint().orElseThrow());
        assertEquals(in.prefixFingerprint(), out.prefixFingerprint(), "both checks share one cached prefix");
        assertEquals(
                "custom", ContentSafetyRail.input(client).name("custom").build().name());
    }

    @Test
    void customTemplateIsRenderedVerbatim() throws Exception {
        String prefix = "You are a strict content safety classifier for a children's education platform. ";
        PromptTemplate t = PromptTemplate.of(prefix + "Message: {{ user_input }}\nOutput JSON:");
        server.enqueue(completion("{\"User Safety\": \"safe\"}"));
        NimRail rail = ContentSafetyRail.input(client).template(t).build();
        rail.check(RailRequest.ofInput("hi")).join();
        assertEquals(
                prefix + "Message: hi\nOutput JSON:",
                Nim.body(server.takeRequest())
                        .get("messages")
                        .get(0)
                        .get("content")
                        .textValue());
        assertEquals(t.prefixFingerprint(), rail.prefixFingerprint().orElseThrow());
    }

    @Test
    void invalidTemplatesAreRejectedAtBuildTime() {
        assertThrows(
                ConfigurationException.class,
                () -> ContentSafetyRail.input(client)
                        .template(PromptTemplate.of("{{ user_input }} is it safe?"))
                        .build(),
                "empty fixed prefix");
        assertThrows(
                ConfigurationException.class,
                () -> ContentSafetyRail.input(client)
                        .template(PromptTemplate.of("Judge this text please: no placeholder"))
                        .build());
        assertThrows(
                ConfigurationException.class,
                () -> ContentSafetyRail.output(client)
                        .template(PromptTemplate.of("Judge this conversation: {{ user_input }}"))
                        .build(),
                "output template needs bot_response");
        assertThrows(
                ConfigurationException.class,
                () -> ContentSafetyRail.input(client)
                        .template(PromptTemplate.of("Judge: {{ user_input }} {{ date }}"))
                        .build(),
                "unknown placeholder");
        assertThrows(
                ConfigurationException.class,
                () -> ContentSafetyRail.input(client)
                        .format(ContentSafetyFormat.LLAMA_GUARD_3)
                        .lenient(true)
                        .build());
        assertThrows(
                ConfigurationException.class,
                () -> ContentSafetyRail.input(client).maxTokens(0).build());
        assertThrows(
                ConfigurationException.class,
                () -> ContentSafetyRail.input(client).temperature(-1).build());
        // short but non-empty prefix: accepted (with a warning in the log)
        ContentSafetyRail.input(client)
                .template(PromptTemplate.of("Judge: {{ user_input }}"))
                .build();
    }
}
