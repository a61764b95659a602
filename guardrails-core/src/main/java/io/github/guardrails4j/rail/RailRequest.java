package io.github.guardrails4j.rail;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The text a rail checks: the user's message and, for output rails, the LLM's answer, with the conversation that
 * came before them ({@link Conversation#empty()} for single-message checks). Immutable and thread safe; one request
 * may be handed to many rails at once.
 */
public final class RailRequest {
    private final Conversation history;
    private final String userMessage;
    private final String answer;
    private final List<String> unchecked;

    private RailRequest(Conversation history, String userMessage, String answer) {
        this(history, userMessage, answer, history.unchecked());
    }

    private RailRequest(Conversation history, String userMessage, String answer, List<String> unchecked) {
        this.unchecked = List.copyOf(unchecked);
        this.history = Objects.requireNonNull(history, "history must not be null (use Conversation.empty())");
        this.userMessage = Objects.requireNonNull(userMessage, "userMessage must not be null (use \"\" for none)");
        this.answer = answer;
    }

    /**
     * A request for input rails.
     *
     * @param userMessage the user's message, verbatim; may be empty
     * @return the request
     * @throws NullPointerException when userMessage is null
     */
    public static RailRequest ofInput(String userMessage) {
        return new RailRequest(Conversation.empty(), userMessage, null);
    }

    /**
     * A request for output rails.
     *
     * @param userMessage the user's message, verbatim; may be empty
     * @param answer the LLM's answer, verbatim; may be empty
     * @return the request
     * @throws NullPointerException when either is null
     */
    public static RailRequest ofOutput(String userMessage, String answer) {
        return new RailRequest(
                Conversation.empty(), userMessage, Objects.requireNonNull(answer, "answer must not be null"));
    }

    /**
     * A request with the conversation that came before the user's message.
     *
     * @param history the earlier turns, in order
     * @param userMessage the user's message, verbatim
     * @param answer the LLM's answer for an output check, or null for an input check
     * @return the request
     * @throws NullPointerException when history or userMessage is null
     */
    public static RailRequest of(Conversation history, String userMessage, String answer) {
        return new RailRequest(history, userMessage, answer);
    }

    /**
     * A request for a conversation: its last turn is the user's message to check; the turns before it are the
     * history.
     *
     * @param conversation the conversation, ending with the user's turn
     * @param answer the LLM's answer to that turn for an output check, or null for an input check
     * @return the request
     * @throws IllegalArgumentException when the conversation is empty or does not end with a user turn
     * @throws NullPointerException when conversation is null
     */
    public static RailRequest ofConversation(Conversation conversation, String answer) {
        List<Conversation.Turn> turns = conversation.turns();
        if (turns.isEmpty() || turns.get(turns.size() - 1).role() != Conversation.Role.USER) {
            throw new IllegalArgumentException("a conversation to check must end with the user's turn (got "
                    + (turns.isEmpty()
                            ? "no turns"
                            : "a last turn of role "
                                    + turns.get(turns.size() - 1).role())
                    + "); pass the LLM's answer separately for an output check");
        }
        return new RailRequest(
                Conversation.of(turns.subList(0, turns.size() - 1)),
                turns.get(turns.size() - 1).text(),
                answer,
                conversation.unchecked());
    }

    /**
     * The kinds of the conversation's parts that are not text (images, tool calls, tool results), the user's turn
     * included: they are not sent to guard models.
     *
     * @return the kinds, in order, without repeats; empty when everything is text
     */
    public List<String> unchecked() {
        return unchecked;
    }

    /** {@return the turns before the user's message; empty for single-message checks} */
    public Conversation history() {
        return history;
    }

    /** {@return the user's message, verbatim} */
    public String userMessage() {
        return userMessage;
    }

    /** {@return the LLM's answer, or empty for an input check} */
    public Optional<String> answer() {
        return Optional.ofNullable(answer);
    }

    /**
     * The same conversation with another text in the judged position: the user's message for
     * {@link RailDirection#INPUT}, the answer for {@link RailDirection#OUTPUT} (for checking a window of it).
     *
     * @param direction which text to replace
     * @param text the replacement, verbatim
     * @return the new request
     * @throws NullPointerException when an argument is null
     */
    public RailRequest withJudged(RailDirection direction, String text) {
        Objects.requireNonNull(text, "text");
        return direction == RailDirection.INPUT
                ? new RailRequest(history, text, answer, unchecked)
                : new RailRequest(history, userMessage, text, unchecked);
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
        if (answer == null) {
            throw new IllegalStateException("an output rail needs the LLM's answer; build the request with ofOutput");
        }
        return answer;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RailRequest
                && ((RailRequest) o).history.equals(history)
                && ((RailRequest) o).userMessage.equals(userMessage)
                && Objects.equals(((RailRequest) o).answer, answer)
                && ((RailRequest) o).unchecked.equals(unchecked);
    }

    @Override
    public int hashCode() {
        return Objects.hash(history, userMessage, answer);
    }

    /** Never prints user content: the text may be personal data. */
    @Override
    public String toString() {
        return "RailRequest{"
                + (history.isEmpty() ? "" : "historyTurns=" + history.turns().size() + ", ")
                + "userMessageChars=" + userMessage.length()
                + (answer == null ? "" : ", answerChars=" + answer.length()) + '}';
    }
}
