package io.github.guardrails4j.model.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.guardrails4j.model.EarlyDecision;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The NemoGuard early-decision rule decides UNSAFE early and never SAFE: the end of the stream decides SAFE. */
class NemoGuardEarlyDecisionTest {
    private static EarlyDecision rule(RailDirection direction) {
        return NemoGuardContentSafety.create().earlyDecision(direction).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"User Safety\": \"safe\"}",
                "{\"User Safety\": \"safe\"} ",
                "{\"User Safety\": \"safe\"}{\"User Safety\": \"unsafe\"}",
                "{\"User Safety\": \"safe\"}\n{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence\"}"
            })
    void aSafeObjectIsNeverDecidedEarlyBecauseASecondObjectMayFollow(String text) {
        assertNull(rule(RailDirection.INPUT).decide(text), text);
    }

    @ParameterizedTest
    @EnumSource(RailDirection.class)
    void everyPrefixOfASafeAnswerWaitsForTheEnd(RailDirection direction) {
        String answer = direction == RailDirection.INPUT
                ? "{\"User Safety\": \"safe\"}"
                : "{\"User Safety\": \"safe\", \"Response Safety\": \"safe\"}";
        EarlyDecision rule = rule(direction);
        for (int i = 0; i <= answer.length(); i++) {
            assertNull(rule.decide(answer.substring(0, i)), answer.substring(0, i));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{\"User Safety\": \"unsafe\",", "{\"User Safety\": \"unsafe\"}", "{\"User Safety\": \"x\""})
    void unsafeIsStillDecidedAtTheClosingQuote(String text) {
        assertEquals(Outcome.UNSAFE, rule(RailDirection.INPUT).decide(text));
    }
}
