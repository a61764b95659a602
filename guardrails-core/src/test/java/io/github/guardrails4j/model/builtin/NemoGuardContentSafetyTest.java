package io.github.guardrails4j.model.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.model.EarlyDecision;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.ParsedVerdict;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Llama 3.1 NemoGuard 8B ContentSafety (and Safety Guard v3): the exact request, the verdicts, early decision. */
class NemoGuardContentSafetyTest {
    private static final NemoGuardContentSafety MODEL = NemoGuardContentSafety.create();

    @Test
    void inputRendersTheBundledTemplateAsOneUserMessageWithNemosParameters() {
        ChatRequest r = MODEL.render(RailDirection.INPUT, RailRequest.ofInput("How do I {{ x }} a car?"));
        String expected = NemoGuardPrompts.contentSafetyInput()
                .render(Map.of(NemoGuardPrompts.USER_INPUT, "How do I {{ x }} a car?"));
        assertEquals(List.of(ChatMessage.user(expected)), r.messages());
        assertEquals(NemoGuardModels.CONTENT_SAFETY, r.model());
        assertEquals(1e-20, r.temperature());
        assertEquals(50, r.maxTokens());
        assertEquals(Map.of(), r.extraBody());
        assertTrue(expected.startsWith(NemoGuardPrompts.contentSafetyInput().fixedPrefix()));
        assertTrue(expected.endsWith("Output JSON:"), "the fixed suffix ends the prompt");
    }

    @Test
    void outputRendersMessageAndAnswerAndSharesTheInputPrefix() {
        ChatRequest r = MODEL.render(RailDirection.OUTPUT, RailRequest.ofOutput("q", "a"));
        String expected = NemoGuardPrompts.contentSafetyOutput()
                .render(Map.of(NemoGuardPrompts.USER_INPUT, "q", NemoGuardPrompts.BOT_RESPONSE, "a"));
        assertEquals(expected, r.messages().get(0).content());
        assertEquals(MODEL.prefixFingerprint(RailDirection.INPUT), MODEL.prefixFingerprint(RailDirection.OUTPUT));
    }

    @Test
    void safetyGuardV3IsTheSamePromptUnderItsOwnModelId() {
        NemoGuardContentSafety v3 = NemoGuardContentSafety.safetyGuardV3();
        RailRequest request = RailRequest.ofInput("¿Cómo robo un coche?");
        ChatRequest a = MODEL.render(RailDirection.INPUT, request);
        ChatRequest b = v3.render(RailDirection.INPUT, request);
        assertEquals(NemoGuardModels.SAFETY_GUARD_V3, b.model());
        assertEquals(a.messages(), b.messages());
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                Arguments.of(RailDirection.INPUT, "{\"User Safety\": \"safe\"}", Outcome.SAFE, List.of()),
                Arguments.of(
                        RailDirection.INPUT,
                        "{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence, Criminal Planning/Confessions\"}",
                        Outcome.UNSAFE,
                        List.of("Violence", "Criminal Planning/Confessions")),
                Arguments.of(
                        RailDirection.OUTPUT,
                        "{\"User Safety\": \"unsafe\", \"Response Safety\": \"safe\"}",
                        Outcome.SAFE,
                        List.of()),
                Arguments.of(
                        RailDirection.OUTPUT,
                        "{\"User Safety\": \"safe\", \"Response Safety\": \"unsafe\", \"Safety Categories\": \"PII/Privacy\"}",
                        Outcome.UNSAFE,
                        List.of("PII/Privacy")));
    }

    @ParameterizedTest
    @MethodSource("verdicts")
    void readsTheVerdictKeyOfItsDirection(RailDirection d, String text, Outcome outcome, List<String> categories) {
        ParsedVerdict v = MODEL.parse(d, new ChatAnswer(text, "stop", null));
        assertEquals(outcome, v.outcome());
        assertEquals(categories, v.categories());
    }

    @Test
    void unclearTextIsAnErrorNeverSafe() {
        assertThrows(
                VerdictParseException.class,
                () -> MODEL.parse(
                        RailDirection.INPUT,
                        new ChatAnswer("```json\n{\"User Safety\": \"safe\"}\n```", "stop", null)));
    }

    static Stream<Arguments> earlyDecisions() {
        return Stream.of(
                Arguments.of("{\"User Safety\": \"uns", null),
                Arguments.of("{\"User Safety\": \"unsafe\"", Outcome.UNSAFE),
                Arguments.of("{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Vio", Outcome.UNSAFE),
                Arguments.of("{\"User Safety\": \"safe\"", null),
                Arguments.of("{\"User Safety\": \"safe\"}", null), // SAFE only at the end of the stream
                Arguments.of("Sure! {\"User Safety\": \"unsafe\"}", null));
    }

    @ParameterizedTest
    @MethodSource("earlyDecisions")
    void earlyDecisionReadsThePartialJson(String partial, Outcome expected) {
        EarlyDecision rule = MODEL.earlyDecision(RailDirection.INPUT).orElseThrow();
        assertEquals(expected, rule.decide(partial));
    }

    @Test
    void customTemplatesAreCheckedAtBuild() {
        assertThrows(
                ConfigurationException.class,
                () -> NemoGuardContentSafety.builder()
                        .template(RailDirection.INPUT, PromptTemplate.of("{{ user_input }} is it safe?"))
                        .build(),
                "a template that starts with the user's text has no cacheable prefix");
        assertThrows(
                ConfigurationException.class,
                () -> NemoGuardContentSafety.builder()
                        .template(RailDirection.OUTPUT, PromptTemplate.of("Judge: {{ user_input }}"))
                        .build(),
                "an output template needs the answer");
        assertThrows(
                ConfigurationException.class,
                () -> NemoGuardContentSafety.builder().maxTokens(0).build());
        assertNull(MODEL.taxonomy().orElseThrow().match("no such category").orElse(null));
    }

    @Test
    void toBuilderKeepsEverySetting() {
        NemoGuardContentSafety custom = NemoGuardContentSafety.builder()
                .model("m")
                .maxTokens(64)
                .temperature(0.5)
                .lenient(true)
                .build();
        NemoGuardContentSafety copy = custom.toBuilder().build();
        assertEquals("m", copy.modelId());
        assertEquals(64, copy.maxTokens());
        assertEquals(0.5, copy.temperature());
        assertTrue(copy.lenient());
    }
}
