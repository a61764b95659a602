package io.github.guardrails4j.stream;

import java.util.concurrent.Flow;

/**
 * The host's call to its own LLM that streams, for {@link StreamingGuard#guardTurn(String, StreamingLlmCall)}: like
 * {@link io.github.guardrails4j.LlmCall}, but the answer arrives as text deltas.
 *
 * <p>Implementations return a publisher at once; the call starts when it is subscribed to. Cancelling the
 * subscription should cancel the LLM call: the turn cancels it when the input or a chunk is blocked.
 */
@FunctionalInterface
public interface StreamingLlmCall {
    /**
     * Starts generating an answer.
     *
     * @param userMessage the user's message, verbatim
     * @return a publisher of the answer's text deltas, in order (one subscriber)
     */
    Flow.Publisher<String> stream(String userMessage);
}
