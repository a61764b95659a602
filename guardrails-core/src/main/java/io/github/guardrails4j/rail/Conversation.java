package io.github.guardrails4j.rail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The turns of a conversation that came before the text being checked: the host's system prompt, earlier user
 * messages and earlier LLM answers, in order. A {@link RailRequest} carries one beside the user's message (and, for
 * output checks, the answer); each guard model decides what of it to send (see {@code docs/verdicts.md}). Today's
 * single-message checks carry {@link #empty()}.
 *
 * <p>Immutable and thread safe. {@link #toString()} never prints the text.
 */
public final class Conversation {
    private static final Conversation EMPTY = new Conversation(List.of());

    /** Who wrote a turn. */
    public enum Role {
        /** The host's instructions to its LLM. */
        SYSTEM,
        /** The end user. */
        USER,
        /** The host's LLM. */
        ASSISTANT
    }

    /**
     * One turn.
     *
     * @param role who wrote it
     * @param text what was written, verbatim
     */
    public record Turn(Role role, String text) {
        /**
         * Checks for nulls.
         *
         * @param role see the record
         * @param text see the record
         * @throws NullPointerException when role or text is null
         */
        public Turn {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(text, "text");
        }

        /** Never prints the text: it may be personal data. */
        @Override
        public String toString() {
            return "Turn{" + role + ", chars=" + text.length() + '}';
        }
    }

    private final List<Turn> turns;

    private Conversation(List<Turn> turns) {
        this.turns = turns;
    }

    /** {@return the conversation with no turns} */
    public static Conversation empty() {
        return EMPTY;
    }

    /**
     * Sets turns.
     *
     * @param turns the turns, in order
     * @return a conversation holding a copy of them
     * @throws NullPointerException when turns or one of them is null
     */
    public static Conversation of(List<Turn> turns) {
        return turns.isEmpty() ? EMPTY : new Conversation(List.copyOf(turns));
    }

    /**
     * Sets role.
     *
     * @param role who wrote the turn
     * @param text the text, verbatim
     * @return a new conversation: these turns, then the new one
     * @throws NullPointerException when an argument is null
     */
    public Conversation plus(Role role, String text) {
        List<Turn> more = new ArrayList<>(turns.size() + 1);
        more.addAll(turns);
        more.add(new Turn(role, text));
        return new Conversation(List.copyOf(more));
    }

    /** {@return the turns, in order; unmodifiable} */
    public List<Turn> turns() {
        return turns;
    }

    /** {@return true when there are no turns} */
    public boolean isEmpty() {
        return turns.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Conversation && ((Conversation) o).turns.equals(turns);
    }

    @Override
    public int hashCode() {
        return turns.hashCode();
    }

    /** Never prints the text. */
    @Override
    public String toString() {
        return "Conversation{turns=" + turns.size() + '}';
    }
}
