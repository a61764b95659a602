package io.github.guardrails4j.model.builtin;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.RailRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The earlier user and assistant turns a content safety model is sent besides the judged turn(s): the host's
 * system turns are instructions to its own LLM and never sent. Package-private; stateless and thread safe.
 */
final class HistoryTurns {
    /** Most earlier turns a content safety model may be sent: {@value}. */
    static final int MAX = 64;

    private HistoryTurns() {}

    /**
     * The last earlier turns.
     *
     * @param request the conversation
     * @param n how many of the last earlier user and assistant turns, 0 for none
     * @return the turns, oldest first, never starting with an assistant turn
     */
    static List<Conversation.Turn> last(RailRequest request, int n) {
        if (n == 0) {
            return List.of();
        }
        List<Conversation.Turn> all = new ArrayList<>();
        for (Conversation.Turn t : request.history().turns()) {
            if (t.role() != Conversation.Role.SYSTEM) {
                all.add(t);
            }
        }
        List<Conversation.Turn> window = new ArrayList<>(all.subList(Math.max(0, all.size() - n), all.size()));
        while (!window.isEmpty() && window.get(0).role() == Conversation.Role.ASSISTANT) {
            window.remove(0);
        }
        return window;
    }

    /**
     * Sets n.
     *
     * @param n the setting
     * @throws ConfigurationException when n is outside 0..{@value #MAX}
     */
    static void validate(int n) {
        if (n < 0 || n > MAX) {
            throw new ConfigurationException("historyTurns must be between 0 (NeMo's default: the last user turn only) "
                    + "and " + MAX + ", got " + n);
        }
    }
}
