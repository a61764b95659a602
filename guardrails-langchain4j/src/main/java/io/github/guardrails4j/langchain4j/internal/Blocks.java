package io.github.guardrails4j.langchain4j.internal;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Messages and checks shared by the LangChain4j adapters: rail lists, block descriptions, construction rules.
 *
 * <p>Stateless and thread safe. Internal; not an API.
 */
public final class Blocks {

    private Blocks() {}

    /**
     * Requires rails in one direction.
     *
     * @param guardrails the guardrails, not null
     * @param input true for input rails, false for output rails
     * @param who the adapter being built, for the message
     * @return the rails, never empty
     * @throws ConfigurationException when there is none
     * @throws NullPointerException when guardrails is null
     */
    public static List<Rail> requireRails(Guardrails guardrails, boolean input, String who) {
        Objects.requireNonNull(guardrails, "guardrails");
        List<Rail> rails = input ? guardrails.inputRails() : guardrails.outputRails();
        if (rails.isEmpty()) {
            String direction = input ? "input" : "output";
            throw new ConfigurationException(who + " needs a Guardrails with at least one " + direction
                    + " rail, got " + guardrails + " (no " + direction + " rail would allow everything); add one "
                    + "with Guardrails.builder().rail(...), e.g. ContentSafetyRail." + direction
                    + "(nimClient).build()");
        }
        return rails;
    }

    /**
     * Sets rails.
     *
     * @param rails the rails
     * @return {@code NemoGuard[a, b]}
     */
    public static String name(List<Rail> rails) {
        return "NemoGuard" + rails.stream().map(Rail::name).collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * A message naming the blocking rail and its categories, or the guard failure, without the checked text.
     *
     * @param result a blocked result
     * @param what what was checked, e.g. {@code "the user message"}
     * @return e.g. {@code Blocked by NemoGuard rail content-safety-input: the user message is unsafe (Violence)}
     */
    public static String message(GuardResult result, String what) {
        Optional<Verdict> verdict = result.blockingVerdict();
        if (verdict.isEmpty()) {
            return "Blocked by NemoGuard rails: " + what + " was not allowed";
        }
        Verdict v = verdict.get();
        if (v.outcome() == Outcome.ERROR) {
            return "Blocked by NemoGuard rail " + v.rail() + ": the guard failed ("
                    + v.errorReason().map(Enum::name).orElse("ERROR") + ") and the rail fails closed, so " + what
                    + " was not checked";
        }
        String categories = v.categories().isEmpty() ? "" : " (" + String.join(", ", v.categories()) + ")";
        return "Blocked by NemoGuard rail " + v.rail() + ": " + what + " is unsafe" + categories;
    }

    /**
     * Sets result.
     *
     * @param result a blocked result
     * @return the guard's failure when the block is a fail-closed error, else empty
     */
    public static Optional<GuardrailsException> error(GuardResult result) {
        return result.blockingVerdict().flatMap(Verdict::error);
    }
}
