package io.github.guardrails4j.langchain4j;

import static io.github.guardrails4j.langchain4j.Sim.APP;
import static io.github.guardrails4j.langchain4j.Sim.UNSAFE_QUESTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.guardrail.InputGuardrailException;
import dev.langchain4j.guardrail.OutputGuardrailException;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.service.AiServices;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.testkit.ApplicationMessage;
import io.github.guardrails4j.testkit.ApplicationModel;
import io.github.guardrails4j.testkit.ApplicationReply;
import io.github.guardrails4j.testkit.ApplicationToolCall;
import io.github.guardrails4j.testkit.Fault;
import io.github.guardrails4j.testkit.NimSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** AiServices with OpenAiChatModel on the simulator's application model, rails on the same simulator. */
class AiServicesGuardrailTest extends SimulatorTest {

    private Assistant assistant(Guardrails rails) {
        return AiServices.builder(Assistant.class)
                .chatModel(Sim.chatModel(sim))
                .inputGuardrails(NemoGuardInputGuardrail.of(rails))
                .outputGuardrails(NemoGuardOutputGuardrail.of(rails))
                .build();
    }

    @Test
    void safeQuestionIsAnsweredAfterEveryRailRan() {
        String answer = assistant(guardrails).chat("How long do I brew green tea?");

        assertEquals(ApplicationReply.DEFAULT_TEXT, answer);
        assertEquals(1, Sim.appRequests(sim).size());
        // Three input rails and one output rail: two content-safety calls, one topic-control, one classify.
        assertEquals(4, Sim.guardRequests(sim).size());
        assertEquals(
                1,
                sim.recordedRequests().stream()
                        .filter(r -> r.path().equals("/v1/classify"))
                        .count());
    }

    @Test
    void unsafeQuestionIsBlockedWithInputGuardrailExceptionAndTheModelIsNeverCalled() {
        InputGuardrailException e = assertThrows(
                InputGuardrailException.class, () -> assistant(guardrails).chat(UNSAFE_QUESTION));

        assertTrue(
                e.getMessage()
                        .contains("Blocked by NemoGuard rail content-safety-input: the user message is unsafe "
                                + "(Violence, Criminal Planning/Confessions)"),
                e.getMessage());
        assertEquals(List.of(), Sim.appRequests(sim));
        assertEquals(List.of(), sim.applicationCalls());
    }

    @Test
    void unsafeAnswerIsBlockedWithOutputGuardrailException() {
        sim.applicationModel(ApplicationModel.fixed(ApplicationReply.unsafe()));

        OutputGuardrailException e = assertThrows(
                OutputGuardrailException.class, () -> assistant(guardrails).chat("How do I get a car?"));

        assertTrue(
                e.getMessage()
                        .contains("Blocked by NemoGuard rail content-safety-output: the answer is unsafe "
                                + "(Violence, Criminal Planning/Confessions)"),
                e.getMessage());
        assertEquals(1, Sim.appRequests(sim).size());
    }

    @Test
    void repromptAsksTheModelAgainWithTheConfiguredMessage() {
        sim.applicationModel(ApplicationModel.scripted(ApplicationReply.unsafe(), ApplicationReply.harmless()));
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(Sim.chatModel(sim))
                .outputGuardrails(NemoGuardOutputGuardrail.builder(guardrails)
                        .reprompt("Answer again without unsafe content.")
                        .build())
                .build();

        assertEquals(ApplicationReply.DEFAULT_TEXT, assistant.chat("How do I get a car?"));

        List<List<ApplicationMessage>> conversations = sim.awaitApplicationCalls(2, Duration.ofSeconds(5)).stream()
                .map(c -> c.conversation())
                .toList();
        assertEquals(2, conversations.size());
        List<ApplicationMessage> second = conversations.get(1);
        assertTrue(
                second.get(second.size() - 1).content().contains("Answer again without unsafe content."),
                second.toString());
    }

    @Test
    void guardOutageBlocksWhenRailsFailClosed() {
        try (NimSimulator down = NimSimulator.builder()
                        .faults(r ->
                                r.model().equals(Optional.of(APP)) ? Optional.empty() : Optional.of(Fault.status(503)))
                        .start();
                NimClient downNim = Sim.nim(down)) {
            Assistant assistant = AiServices.builder(Assistant.class)
                    .chatModel(Sim.chatModel(down))
                    .inputGuardrails(NemoGuardInputGuardrail.of(Sim.rails(downNim, FailurePolicy.FAIL_CLOSED)))
                    .build();

            InputGuardrailException e = assertThrows(InputGuardrailException.class, () -> assistant.chat("Tea?"));

            assertTrue(
                    e.getMessage().contains("the guard failed (HTTP_STATUS) and the rail fails closed"),
                    e.getMessage());
            assertInstanceOf(GuardServiceException.class, e.getCause(), String.valueOf(e.getCause()));
            assertEquals(List.of(), Sim.appRequests(down));
        }
    }

    @Test
    void guardOutageAllowsWhenRailsFailOpen() {
        try (NimSimulator down = NimSimulator.builder()
                        .faults(r ->
                                r.model().equals(Optional.of(APP)) ? Optional.empty() : Optional.of(Fault.status(503)))
                        .start();
                NimClient downNim = Sim.nim(down)) {
            Guardrails open = Sim.rails(downNim, FailurePolicy.FAIL_OPEN);
            Assistant assistant = AiServices.builder(Assistant.class)
                    .chatModel(Sim.chatModel(down))
                    .inputGuardrails(NemoGuardInputGuardrail.of(open))
                    .outputGuardrails(NemoGuardOutputGuardrail.of(open))
                    .build();

            assertEquals(ApplicationReply.DEFAULT_TEXT, assistant.chat("Tea?"));
            assertEquals(1, Sim.appRequests(down).size());
        }
    }

    static final class Clock {
        volatile int calls;
        volatile String answer = "It is noon.";

        @Tool("The current time")
        String currentTime() {
            calls++;
            return answer;
        }
    }

    private Assistant toolAssistant(Clock clock) {
        return AiServices.builder(Assistant.class)
                .chatModel(Sim.chatModel(sim))
                .chatMemory(MessageWindowChatMemory.withMaxMessages(20))
                .tools(clock)
                .inputGuardrails(NemoGuardInputGuardrail.of(guardrails))
                .outputGuardrails(NemoGuardOutputGuardrail.of(guardrails))
                .build();
    }

    @Test
    void toolCallOnlyAnswerRunsTheToolAndTheFinalAnswerAndToolResultAreChecked() {
        sim.applicationModel(ApplicationModel.scripted(
                ApplicationReply.toolCallsOnly(new ApplicationToolCall("call_1", "currentTime", "{}")),
                ApplicationReply.text("The clock says noon.")));
        Clock clock = new Clock();

        assertEquals("The clock says noon.", toolAssistant(clock).chat("What time is it?"));

        assertEquals(1, clock.calls);
        assertEquals(2, Sim.appRequests(sim).size());
        List<ApplicationMessage> second =
                sim.awaitApplicationCalls(2, Duration.ofSeconds(5)).get(1).conversation();
        assertEquals(new ApplicationMessage("tool", "It is noon."), second.get(second.size() - 1));
        // Input: 3 rails; output: the answer and the tool result, one content-safety call each.
        assertEquals(5, Sim.guardRequests(sim).size());
    }

    @Test
    void anUnsafeToolResultIsBlockedAsText() {
        sim.applicationModel(ApplicationModel.scripted(
                ApplicationReply.toolCallsOnly(new ApplicationToolCall("call_1", "currentTime", "{}")),
                ApplicationReply.text("The clock says noon.")));
        Clock clock = new Clock();
        clock.answer = ApplicationReply.UNSAFE_TEXT;

        OutputGuardrailException e = assertThrows(
                OutputGuardrailException.class, () -> toolAssistant(clock).chat("What time is it?"));

        assertTrue(
                e.getMessage()
                        .contains("the result of tool currentTime is unsafe (Violence, Criminal Planning/Confessions)"),
                e.getMessage());
    }

    @Test
    void retrievedDocumentsAreCheckedAsTextWithTheUserMessage() {
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(Sim.chatModel(sim))
                .contentRetriever(query -> List.of(Content.from(ApplicationReply.UNSAFE_TEXT)))
                .inputGuardrails(NemoGuardInputGuardrail.of(guardrails))
                .build();

        InputGuardrailException e =
                assertThrows(InputGuardrailException.class, () -> assistant.chat("How do I get a car?"));

        assertTrue(e.getMessage().contains("content-safety-input: the user message is unsafe"), e.getMessage());
        assertEquals(List.of(), Sim.appRequests(sim));
    }
}
