package io.github.guardrails4j.model.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Llama Guard 3, Nemotron 3.5 and Nemotron reasoning 4B: plain turns, each format's answer, one table each. */
class ChatTemplateContentSafetyTest {
    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(ChatTemplateContentSafety.llamaGuard3(), NemoGuardModels.LLAMA_GUARD_3),
                Arguments.of(ChatTemplateContentSafety.nemotron35(), NemoGuardModels.NEMOTRON_3_5_CONTENT_SAFETY));
    }

    @ParameterizedTest
    @MethodSource("models")
    void sendsPlainTurnsUnderTheModelsOwnId(ChatTemplateContentSafety model, String id) {
        ChatRequest in = (ChatRequest) model.render(RailDirection.INPUT, RailRequest.ofInput("q"));
        ChatRequest out = (ChatRequest) model.render(RailDirection.OUTPUT, RailRequest.ofOutput("q", "a"));
        assertEquals(id, in.model());
        assertEquals(List.of(ChatMessage.user("q")), in.messages());
        assertEquals(List.of(ChatMessage.user("q"), ChatMessage.assistant("a")), out.messages());
        assertEquals(50, in.maxTokens());
        assertTrue(
                model.prefixFingerprint(RailDirection.INPUT).isEmpty(),
                "the server's chat template is ours to " + "know, not a fixed prefix of ours");
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(
                        ChatTemplateContentSafety.llamaGuard3(), RailDirection.INPUT, "safe", Outcome.SAFE, List.of()),
                Arguments.of(
                        ChatTemplateContentSafety.llamaGuard3(),
                        RailDirection.OUTPUT,
                        "unsafe\nS1,S10",
                        Outcome.UNSAFE,
                        List.of("S1", "S10")),
                Arguments.of(
                        ChatTemplateContentSafety.nemotron35(),
                        RailDirection.INPUT,
                        "User Safety: unsafe\nSafety Categories: Violence",
                        Outcome.UNSAFE,
                        List.of("Violence")),
                Arguments.of(
                        ChatTemplateContentSafety.nemotron35(),
                        RailDirection.OUTPUT,
                        "User Safety: unsafe\nResponse Safety: safe",
                        Outcome.SAFE,
                        List.of()),
                Arguments.of(
                        ChatTemplateContentSafety.nemotronReasoning(),
                        RailDirection.INPUT,
                        "Prompt harm: unharmful\nResponse Harm: None",
                        Outcome.SAFE,
                        List.of()),
                Arguments.of(
                        ChatTemplateContentSafety.nemotronReasoning(),
                        RailDirection.INPUT,
                        "<think>ok</think>\nPrompt harm: harmful\nResponse Harm: None",
                        Outcome.UNSAFE,
                        List.of()));
    }

    @ParameterizedTest
    @MethodSource("answers")
    void readsEachFormatsAnswer(
            ChatTemplateContentSafety model, RailDirection d, String text, Outcome outcome, List<String> categories) {
        ParsedVerdict v = model.parse(d, new ChatAnswer(text, "stop", null));
        assertEquals(outcome, v.outcome());
        assertEquals(categories, v.categories());
    }

    @ParameterizedTest
    @MethodSource("models")
    void proseIsAnErrorNeverSafe(ChatTemplateContentSafety model) {
        assertThrows(
                VerdictParseException.class,
                () -> model.parse(RailDirection.INPUT, new ChatAnswer("I think it is fine.", "stop", null)));
    }

    @Test
    void theNemoguardFormatIsNotServedHere() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> ChatTemplateContentSafety.builder(ContentSafetyFormat.NEMOGUARD));
        assertTrue(e.getMessage().contains("NemoGuardContentSafety"), e.getMessage());
    }
}
