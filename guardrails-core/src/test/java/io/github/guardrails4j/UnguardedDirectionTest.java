package io.github.guardrails4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.stream.StreamingGuard;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A misconfiguration never allows: no rails at all is a build error, and checking a direction without rails fails
 * with a clear error unless the host declared that direction unguarded.
 */
class UnguardedDirectionTest {
    private static Guardrails inputOnly() {
        return Guardrails.builder()
                .rail(new ManualRail("in", RailDirection.INPUT))
                .build();
    }

    private static Guardrails outputOnly() {
        return Guardrails.builder()
                .rail(new ManualRail("out", RailDirection.OUTPUT))
                .build();
    }

    @Test
    void guardrailsWithoutRailsIsAConfigurationError() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> Guardrails.builder().build());
        assertTrue(e.getMessage().contains("no rails"), e.getMessage());
    }

    @Test
    void guardrailsWithBothDirectionsUnguardedIsStillAConfigurationError() {
        assertThrows(
                ConfigurationException.class,
                () -> Guardrails.builder()
                        .unguarded(RailDirection.INPUT)
                        .unguarded(RailDirection.OUTPUT)
                        .build());
    }

    @Test
    void checkingOutputWithoutOutputRailsFailsClearly() {
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> inputOnly().checkOutput("hi", "answer"));
        assertTrue(e.getMessage().contains("no output rails"), e.getMessage());
        assertTrue(e.getMessage().contains("unguarded(RailDirection.OUTPUT)"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> inputOnly().checkOutputBlocking("hi", "answer"));
    }

    @Test
    void checkingInputWithoutInputRailsFailsClearly() {
        ConfigurationException e =
                assertThrows(ConfigurationException.class, () -> outputOnly().checkInput("hi"));
        assertTrue(e.getMessage().contains("no input rails"), e.getMessage());
    }

    @Test
    void aDirectionDeclaredUnguardedIsAllowedWithZeroVerdicts() {
        Guardrails g = inputOnly().toBuilder().unguarded(RailDirection.OUTPUT).build();
        GuardResult r = g.checkOutput("hi", "answer").join();
        assertTrue(r.allowed());
        assertEquals(List.of(), r.verdicts());
        assertEquals(java.util.Set.of(RailDirection.OUTPUT), g.unguardedDirections());
    }

    @Test
    void declaringADirectionWithRailsUnguardedIsAConfigurationError() {
        assertThrows(
                ConfigurationException.class,
                () -> inputOnly().toBuilder().unguarded(RailDirection.INPUT).build());
    }

    @Test
    void guardWithoutOutputRailsNeverHandsOutTheAnswer() {
        AtomicInteger llmCalls = new AtomicInteger();
        LlmCall llm = message -> {
            llmCalls.incrementAndGet();
            return CompletableFuture.completedFuture("the answer");
        };
        assertThrows(ConfigurationException.class, () -> inputOnly().guard("hi", llm));
        assertThrows(ConfigurationException.class, () -> outputOnly().guard("hi", llm));
        assertEquals(0, llmCalls.get(), "the LLM is not called when the turn cannot be guarded");
    }

    @Test
    void streamingGuardNeedsOutputRails() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> StreamingGuard.create(inputOnly()));
        assertTrue(e.getMessage().contains("no output rails"), e.getMessage());
        StreamingGuard.create(
                inputOnly().toBuilder().unguarded(RailDirection.OUTPUT).build());
    }
}
