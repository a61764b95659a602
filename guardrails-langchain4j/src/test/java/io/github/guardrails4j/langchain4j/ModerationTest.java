package io.github.guardrails4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.moderation.ModerationRequest;
import dev.langchain4j.model.moderation.ModerationResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Moderate;
import dev.langchain4j.service.ModerationException;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.testkit.ApplicationReply;
import io.github.guardrails4j.testkit.Fault;
import io.github.guardrails4j.testkit.NimSimulator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** NemoGuardModerationModel through AiServices' {@code @Moderate} and directly. */
class ModerationTest {

    interface ModeratedAssistant {
        @Moderate
        String chat(String message);
    }

    @Test
    void moderateFlagsAnUnsafeQuestionAndPassesASafeOne() {
        try (NimSimulator sim = NimSimulator.builder().start();
                NimClient nim = Sim.nim(sim)) {
            ModeratedAssistant assistant = AiServices.builder(ModeratedAssistant.class)
                    .chatModel(Sim.chatModel(sim))
                    .moderationModel(NemoGuardModerationModel.of(Sim.rails(nim)))
                    .build();

            assertEquals(ApplicationReply.DEFAULT_TEXT, assistant.chat("How do I brew tea?"));
            ModerationException e = assertThrows(ModerationException.class, () -> assistant.chat(Sim.UNSAFE_QUESTION));
            assertEquals(Sim.UNSAFE_QUESTION, e.moderation().flaggedText());
        }
    }

    @Test
    void flaggedResponseCarriesRailCategoriesAndTheFirstFlaggedText() {
        try (NimSimulator sim = NimSimulator.builder().start();
                NimClient nim = Sim.nim(sim)) {
            ModerationResponse response = NemoGuardModerationModel.of(Sim.rails(nim))
                    .moderate(ModerationRequest.builder()
                            .texts(List.of("Tea?", Sim.UNSAFE_QUESTION, "Let's talk about the election"))
                            .build());

            assertTrue(response.moderation().flagged());
            assertEquals(Sim.UNSAFE_QUESTION, response.moderation().flaggedText());
            assertEquals("content-safety-input", response.metadata().get(NemoGuardModerationModel.METADATA_RAIL));
            assertEquals(
                    List.of("Violence", "Criminal Planning/Confessions"),
                    response.metadata().get(NemoGuardModerationModel.METADATA_CATEGORIES));

            ModerationResponse safe = NemoGuardModerationModel.of(Sim.rails(nim))
                    .moderate(ModerationRequest.builder().texts(List.of("Tea?")).build());
            assertFalse(safe.moderation().flagged());
            assertEquals(0, safe.metadata().size());
        }
    }

    @Test
    void aGuardOutageFlagsUnderFailClosed() {
        try (NimSimulator sim = NimSimulator.builder()
                        .faults(r -> Optional.of(Fault.status(503)))
                        .start();
                NimClient nim = Sim.nim(sim)) {
            Guardrails closed = Sim.rails(nim, FailurePolicy.FAIL_CLOSED);
            ModerationResponse response = NemoGuardModerationModel.of(closed)
                    .moderate(ModerationRequest.builder().texts(List.of("Tea?")).build());

            assertTrue(response.moderation().flagged());
            assertEquals("HTTP_STATUS", response.metadata().get(NemoGuardModerationModel.METADATA_ERROR));
        }
    }
}
