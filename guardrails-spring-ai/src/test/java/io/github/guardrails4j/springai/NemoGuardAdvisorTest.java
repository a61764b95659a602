package io.github.guardrails4j.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RegexRail;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.Ordered;

/** The advisor's builder, constants and blocked exception; its behaviour in a ChatClient is tested in the starter. */
class NemoGuardAdvisorTest {
    private static final Guardrails ONE_RAIL = Guardrails.builder()
            .rail(RegexRail.of("no-secrets", RailDirection.INPUT, Pattern.compile("secret"), "Secrets"))
            .unguarded(RailDirection.OUTPUT)
            .build();

    @Test
    void defaults() {
        NemoGuardAdvisor advisor = NemoGuardAdvisor.builder(ONE_RAIL).build();

        assertEquals("NemoGuardAdvisor", advisor.getName());
        assertEquals(Ordered.HIGHEST_PRECEDENCE + 100, advisor.getOrder());
        assertEquals("Sorry, I can't help with that.", advisor.refusal());
        assertEquals(BlockAction.REFUSE, advisor.blockAction());
        assertEquals(StreamingConfig.ofDefaults(), advisor.streaming());
    }

    @Test
    void aGuardrailsWithoutRailsIsRefusedAtBuildTime() {
        // Guardrails itself refuses to build without rails, so no advisor can be made over one
        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> Guardrails.builder().build());
        assertTrue(e.getMessage().startsWith("Guardrails has no rails"), e.getMessage());
    }

    @Test
    void anOutputWithoutRailsMustBeDeclaredUnguarded() {
        Guardrails inputOnly = Guardrails.builder()
                .rail(RegexRail.of("no-secrets", RailDirection.INPUT, Pattern.compile("secret"), "Secrets"))
                .build();
        assertThrows(
                ConfigurationException.class,
                () -> NemoGuardAdvisor.builder(inputOnly).build());
    }

    @Test
    void aBlankRefusalIsRefused() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> NemoGuardAdvisor.builder(ONE_RAIL).refusal(" "));

        assertEquals(
                "NemoGuardAdvisor refusal must be a non-blank text, got \" \"; set the text your users should see, or"
                        + " keep the default",
                e.getMessage());
    }

    @Test
    void blockedExceptionNamesTheRailAndWhy() {
        Verdict unsafe = Verdict.builder("content-safety-input")
                .outcome(Outcome.UNSAFE)
                .categories(List.of("Violence"))
                .build();
        NemoGuardBlockedException e = new NemoGuardBlockedException(
                GuardResult.blocked(RailDirection.INPUT, unsafe, List.of(unsafe), Duration.ZERO), null);

        assertEquals(ErrorReason.CONTENT_BLOCKED, e.reason());
        assertEquals(RailDirection.INPUT, e.direction());
        assertEquals(
                "The user's message was blocked by rail content-safety-input: unsafe, categories [Violence].",
                e.getMessage());
    }

    @Test
    void blockedExceptionOfAFailedFailClosedRailKeepsTheErrorsReason() {
        Verdict error = Verdict.error(
                "jailbreak-detection",
                new GuardTimeoutException("no answer in 15 s", Duration.ofSeconds(15), null),
                Duration.ofSeconds(15));
        NemoGuardBlockedException e = new NemoGuardBlockedException(
                GuardResult.blocked(RailDirection.OUTPUT, error, List.of(error), Duration.ofSeconds(15)), null);

        assertEquals(ErrorReason.TIMEOUT, e.reason());
        assertEquals(
                "The answer was blocked by rail jailbreak-detection: the guard failed (TIMEOUT) and the rail fails"
                        + " closed.",
                e.getMessage());
    }

    @Test
    void anAllowedResultIsNotABlock() {
        GuardResult allowed = GuardResult.allowed(RailDirection.INPUT, List.of(), Duration.ZERO);

        assertThrows(IllegalArgumentException.class, () -> new NemoGuardBlockedException(allowed, null));
    }
}
