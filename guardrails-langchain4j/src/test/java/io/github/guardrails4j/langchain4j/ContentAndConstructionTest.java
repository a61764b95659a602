package io.github.guardrails4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.ChatExecutor;
import dev.langchain4j.guardrail.GuardrailRequestParams;
import dev.langchain4j.guardrail.GuardrailResult;
import dev.langchain4j.guardrail.InputGuardrailResult;
import dev.langchain4j.guardrail.OutputGuardrailRequest;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.nim.ContentSafetyRail;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Construction rules, names, and content that is not plain text, against the simulator's rails. */
class ContentAndConstructionTest extends SimulatorTest {

    private static final String IMAGE_URL = "https://example.com/cat.png";

    @Test
    void aGuardrailsWithoutRailsOfTheDirectionFailsAtConstructionNamingTheRuleAndTheFix() {
        Guardrails outputOnly =
                Guardrails.builder().rail(ContentSafetyRail.output(nim).build()).build();
        Guardrails inputOnly =
                Guardrails.builder().rail(ContentSafetyRail.input(nim).build()).build();

        ConfigurationException in =
                assertThrows(ConfigurationException.class, () -> NemoGuardInputGuardrail.of(outputOnly));
        assertEquals(
                "NemoGuardInputGuardrail needs a Guardrails with at least one input rail, got "
                        + "Guardrails{input=[], output=[content-safety-output]} (no input rail would allow "
                        + "everything); add one with Guardrails.builder().rail(...), e.g. "
                        + "ContentSafetyRail.input(nimClient).build()",
                in.getMessage());
        ConfigurationException out =
                assertThrows(ConfigurationException.class, () -> NemoGuardOutputGuardrail.of(inputOnly));
        assertTrue(
                out.getMessage()
                        .startsWith("NemoGuardOutputGuardrail needs a Guardrails with at least one output rail"),
                out.getMessage());
        assertThrows(ConfigurationException.class, () -> NemoGuardModerationModel.of(outputOnly));
        assertThrows(
                ConfigurationException.class,
                () -> NemoGuardOutputGuardrail.builder(guardrails).reprompt(" "));
        assertThrows(NullPointerException.class, () -> NemoGuardInputGuardrail.of(null));
    }

    @Test
    void namesListTheRails() {
        assertEquals(
                "NemoGuard[content-safety-input, topic-control, jailbreak-detection]",
                NemoGuardInputGuardrail.of(guardrails).name());
        assertEquals(
                "NemoGuard[content-safety-output]",
                NemoGuardOutputGuardrail.of(guardrails).name());
        assertEquals(
                "NemoGuard[content-safety-input, topic-control, jailbreak-detection]",
                NemoGuardModerationModel.of(guardrails).modelName());
    }

    @Test
    void nullUserMessageIsBlockedNeverAllowed() {
        InputGuardrailResult result = NemoGuardInputGuardrail.of(guardrails).validate((UserMessage) null);
        assertEquals(GuardrailResult.Result.FATAL, result.result());
        assertEquals(0, sim.recordedRequests().size());
    }

    @Test
    void textPartsOfAMessageWithAnImageAreCheckedAndTheImageIsNamedInABlock() {
        UserMessage unsafeWithImage =
                UserMessage.from(TextContent.from(Sim.UNSAFE_QUESTION), ImageContent.from(IMAGE_URL));
        UserMessage safeWithImage =
                UserMessage.from(TextContent.from("Which tea is this?"), ImageContent.from(IMAGE_URL));
        NemoGuardInputGuardrail guardrail = NemoGuardInputGuardrail.of(guardrails);

        assertTrue(guardrail.validate(safeWithImage).isSuccess());
        InputGuardrailResult blocked = guardrail.validate(unsafeWithImage);
        assertEquals(GuardrailResult.Result.FATAL, blocked.result());
        assertTrue(
                blocked.failures().get(0).message().endsWith("; its [IMAGE] parts were not checked"),
                blocked.toString());
        assertTrue(sim.recordedRequests().stream().anyMatch(r -> r.body().contains("Which tea is this?")));
    }

    @Test
    void blockNonTextContentBlocksAnImageWithoutCallingTheGuard() {
        NemoGuardInputGuardrail strict = NemoGuardInputGuardrail.builder(guardrails)
                .blockNonTextContent(true)
                .build();

        InputGuardrailResult result = strict.validate(UserMessage.from(ImageContent.from(IMAGE_URL)));

        assertEquals(GuardrailResult.Result.FATAL, result.result());
        assertEquals(
                "Blocked by NemoGuard[content-safety-input, topic-control, jailbreak-detection]: the user message "
                        + "has [IMAGE] content that NemoGuard text rails cannot check (blockNonTextContent is on)",
                result.failures().get(0).message());
        assertEquals(0, sim.recordedRequests().size());
    }

    @Test
    void anEmptyUserMessageIsCheckedByEveryRailAsTheEmptyText() {
        InputGuardrailResult result = NemoGuardInputGuardrail.of(guardrails).validate(UserMessage.from(""));
        assertTrue(result.isSuccess(), result.toString());
        assertEquals(3, sim.recordedRequests().size());
        assertTrue(sim.recordedRequests().stream().anyMatch(r -> r.body().equals("{\"input\":\"\"}")));
    }

    @Test
    void anImageOnlyMessageIsCheckedAsTheEmptyTextByDefault() {
        InputGuardrailResult result =
                NemoGuardInputGuardrail.of(guardrails).validate(UserMessage.from(ImageContent.from(IMAGE_URL)));
        assertTrue(result.isSuccess(), result.toString());
        assertEquals(3, sim.recordedRequests().size());
    }

    private OutputGuardrailRequest outputRequest(AiMessage ai) {
        MessageWindowChatMemory memory = MessageWindowChatMemory.withMaxMessages(10);
        memory.add(UserMessage.from("What time is it?"));
        return OutputGuardrailRequest.builder()
                .responseFromLLM(ChatResponse.builder().aiMessage(ai).build())
                .chatExecutor(ChatExecutor.builder(Sim.chatModel(sim))
                        .chatRequest(ChatRequest.builder()
                                .messages(UserMessage.from("What time is it?"))
                                .build())
                        .invocationContext(InvocationContext.builder().build())
                        .build())
                .requestParams(GuardrailRequestParams.builder()
                        .chatMemory(memory)
                        .userMessageTemplate("{{it}}")
                        .variables(Map.of("it", "What time is it?"))
                        .build())
                .build();
    }

    @Test
    void aToolCallOnlyAnswerIsCheckedAsTextOrSkippedByTheExplicitOption() {
        AiMessage unsafeCall = AiMessage.from(ToolExecutionRequest.builder()
                .id("call_1")
                .name("search")
                .arguments("{\"q\":\"how to kill the owner\"}")
                .build());

        OutputGuardrailResult checked = NemoGuardOutputGuardrail.of(guardrails).validate(outputRequest(unsafeCall));
        assertEquals(GuardrailResult.Result.FATAL, checked.result());
        assertEquals(
                "Blocked by NemoGuard rail content-safety-output: the tool call requests is unsafe (Violence)",
                checked.failures().get(0).message());
        assertTrue(sim.recordedRequests().get(0).body().contains("search({\\\"q\\\":\\\"how to kill the owner\\\"})"));

        sim.clearRecordedRequests();
        OutputGuardrailResult skipped = NemoGuardOutputGuardrail.builder(guardrails)
                .checkToolExecutionRequests(false)
                .build()
                .validate(outputRequest(unsafeCall));
        assertTrue(skipped.isSuccess());
        assertEquals(0, sim.recordedRequests().size());
    }

    @Test
    void anAiMessageWithoutTextOrToolCallsIsCheckedAsEmptyText() {
        OutputGuardrailResult result = NemoGuardOutputGuardrail.of(guardrails)
                .validate(outputRequest(AiMessage.builder().build()));
        assertTrue(result.isSuccess(), result.toString());
        assertEquals(1, sim.recordedRequests().size());
        assertNull(result.getFirstFailureException());
    }
}
