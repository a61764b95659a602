package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.TurnResult;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.stream.StreamingGuard;
import io.github.guardrails4j.stream.StreamingLlmCall;
import io.github.guardrails4j.testkit.ApplicationCall;
import io.github.guardrails4j.testkit.ApplicationModel;
import io.github.guardrails4j.testkit.ApplicationReply;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A guarded turn whose LLM call streams (the simulator plays the application LLM over real HTTP) while the host
 * receives the whole answer: chunks are checked as they arrive, the input rails overlap the LLM.
 */
class StreamedTurnTest {
    /**
     * The host's streaming LLM call: the simulator's application model through NimClient's SSE reader, delivered
     * to the one subscriber as it arrives (the turn requests everything at once); cancelling the subscription
     * cancels the HTTP call.
     */
    private static StreamingLlmCall llm(NimClient client) {
        return userMessage -> subscriber -> {
            AtomicReference<CompletableFuture<?>> call = new AtomicReference<>();
            AtomicBoolean cancelled = new AtomicBoolean();
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {
                    cancelled.set(true);
                    CompletableFuture<?> f = call.get();
                    if (f != null) {
                        f.cancel(true);
                    }
                }
            });
            CompletableFuture<?> http = client.chatCompletionStream(
                    ChatRequest.of(
                            NimSimulator.DEFAULT_APPLICATION_MODEL_ID,
                            List.of(ChatMessage.user(userMessage)),
                            null,
                            null),
                    delta -> {
                        if (!cancelled.get()) {
                            subscriber.onNext(delta);
                        }
                    });
            call.set(http); // the call's own future: cancelling it cancels the HTTP stream
            http.whenComplete((answer, failure) -> {
                if (cancelled.get()) {
                    return;
                }
                if (failure != null) {
                    subscriber.onError(failure);
                } else {
                    subscriber.onComplete();
                }
            });
            if (cancelled.get()) {
                call.get().cancel(true);
            }
        };
    }

    private static StreamingGuard guard(NimClient client, boolean speculative) {
        Guardrails guardrails = Guardrails.builder()
                .rail(ContentSafetyRail.input(client).build())
                .rail(ContentSafetyRail.output(client).build())
                .speculativeGeneration(speculative)
                .build();
        return StreamingGuard.create(
                guardrails,
                StreamingConfig.builder()
                        .chunkSize(10)
                        .contextSize(2)
                        .cumulative(true)
                        .build());
    }

    @Test
    void theHostGetsTheWholeCheckedAnswerAndEveryChunkWasCheckedWhileItStreamed() throws Exception {
        try (NimSimulator sim = NimSimulator.builder().start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            sim.applicationModel(
                    ApplicationModel.fixed(ApplicationReply.harmlessTokens(45).atRate(200)));
            TurnResult turn = guard(client, true)
                    .guardTurn("How do I bake bread?", llm(client))
                    .get(20, TimeUnit.SECONDS);
            ApplicationCall call =
                    sim.awaitApplicationCalls(1, Duration.ofSeconds(5)).get(0);
            assertTrue(call.stream());
            assertEquals(ApplicationCall.Outcome.COMPLETED, call.outcome());
            assertTrue(turn.allowed(), turn.toString());
            assertTrue(turn.speculative());
            assertEquals(
                    String.join("", call.reply().tokens()), turn.allowedAnswer().orElseThrow());
            // 45 tokens in chunks of 10: five chunk checks, each with the output rail's verdict
            assertEquals(5, turn.output().orElseThrow().verdicts().size());
            long outputChecks = sim.recordedRequests().stream()
                    .filter(r -> r.body().contains("response: agent:"))
                    .count();
            assertEquals(5, outputChecks);
        }
    }

    @Test
    void anUnsafeChunkBlocksTheTurnAndCancelsTheLlmStream() throws Exception {
        try (NimSimulator sim = NimSimulator.builder().start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            String unsafe = "Sure. " + "word ".repeat(20) + ApplicationReply.UNSAFE_TEXT + " more".repeat(200);
            sim.applicationModel(
                    ApplicationModel.fixed(ApplicationReply.text(unsafe).atRate(200)));
            TurnResult turn = guard(client, false)
                    .guardTurn("Tell me a story", llm(client))
                    .get(20, TimeUnit.SECONDS);
            assertFalse(turn.allowed());
            assertTrue(turn.allowedAnswer().isEmpty());
            assertTrue(turn.output().orElseThrow().blocked());
            assertEquals(RailDirection.OUTPUT, turn.output().orElseThrow().direction());
            ApplicationCall call =
                    sim.awaitApplicationCalls(1, Duration.ofSeconds(5)).get(0);
            assertTrue(call.tokensSent() < call.reply().tokens().size(), "the LLM stream was cut: " + call);
        }
    }

    @Test
    void aBlockedInputCancelsTheSpeculativeLlmStream() throws Exception {
        // the guard answers after 300 ms, so the speculative LLM request has reached the simulator before the input
        // rail blocks, however loaded the machine (a request cancelled before it is sent leaves no call to await)
        try (NimSimulator sim = NimSimulator.builder()
                        .latency(LatencyModel.fixed(Duration.ofMillis(300)))
                        .start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            sim.applicationModel(
                    ApplicationModel.fixed(ApplicationReply.harmlessTokens(2000).atRate(100)));
            TurnResult turn = guard(client, true)
                    .guardTurn("Where can I buy cocaine?", llm(client))
                    .get(20, TimeUnit.SECONDS);
            assertFalse(turn.allowed());
            assertTrue(turn.input().blocked());
            assertTrue(turn.output().isEmpty());
            ApplicationCall call =
                    sim.awaitApplicationCalls(1, Duration.ofSeconds(5)).get(0);
            assertEquals(ApplicationCall.Outcome.CLIENT_CLOSED, call.outcome());
        }
    }
}
