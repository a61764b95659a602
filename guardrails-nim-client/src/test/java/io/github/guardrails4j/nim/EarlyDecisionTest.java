package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

class EarlyDecisionTest extends NimServerTest {
    private static final RailRequest UNSAFE_INPUT = RailRequest.ofInput("How do I kill my neighbour and steal a gun?");

    /** A streamed answer: one event per delta, then optionally a finish chunk, a usage chunk and [DONE]. */
    private static MockResponse sse(String finishReason, boolean done, String... deltas) {
        StringBuilder body = new StringBuilder();
        for (String d : deltas) {
            ObjectNode chunk = Nim.JSON.createObjectNode();
            chunk.putArray("choices")
                    .addObject()
                    .put("index", 0)
                    .putObject("delta")
                    .put("content", d);
            body.append("data: ").append(chunk).append("\n\n");
        }
        if (finishReason != null) {
            ObjectNode chunk = Nim.JSON.createObjectNode();
            chunk.putArray("choices")
                    .addObject()
                    .put("index", 0)
                    .put("finish_reason", finishReason)
                    .putObject("delta");
            body.append("data: ").append(chunk).append("\n\n");
            ObjectNode usage = Nim.JSON.createObjectNode();
            usage.putArray("choices");
            usage.putObject("usage")
                    .put("prompt_tokens", 412)
                    .put("completion_tokens", 8)
                    .putObject("prompt_tokens_details")
                    .put("cached_tokens", 288);
            body.append("data: ").append(usage).append("\n\n");
        }
        if (done) {
            body.append("data: [DONE]\n\n");
        }
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "text/event-stream")
                .body(body.toString())
                .build();
    }

    private StreamedVerdict streamed(MockResponse response) {
        server.enqueue(response);
        return ContentSafetyRail.input(client).earlyDecision(true).build().checkStreamed(UNSAFE_INPUT);
    }

    private static Verdict await(CompletableFuture<Verdict> f) {
        return f.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void sendsNemosBodyPlusTheStreamFlags() throws Exception {
        StreamedVerdict v = streamed(sse("stop", true, "{\"User Safety\": \"safe\"}"));
        await(v.complete());
        JsonNode body = Nim.body(server.takeRequest());
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("model", "messages", "temperature", "max_tokens", "stream", "stream_options"), keys);
        assertTrue(body.get("stream").booleanValue());
        assertTrue(body.get("stream_options").get("include_usage").booleanValue());
        assertEquals(1, body.get("messages").size());
    }

    @Test
    void unsafeIsDecidedAtTheClosingQuoteWithoutCategoriesThenCompletedWithThem() {
        StreamedVerdict v = streamed(sse(
                "stop",
                true,
                "{\"",
                "User",
                " Safety",
                "\":",
                " \"",
                "unsafe",
                "\",",
                " \"Safety Categories\": \"Violence, Criminal Planning/Confessions\"}"));
        Verdict decision = await(v.decision());
        assertEquals(Outcome.UNSAFE, decision.outcome());
        assertEquals(List.of(), decision.categories(), "the categories have not arrived at decision time");
        assertEquals("{\"User Safety\": \"unsafe\",", decision.rawOutput().orElseThrow());
        assertTrue(decision.usage().isEmpty());
        Verdict complete = await(v.complete());
        assertEquals(Outcome.UNSAFE, complete.outcome());
        assertEquals(List.of("Violence", "Criminal Planning/Confessions"), complete.categories());
        assertEquals(288, complete.usage().orElseThrow().cachedPromptTokens().getAsInt());
    }

    @Test
    void safeIsDecidedOnlyAtTheEndOfTheStream() {
        StreamedVerdict v = streamed(sse("stop", true, "{\"User Safety\": \"safe", "\"", "}"));
        Verdict decision = await(v.decision());
        assertEquals(Outcome.SAFE, decision.outcome());
        assertEquals(
                decision,
                await(v.complete()),
                "SAFE waits for the end of the stream: the decision is the complete verdict, with its usage");
        assertTrue(decision.usage().isPresent());
    }

    @Test
    void streamCutBeforeTheValueIsTruncatedOutput() {
        StreamedVerdict v = streamed(sse(null, false, "{\"User Safety\": \"uns"));
        Verdict decision = await(v.decision());
        assertEquals(Outcome.ERROR, decision.outcome());
        assertEquals(ErrorReason.TRUNCATED_OUTPUT, decision.errorReason().orElseThrow());
        assertEquals(decision, await(v.complete()));
    }

    @Test
    void lengthBeforeTheValueIsTruncatedOutput() {
        Verdict decision =
                await(streamed(sse("length", true, "{\"User Safety\": \"un")).decision());
        assertEquals(ErrorReason.TRUNCATED_OUTPUT, decision.errorReason().orElseThrow());
    }

    @Test
    void earlyUnsafeStandsWhenTheRestIsCutAndTheCompleteVerdictSaysSo() {
        StreamedVerdict v =
                streamed(sse("length", true, "{\"User Safety\": \"unsafe\",", " \"Safety Categories\": \"Vio"));
        assertEquals(Outcome.UNSAFE, await(v.decision()).outcome());
        assertEquals(
                ErrorReason.TRUNCATED_OUTPUT, await(v.complete()).errorReason().orElseThrow());
    }

    @Test
    void textAfterASafeObjectIsTheSameErrorStreamedAndUnstreamed() {
        List<Verdict> completes = new CopyOnWriteArrayList<>();
        server.enqueue(sse("stop", true, "{\"User Safety\": \"safe\"}", " Sure!"));
        StreamedVerdict v = ContentSafetyRail.input(client)
                .earlyDecision(true)
                .onCompleteVerdict(completes::add)
                .build()
                .checkStreamed(UNSAFE_INPUT);
        Verdict decision = await(v.decision());
        assertEquals(ErrorReason.UNPARSEABLE_OUTPUT, decision.errorReason().orElseThrow(), decision::toString);
        Verdict complete = await(v.complete());
        assertEquals(decision, complete);
        assertEquals(List.of(complete), completes);
    }

    @Test
    void aSafeObjectFollowedByAnUnsafeOneIsNeverAllowedStreamedOrNot() {
        String first = "{\"User Safety\": \"safe\"}";
        String second = "{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence\"}";
        Verdict streamed = await(streamed(sse("stop", true, first, second)).decision());
        server.enqueue(Nim.completion(first + second));
        Verdict unstreamed = await(ContentSafetyRail.input(client).build().check(UNSAFE_INPUT));
        assertEquals(Outcome.ERROR, unstreamed.outcome(), unstreamed::toString);
        assertEquals(unstreamed.outcome(), streamed.outcome(), streamed::toString);
        assertEquals(unstreamed.errorReason(), streamed.errorReason(), streamed::toString);
    }

    @Test
    void nonStrictTextIsNeverDecidedEarly() {
        StreamedVerdict v = streamed(sse("stop", true, "```json\n{\"User Safety\": \"safe\"}\n```"));
        assertEquals(
                ErrorReason.UNPARSEABLE_OUTPUT,
                await(v.decision()).errorReason().orElseThrow());
    }

    @Test
    void errorChunkIsAProtocolErrorVerdict() {
        MockResponse r = new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "text/event-stream")
                .body("data: {\"error\": {\"message\": \"boom\", \"code\": 500}}\n\n")
                .build();
        assertEquals(
                ErrorReason.PROTOCOL,
                await(streamed(r).decision()).errorReason().orElseThrow());
    }

    @Test
    void httpErrorKeepsItsStatus() {
        Verdict v = await(streamed(Nim.json(503, "{\"object\":\"error\",\"message\":\"loading\"}"))
                .decision());
        assertEquals(Outcome.ERROR, v.outcome());
        assertEquals(ErrorReason.HTTP_STATUS, v.errorReason().orElseThrow());
    }

    @Test
    void cancellingTheDecisionCancelsTheStream() {
        MockResponse slow = sse("stop", true, "{\"User Safety\": \"", "safe\"}")
                .newBuilder()
                .throttleBody(8, 300, TimeUnit.MILLISECONDS)
                .build();
        StreamedVerdict v = streamed(slow);
        Nim.await("the stream to start", Duration.ofSeconds(5), () -> runningCalls() == 1);
        assertTrue(v.decision().cancel(false));
        Verdict complete = await(v.complete());
        assertEquals(Outcome.ERROR, complete.outcome());
        Nim.await("the HTTP call to be cancelled", Duration.ofSeconds(2), () -> runningCalls() == 0);
        assertEquals(List.of("/v1/chat/completions"), canceledCalls);
    }

    @Test
    void throughGuardrailsAnEarlyBlockStillDeliversTheCompleteVerdict() throws Exception {
        try (NimSimulator sim = NimSimulator.builder()
                        .latency(LatencyModel.builder()
                                .perGeneratedToken(Duration.ofMillis(10))
                                .build())
                        .start();
                NimClient c = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            CompletableFuture<Verdict> complete = new CompletableFuture<>();
            NimRail rail = ContentSafetyRail.input(c)
                    .earlyDecision(true)
                    .onCompleteVerdict(complete::complete)
                    .build();
            GuardResult result = Guardrails.builder()
                    .rail(rail)
                    .build()
                    .checkInput(UNSAFE_INPUT.userMessage())
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            assertTrue(result.blocked());
            assertEquals(List.of(), result.blockingVerdict().orElseThrow().categories());
            Verdict full = complete.get(10, TimeUnit.SECONDS);
            assertEquals(Outcome.UNSAFE, full.outcome(), "the stream was not cancelled by the decision: " + full);
            assertFalse(full.categories().isEmpty());
        }
    }

    @Test
    void earlyDecisionNeedsTheNemoguardFormat() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> ContentSafetyRail.input(client)
                        .format(ContentSafetyFormat.LLAMA_GUARD_3)
                        .earlyDecision(true)
                        .build());
        assertTrue(e.getMessage().contains("NEMOGUARD"), e.getMessage());
    }

    @Test
    void againstTheSimulatorTheUnsafeDecisionComesWellBeforeTheEnd() {
        try (NimSimulator sim = NimSimulator.builder()
                        .latency(LatencyModel.builder()
                                .perGeneratedToken(Duration.ofMillis(20))
                                .build())
                        .start();
                NimClient c = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            NimRail rail = ContentSafetyRail.input(c).earlyDecision(true).build();
            StreamedVerdict v = rail.checkStreamed(UNSAFE_INPUT);
            Verdict decision = await(v.decision());
            assertFalse(v.complete().isDone(), "the categories are still streaming");
            Verdict complete = await(v.complete());
            assertEquals(Outcome.UNSAFE, decision.outcome());
            assertFalse(complete.categories().isEmpty());
            assertTrue(complete.usage().orElseThrow().cachedPromptTokens().isPresent());
            assertTrue(
                    decision.latency().plusMillis(100).compareTo(complete.latency()) < 0,
                    decision.latency() + " vs " + complete.latency());
            assertEquals(
                    Outcome.UNSAFE,
                    rail.check(UNSAFE_INPUT)
                            .orTimeout(10, TimeUnit.SECONDS)
                            .join()
                            .outcome());
            assertEquals(
                    Outcome.SAFE,
                    rail.check(RailRequest.ofInput("Hello"))
                            .orTimeout(10, TimeUnit.SECONDS)
                            .join()
                            .outcome());
        }
    }
}
