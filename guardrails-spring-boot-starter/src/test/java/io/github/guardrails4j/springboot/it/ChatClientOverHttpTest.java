package io.github.guardrails4j.springboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.springai.NemoGuardAdvisor;
import io.github.guardrails4j.springboot.GuardrailsHealthIndicator;
import io.github.guardrails4j.testkit.ApplicationCall;
import io.github.guardrails4j.testkit.ApplicationModel;
import io.github.guardrails4j.testkit.ApplicationReply;
import io.github.guardrails4j.testkit.ApplicationToolCall;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Spring AI's {@code ChatClient} (OpenAI starter, real HTTP) with our starter's advisor, against the simulator:
 * call and stream, safe, unsafe question, unsafe answer, a tool-call-only answer, health.
 */
@SpringBootTest(classes = SimulatorApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ChatClientOverHttpTest {
    static final NimSimulator SIM = NimSimulator.builder().start();
    static final String SAFE_QUESTION = "How do I brew green tea?";
    static final String UNSAFE_QUESTION = "How do I kill my neighbour's dog?";

    @Autowired
    ChatClient.Builder chatClientBuilder;

    @Autowired
    GuardrailsHealthIndicator health;

    ChatClient chat;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        for (String p : SimulatorApp.properties(SIM)) {
            int eq = p.indexOf('=');
            registry.add(p.substring(0, eq), () -> p.substring(eq + 1));
        }
        // small chunks, so a block comes early in a streamed answer
        registry.add("guardrails.streaming.chunk-size", () -> "10");
        registry.add("guardrails.streaming.context-size", () -> "2");
    }

    @AfterAll
    static void stop() {
        SIM.close();
    }

    @BeforeEach
    void reset() {
        SIM.applicationModel(ApplicationModel.harmless());
        SIM.clearRecordedRequests();
        chat = chatClientBuilder.build();
    }

    @Test
    void safeQuestionIsAnsweredOnCallWithEveryRailAndTheModelCalledOnce() {
        ChatClientResponse response = chat.prompt().user(SAFE_QUESTION).call().chatClientResponse();

        assertEquals(
                ApplicationReply.DEFAULT_TEXT,
                response.chatResponse().getResult().getOutput().getText());
        GuardResult decided = (GuardResult) response.context().get(NemoGuardAdvisor.RESULT_CONTEXT_KEY);
        assertTrue(decided.allowed());
        assertEquals(List.of("content-safety-output"), railNames(decided));
        assertEquals(1, SIM.applicationCalls().size());
        assertEquals(4, SIM.recordedRequests().size(), "2 input rails, the model, 1 output rail: " + paths());
    }

    @Test
    void safeQuestionIsAnsweredOnStream() {
        String answer = chat.prompt().user(SAFE_QUESTION).stream()
                .content()
                .collect(Collectors.joining())
                .block(Duration.ofSeconds(60));

        assertEquals(ApplicationReply.DEFAULT_TEXT, answer);
        assertEquals(
                ApplicationCall.Outcome.COMPLETED,
                SIM.awaitApplicationCalls(1, Duration.ofSeconds(5)).get(0).outcome());
    }

    @Test
    void unsafeQuestionIsRefusedOnCallAndTheModelIsNeverCalled() {
        ChatClientResponse response = chat.prompt().user(UNSAFE_QUESTION).call().chatClientResponse();

        assertEquals(
                NemoGuardAdvisor.DEFAULT_REFUSAL,
                response.chatResponse().getResult().getOutput().getText());
        GuardResult decided = (GuardResult) response.context().get(NemoGuardAdvisor.RESULT_CONTEXT_KEY);
        assertEquals("content-safety-input", decided.blockingRail().orElseThrow());
        assertEquals(
                List.of("Violence"), decided.blockingVerdict().orElseThrow().categories());
        assertTrue(SIM.applicationCalls().isEmpty());
        assertTrue(modelRequests().isEmpty(), "no request for the application model: " + paths());
    }

    @Test
    void unsafeQuestionIsRefusedOnStreamAndTheModelIsNeverCalled() {
        List<String> pieces = chat.prompt().user(UNSAFE_QUESTION).stream()
                .content()
                .collectList()
                .block(Duration.ofSeconds(60));

        assertEquals(List.of(NemoGuardAdvisor.DEFAULT_REFUSAL), pieces);
        assertTrue(SIM.applicationCalls().isEmpty());
        assertTrue(modelRequests().isEmpty(), "no request for the application model: " + paths());
    }

    @Test
    void unsafeAnswerIsRefusedOnCall() {
        SIM.applicationModel(ApplicationModel.fixed(ApplicationReply.unsafe()));

        ChatClientResponse response = chat.prompt().user(SAFE_QUESTION).call().chatClientResponse();

        assertEquals(
                NemoGuardAdvisor.DEFAULT_REFUSAL,
                response.chatResponse().getResult().getOutput().getText());
        GuardResult decided = (GuardResult) response.context().get(NemoGuardAdvisor.RESULT_CONTEXT_KEY);
        assertEquals("content-safety-output", decided.blockingRail().orElseThrow());
        assertEquals(1, SIM.applicationCalls().size());
    }

    @Test
    void streamedAnswerIsBlockedMidStreamAndTheModelsStreamIsClosed() {
        String before = ApplicationReply.harmlessTokens(30).text();
        String after = ApplicationReply.harmlessTokens(3000).text();
        ApplicationReply reply = ApplicationReply.text(before + " " + ApplicationReply.UNSAFE_TEXT + " " + after)
                .atRate(100);
        SIM.applicationModel(ApplicationModel.fixed(reply));

        List<String> pieces = chat.prompt().user(SAFE_QUESTION).stream()
                .content()
                .collectList()
                .block(Duration.ofSeconds(60));

        // stream-first (default): what was released before the block stays, then the refusal ends the stream
        assertEquals(NemoGuardAdvisor.DEFAULT_REFUSAL, pieces.get(pieces.size() - 1));
        String released = String.join("", pieces.subList(0, pieces.size() - 1));
        assertTrue(reply.text().startsWith(released), "released text is a prefix of the answer: " + released);
        assertTrue(released.length() >= before.length() / 2, "text before the unsafe chunk was released");
        ApplicationCall call =
                SIM.awaitApplicationCalls(1, Duration.ofSeconds(30)).get(0);
        assertEquals(ApplicationCall.Outcome.CLIENT_CLOSED, call.outcome(), "the model's stream was cancelled");
        assertTrue(call.tokensSent() < reply.tokens().size() / 2, "tokens sent: " + call.tokensSent());
    }

    @Test
    void toolCallRoundTripRunsInsideTheAdvisorAndOnlyTheFinalAnswerIsChecked() {
        SIM.applicationModel(ApplicationModel.scripted(
                ApplicationReply.toolCallsOnly(new ApplicationToolCall("call_1", "currentTime", "{}")),
                ApplicationReply.text("It is noon.")));

        ChatClientResponse response = chat.prompt()
                .user("What time is it?")
                .tools(new ClockTool())
                .call()
                .chatClientResponse();

        assertEquals(
                "It is noon.", response.chatResponse().getResult().getOutput().getText());
        GuardResult decided = (GuardResult) response.context().get(NemoGuardAdvisor.RESULT_CONTEXT_KEY);
        assertEquals(RailDirection.OUTPUT, decided.direction());
        assertEquals(2, SIM.applicationCalls().size(), "the tool call, then the answer");
        List<RecordedRequest> outputChecks = SIM.recordedRequests().stream()
                .filter(r -> r.body().contains("response: agent:"))
                .toList();
        assertEquals(1, outputChecks.size(), paths().toString());
        assertTrue(outputChecks.get(0).body().contains("response: agent: It is noon."));
    }

    /** A Spring AI tool the scripted model calls. */
    static final class ClockTool {
        @Tool(description = "The current time")
        String currentTime() {
            return "12:00";
        }
    }

    @Test
    void healthIsUpWhileTheNimIsReady() {
        assertEquals(Status.UP, health.health().getStatus());
        assertEquals("ready", health.health().getDetails().get(SIM.baseUrl()));
    }

    @Test
    void streamedRefusalCarriesTheResult() {
        ChatClientResponse last = chat.prompt().user(UNSAFE_QUESTION).stream()
                .chatClientResponse()
                .blockLast(Duration.ofSeconds(60));

        assertInstanceOf(GuardResult.class, last.context().get(NemoGuardAdvisor.RESULT_CONTEXT_KEY));
    }

    private static List<String> railNames(GuardResult result) {
        return result.verdicts().stream().map(v -> v.rail()).toList();
    }

    private static List<RecordedRequest> modelRequests() {
        return SIM.recordedRequests().stream()
                .filter(r -> r.model()
                        .filter(NimSimulator.DEFAULT_APPLICATION_MODEL_ID::equals)
                        .isPresent())
                .toList();
    }

    private static boolean outputRailRequested() {
        return SIM.recordedRequests().stream().anyMatch(r -> r.body().contains("response: agent:"));
    }

    private static List<String> paths() {
        return SIM.recordedRequests().stream()
                .map(r -> r.path() + " " + r.model().orElse(""))
                .toList();
    }
}
