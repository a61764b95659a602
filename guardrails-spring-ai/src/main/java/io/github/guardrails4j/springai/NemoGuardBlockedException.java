package io.github.guardrails4j.springai;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.Objects;

/**
 * Thrown (or signalled as a stream's error) by {@link NemoGuardAdvisor} built with {@link BlockAction#THROW} when
 * a rail blocked the user's message or the answer. The reason is {@link ErrorReason#CONTENT_BLOCKED} for an unsafe
 * verdict, or the error's own reason when a fail-closed rail failed (a guard outage is never read as safe).
 *
 * <p>On a stream blocked mid-answer the cause is core's {@link io.github.guardrails4j.stream.ContentBlockedException}
 * (chunk index, offset, released characters).
 */
public class NemoGuardBlockedException extends GuardrailsException {
    private static final long serialVersionUID = 1L;

    private final transient GuardResult result;

    /**
     * Sets result.
     *
     * @param result the blocked result; never null
     * @param cause the stream's block, or null for a call
     * @throws IllegalArgumentException when the result is not blocked
     */
    public NemoGuardBlockedException(GuardResult result, Throwable cause) {
        super(reasonOf(result), messageOf(result), cause);
        this.result = result;
    }

    /** {@return the blocked result (rail, verdicts, latency); null only after Java deserialization} */
    public GuardResult result() {
        return result;
    }

    /** {@return whether the user's message (INPUT) or the answer (OUTPUT) was blocked} */
    public RailDirection direction() {
        return result.direction();
    }

    private static ErrorReason reasonOf(GuardResult result) {
        Objects.requireNonNull(result, "result");
        if (!result.blocked()) {
            throw new IllegalArgumentException("result is not blocked: " + result);
        }
        Verdict v = result.blockingVerdict().orElseThrow();
        return v.outcome() == Outcome.ERROR
                ? v.errorReason().orElse(ErrorReason.INTERNAL)
                : ErrorReason.CONTENT_BLOCKED;
    }

    private static String messageOf(GuardResult result) {
        Verdict v = result.blockingVerdict().orElseThrow();
        String what = result.direction() == RailDirection.INPUT ? "The user's message" : "The answer";
        String why = v.outcome() == Outcome.ERROR
                ? "the guard failed (" + v.errorReason().map(Enum::name).orElse("INTERNAL")
                        + ") and the rail fails closed"
                : "unsafe" + (v.categories().isEmpty() ? "" : ", categories " + v.categories());
        return what + " was blocked by rail " + v.rail() + ": " + why + ".";
    }
}
