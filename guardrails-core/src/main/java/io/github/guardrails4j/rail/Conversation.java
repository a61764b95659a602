package io.github.guardrails4j.rail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The turns of a conversation: the host's system prompt, user messages and LLM answers, in order (as history
 * before the text being checked, or as a whole conversation whose last turn is the user's, for
 * {@code Guardrails.checkInput(Conversation)}). A turn is text; parts that are not text (images, tool calls,
 * tool results) are recorded by kind ({@link Turn#unchecked()}) and never dropped silently. A {@link RailRequest} carries one beside the user's message (and, for
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
     * @param text what was written, verbatim: the turn's text parts (the only part guard models check)
     * @param unchecked the kinds of the turn's parts that are not text and so are not checked, for example
     *     {@code image}, {@code tool_call} or {@code tool_result}; copied, in order, without repeats; empty for a
     *     text-only turn. Checks of a conversation with such parts say so on their verdicts (the note
     *     {@code unchecked-content:<kind>}), or are rejected when the host asks for it
     */
    public record Turn(Role role, String text, List<String> unchecked) {
        /**
         * Checks for nulls and copies.
         *
         * @param role see the record
         * @param text see the record
         * @param unchecked see the record
         * @throws NullPointerException when an argument or a kind is null
         * @throws IllegalArgumentException when a kind is blank
         */
        public Turn {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(text, "text");
            List<String> kinds = new ArrayList<>();
            for (String k : unchecked) {
                if (k.isBlank()) {
                    throw new IllegalArgumentException("an unchecked part's kind must not be blank");
                }
                if (!kinds.contains(k)) {
                    kinds.add(k);
                }
            }
            unchecked = List.copyOf(kinds);
        }

        /**
         * A text-only turn.
         *
         * @param role who wrote it
         * @param text what was written, verbatim
         * @throws NullPointerException when role or text is null
         */
        public Turn(Role role, String text) {
            this(role, text, List.of());
        }

        /** Never prints the text: it may be personal data. */
        @Override
        public String toString() {
            return "Turn{" + role + ", chars=" + text.length() + (unchecked.isEmpty() ? "" : ", unchecked=" + unchecked)
                    + '}';
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
        return plus(new Turn(role, text));
    }

    /**
     * Sets turn.
     *
     * @param turn the next turn
     * @return a new conversation: these turns, then the new one
     * @throws NullPointerException when turn is null
     */
    public Conversation plus(Turn turn) {
        Objects.requireNonNull(turn, "turn");
        List<Turn> more = new ArrayList<>(turns.size() + 1);
        more.addAll(turns);
        more.add(turn);
        return new Conversation(List.copyOf(more));
    }

    /** {@return the kinds of the parts of all turns that are not text, in order, without repeats} */
    public List<String> unchecked() {
        List<String> kinds = new ArrayList<>();
        for (Turn t : turns) {
            for (String k : t.unchecked()) {
                if (!kinds.contains(k)) {
                    kinds.add(k);
                }
            }
        }
        return List.copyOf(kinds);
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
