package io.github.guardrails4j.verdict.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.rail.RailDirection;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentSafetyFormatTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "nvidia/llama-3.1-nemoguard-8b-content-safety, NEMOGUARD",
        "nvidia/llama-3.1-nemotron-safety-guard-8b-v3, NEMOGUARD",
        "NVIDIA/Llama-3.1-Nemotron-Safety-Guard-8B-v3, NEMOGUARD",
        "meta-llama/llama-guard-3-8b, LLAMA_GUARD_3",
        "meta-llama/Llama-Guard-3-8B, LLAMA_GUARD_3",
        "nvidia/nemotron-3.5-content-safety, NEMOTRON_3_5",
        "nvidia/nemotron-content-safety-reasoning-4b, NEMOTRON_REASONING",
        "nvidia/Nemotron-Content-Safety-Reasoning-4B, NEMOTRON_REASONING",
    })
    void infersTheFormatFromKnownModelIds(String modelId, ContentSafetyFormat expected) {
        assertEquals(Optional.of(expected), ContentSafetyFormat.inferFromModel(modelId));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "gpt-4o-mini",
                "",
                "nvidia/llama-3.1-nemoguard-8b-topic-control",
                "nvidia/nemoguard-jailbreak-detect"
            })
    void infersNothingFromUnknownOrNonContentSafetyIds(String modelId) {
        assertEquals(Optional.empty(), ContentSafetyFormat.inferFromModel(modelId));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "nemoguard, NEMOGUARD",
        "llama-guard-3, LLAMA_GUARD_3",
        "nemotron-3.5, NEMOTRON_3_5",
        "nemotron-reasoning, NEMOTRON_REASONING",
        "'  NemoGuard ', NEMOGUARD",
    })
    void findsEachFormatByItsCliName(String id, ContentSafetyFormat expected) {
        assertEquals(expected, ContentSafetyFormat.fromId(id));
        assertEquals(expected, ContentSafetyFormat.fromId(expected.id()));
    }

    @Test
    void rejectsAnUnknownCliNameListingTheKnownOnes() {
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> ContentSafetyFormat.fromId("llama-guard-4"));
        assertTrue(e.getMessage().contains("nemotron-reasoning"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> ContentSafetyFormat.fromId(null));
    }

    @Test
    void mapsEachFormatAndDirectionToItsParser() {
        assertEquals(
                NemoGuardJsonParser.USER_SAFETY,
                ((NemoGuardJsonParser) ContentSafetyFormat.NEMOGUARD.parser(RailDirection.INPUT)).verdictKey());
        assertEquals(
                NemoGuardJsonParser.RESPONSE_SAFETY,
                ((NemoGuardJsonParser) ContentSafetyFormat.NEMOGUARD.parser(RailDirection.OUTPUT)).verdictKey());
        assertInstanceOf(LlamaGuard3Parser.class, ContentSafetyFormat.LLAMA_GUARD_3.parser(RailDirection.OUTPUT));
        assertEquals(
                Nemotron35Parser.USER_SAFETY,
                ((Nemotron35Parser) ContentSafetyFormat.NEMOTRON_3_5.parser(RailDirection.INPUT)).verdictField());
        assertEquals(
                Nemotron35Parser.RESPONSE_SAFETY,
                ((Nemotron35Parser) ContentSafetyFormat.NEMOTRON_3_5.parser(RailDirection.OUTPUT)).verdictField());
        assertEquals(
                NemotronReasoningParser.PROMPT_HARM,
                ((NemotronReasoningParser) ContentSafetyFormat.NEMOTRON_REASONING.parser(RailDirection.INPUT))
                        .verdictField());
        assertEquals(
                NemotronReasoningParser.RESPONSE_HARM,
                ((NemotronReasoningParser) ContentSafetyFormat.NEMOTRON_REASONING.parser(RailDirection.OUTPUT))
                        .verdictField());
    }
}
