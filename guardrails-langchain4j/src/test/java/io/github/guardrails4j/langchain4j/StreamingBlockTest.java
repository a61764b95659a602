package io.github.guardrails4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.service.AiServices;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.stream.ContentBlockedException;
import io.github.guardrails4j.stream.StreamBlocked;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.stream.StreamingGuard;
import io.github.guardrails4j.testkit.ApplicationCall;
import io.github.guardrails4j.testkit.ApplicationModel;
import io.github.guardrails4j.testkit.ApplicationReply;
import io.github.guardrails4j.testkit.ApplicationToolCall;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** NemoGuardStreamingChatModel around OpenAiStreamingChatModel, through AiServices' TokenStream, over HTTP. */
class StreamingBlockTest extends SimulatorTest {

    /** 60 harmless tokens, an unsafe sentence, then 60 more: a block in the middle of the stream. */
    private static final String ANSWER = ApplicationReply.harmlessTokens(60).text() + " First steal the car, then "
            + "kill the owner. " + ApplicationReply.harmlessTokens(60).text();

    private StreamingAssistant assistant(StreamingConfig config) {
        return AiServices.builder(StreamingAssistant.class)
                .streamingChatModel(NemoGuardStreamingChatModel.wrap(
                        Sim.streamingModel(sim), StreamingGuard.create(guardrails, config)))
                .inputGuardrails(NemoGuardInputGuardrail.of(guardrails))
                .build();
    }

    private static StreamingConfig config(boolean streamFirst) {
        return StreamingConfig.builder()
                .chunkSize(10)
                .contextSize(2)
                .streamFirst(streamFirst)
                .build();
    }

    @Test
    void safeStreamIsDeliveredWholeAndCompletesOnce() throws Exception {
        sim.applicationModel(ApplicationModel.fixed(ApplicationReply.harmlessTokens(45)));

        Recorder r = new Recorder().start(assistant(config(true)).chat("Tea?")).await(Duration.ofSeconds(10));

        assertEquals(ApplicationReply.harmlessTokens(45).text(), r.text.toString());
        assertEquals(1, r.completions.get());
        assertEquals(0, r.errors.get());
        assertEquals(
                ApplicationReply.harmlessTokens(45).text(),
                r.response.aiMessage().text());
        assertEquals(
                ApplicationCall.Outcome.COMPLETED,
                sim.awaitApplicationCalls(1, Duration.ofSeconds(5)).get(0).outcome());
    }

    private Recorder blockedMidStream(boolean streamFirst) throws Exception {
        sim.applicationModel(
                ApplicationModel.fixed(ApplicationReply.text(ANSWER).atRate(50)));

        Recorder r = new Recorder()
                .start(assistant(config(streamFirst)).chat("Tea?"))
                .await(Duration.ofSeconds(20));

        ApplicationCall call =
                sim.awaitApplicationCalls(1, Duration.ofSeconds(5)).get(0);
        assertEquals(ApplicationCall.Outcome.CLIENT_CLOSED, call.outcome());
        assertTrue(call.tokensSent() < call.reply().tokens().size(), "sent " + call.tokensSent());
        long closedAfterBlock = call.endNanoTime() - r.errorNanos;
        assertTrue(
                closedAfterBlock < TimeUnit.MILLISECONDS.toNanos(100),
                "the application LLM saw its stream closed " + closedAfterBlock / 1_000_000 + " ms after the block");
        // Let any late signal arrive (the model's thread has seen the closed stream), then count.
        TimeUnit.MILLISECONDS.sleep(100);
        assertEquals(1, r.errors.get());
        assertEquals(0, r.completions.get());
        ContentBlockedException e = assertInstanceOf(ContentBlockedException.class, r.error);
        StreamBlocked blocked = e.blocked();
        assertEquals("content-safety-output", blocked.rail());
        String delivered = r.text.toString();
        assertTrue(ANSWER.startsWith(delivered), delivered);
        assertEquals(blocked.releasedChars(), delivered.length());
        return r;
    }

    @Test
    void streamFirstBlockedMidStreamDeliversTheTextBeforeTheBlockedChunkAndClosesTheModelStream() throws Exception {
        Recorder r = blockedMidStream(true);

        StreamBlocked blocked = ((ContentBlockedException) r.error).blocked();
        assertTrue(r.text.length() >= blocked.offset(), r.text.length() + " < " + blocked.offset());
        assertTrue(blocked.offset() > 0);
    }

    @Test
    void holdBackBlockedMidStreamDeliversNoneOfTheBlockedChunk() throws Exception {
        Recorder r = blockedMidStream(false);

        StreamBlocked blocked = ((ContentBlockedException) r.error).blocked();
        assertTrue(r.text.length() <= blocked.offset(), r.text.length() + " > " + blocked.offset());
        assertFalse(r.text.toString().contains("kill"), r.text.toString());
    }

    @Test
    void toolCallOnlyStreamedAnswerIsCheckedAsTextThenForwarded() throws Exception {
        sim.applicationModel(ApplicationModel.fixed(ApplicationReply.toolCallsOnly(
                new ApplicationToolCall("call_1", "currentTime", "{\"zone\":\"UTC\"}"))));
        NemoGuardStreamingChatModel model = NemoGuardStreamingChatModel.wrap(
                Sim.streamingModel(sim), StreamingGuard.create(guardrails, config(true)));
        ChatRequest request = ChatRequest.builder()
                .messages(UserMessage.from("What time is it?"))
                .toolSpecifications(ToolSpecification.builder()
                        .name("currentTime")
                        .description("The time")
                        .build())
                .build();
        Handler h = new Handler();

        model.chat(request, h);

        ChatResponse response = h.done.get(10, TimeUnit.SECONDS);
        assertEquals(
                "currentTime",
                response.aiMessage().toolExecutionRequests().get(0).name());
        assertEquals(1, h.completions.get());
        assertEquals(1, h.toolCalls.get());
        // The tool call request was checked: one content-safety output call with name(arguments).
        assertTrue(
                Sim.guardRequests(sim).stream()
                        .anyMatch(q -> q.body().contains("currentTime({\\\"zone\\\":\\\"UTC\\\"})")),
                Sim.guardRequests(sim).toString());
    }

    @Test
    void unsafeToolCallArgumentsEndTheStreamWithNemoGuardBlockedException() throws Exception {
        sim.applicationModel(ApplicationModel.fixed(ApplicationReply.toolCallsOnly(
                new ApplicationToolCall("call_1", "search", "{\"q\":\"how to kill the owner\"}"))));
        NemoGuardStreamingChatModel model = NemoGuardStreamingChatModel.wrap(
                Sim.streamingModel(sim), StreamingGuard.create(guardrails, config(true)));
        ChatRequest request = ChatRequest.builder()
                .messages(UserMessage.from("Search for me"))
                .toolSpecifications(ToolSpecification.builder()
                        .name("search")
                        .description("Search")
                        .build())
                .build();
        Handler h = new Handler();

        model.chat(request, h);

        assertThrows(Exception.class, () -> h.done.get(10, TimeUnit.SECONDS));
        NemoGuardBlockedException e = assertInstanceOf(NemoGuardBlockedException.class, h.error);
        assertTrue(e.getMessage().contains("the tool call requests is unsafe (Violence)"), e.getMessage());
        assertEquals(0, h.completions.get());
        assertEquals(0, h.toolCalls.get());
    }

    @Test
    void wrappingAGuardWithoutOutputRailsFailsAtConstruction() {
        assertThrows(
                ConfigurationException.class,
                () -> StreamingGuard.create(Guardrails.builder()
                        .rail(ContentSafetyRail.input(nim).build())
                        .build()));
        Guardrails inputOnly = Guardrails.builder()
                .rail(ContentSafetyRail.input(nim).build())
                .unguarded(RailDirection.OUTPUT)
                .build();
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> NemoGuardStreamingChatModel.wrap(Sim.streamingModel(sim), StreamingGuard.create(inputOnly)));
        assertTrue(
                e.getMessage()
                        .startsWith("NemoGuardStreamingChatModel needs a Guardrails with at least one output rail"),
                e.getMessage());
    }

    /** A plain handler for direct calls of the streaming model. */
    static final class Handler implements StreamingChatResponseHandler {
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        final AtomicInteger completions = new AtomicInteger();
        final AtomicInteger toolCalls = new AtomicInteger();
        volatile Throwable error;

        @Override
        public void onCompleteToolCall(CompleteToolCall completeToolCall) {
            toolCalls.incrementAndGet();
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            completions.incrementAndGet();
            done.complete(completeResponse);
        }

        @Override
        public void onError(Throwable e) {
            error = e;
            done.completeExceptionally(e);
        }
    }
}
