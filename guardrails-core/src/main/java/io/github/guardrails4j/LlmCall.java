package io.github.guardrails4j;

import java.util.concurrent.CompletableFuture;

/**
 * The host's call to its own LLM, for {@link Guardrails#guard(String, LlmCall)}.
 *
 * <p>Implementations start the call and return at once. Cancelling the returned future should cancel the LLM call:
 * with speculative generation the turn cancels it when the input is blocked.
 */
@FunctionalInterface
public interface LlmCall {
    /**
     * Starts generating an answer.
     *
     * @param userMessage the user's message, verbatim
     * @return a future of the complete answer text
     */
    CompletableFuture<String> generate(String userMessage);
}
