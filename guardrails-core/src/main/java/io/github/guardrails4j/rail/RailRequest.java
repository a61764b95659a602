package io.github.guardrails4j.rail;

import java.util.Objects;
import java.util.Optional;

/**
 * The text a rail checks: the user's message and, for output rails, the LLM's answer. Immutable and thread safe;
 * one request may be handed to many rails at once.
 */
public final class RailRequest {
    private final String userMessage;
    private final String botResponse;

    private RailRequest(String userMessage, String botResponse) {
        this.userMessage = Objects.requireNonNull(userMessage, "userMessage must not be null (use \"\" for none)");
        this.botResponse = botResponse;
    }

    /**
     * A request for input rails.
     *
     * @param userMessage the user's message, verbatim; may be empty
     * @return the request
     * @throws NullPointerException when userMessage is null
     */
    public static RailRequest ofInput(String userMessage) {
        return new RailRequest(userMessage, null);
    }

    /**
     * A request for output rails.
     *
     * @param userMessage the user's message, verbatim; may be empty
     * @param botResponse the LLM's answer, verbatim; may be empty
     * @return the request
     * @throws NullPointerException when either is null
     */
    public static RailRequest ofOutput(String userMessage, String botResponse) {
        return new RailRequest(userMessage, Objects.requireNonNull(botResponse, "botResponse must not be null"));
    }

    /** {@return the user's message, verbatim} */
    public String userMessage() {
        return userMessage;
    }

    /** {@return the LLM's answer, or empty for an input check} */
    public Optional<String> botResponse() {
        return Optional.ofNullable(botResponse);
    }

    /**
     * The text this request asks a rail of the given direction to judge.
     *
     * @param direction the rail's direction
     * @return the user's message for input rails, the LLM's answer for output rails
     * @throws IllegalStateException when an output rail gets a request without an answer
     */
    public String textFor(RailDirection direction) {
        if (direction == RailDirection.INPUT) {
            return userMessage;
        }
        if (botResponse == null) {
            throw new IllegalStateException("an output rail needs the LLM's answer; build the request with ofOutput");
        }
        return botResponse;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RailRequest
                && ((RailRequest) o).userMessage.equals(userMessage)
                && Objects.equals(((RailRequest) o).botResponse, botResponse);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userMessage, botResponse);
    }

    /** Never prints user content: the text may be personal data. */
    @Override
    public String toString() {
        return "RailRequest{userMessageChars=" + userMessage.length()
                + (botResponse == null ? "" : ", botResponseChars=" + botResponse.length()) + '}';
    }
}
