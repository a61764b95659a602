package io.github.guardrails4j;

import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.verdict.Outcome;
import java.util.function.IntFunction;

/**
 * The rail events of one check, paired: every rail gets exactly one start and then exactly one end (ended, failed
 * or cancelled), in that order, whichever thread gets there first. A rail the race never started, because another
 * rail decided first, is reported started and cancelled when the check ends, so a listener sees one pair per rail
 * of every check; a rail whose verdict the check's result holds is reported with it even if its own thread comes
 * late. Package-private; thread safe: one lock per check, held while the listener is called, so that a
 * rail's end can never overtake its start (other checks never wait on it). That lock is also what the
 * happens-before order stated in {@link GuardrailsListener} rests on (a rail's start before its end, every end
 * before {@code checkEnded}; listeners such as the Micrometer module's keep plain fields because of it): every
 * listener call of a rail's start or end stays under it, and {@link #endRest} runs before {@code checkEnded}.
 */
final class RailPairs {
    private static final byte NOT_STARTED = 0;
    private static final byte STARTED = 1;
    private static final byte ENDED = 2;

    private final GuardrailsListener listener;
    private final byte[] states;

    RailPairs(GuardrailsListener listener, int rails) {
        this.listener = listener;
        this.states = new byte[rails];
    }

    /**
     * Reports a rail's start, unless the check already ended it (cancelled before it started).
     *
     * @param rail the rail's index
     * @param event the start event
     */
    synchronized void started(int rail, RailEvent event) {
        if (states[rail] == NOT_STARTED) {
            states[rail] = STARTED;
            listener.railStarted(event);
        }
    }

    /**
     * Reports a started rail's verdict, once.
     *
     * @param rail the rail's index
     * @param event the end event, with the verdict
     * @param failed true for {@code railFailed}, false for {@code railEnded}
     */
    synchronized void ended(int rail, RailEvent event, boolean failed) {
        if (states[rail] != STARTED) {
            return;
        }
        states[rail] = ENDED;
        if (failed) {
            listener.railFailed(event);
        } else {
            listener.railEnded(event);
        }
    }

    /**
     * Ends every rail that has no end yet, when the check ends: a rail whose verdict the check's result holds (the
     * race took it before the decision, but its thread has not reported it yet) ends with that verdict; the others
     * are cancelled, the ones that never started being started first.
     *
     * @param startEvent the start event of a rail, by index
     * @param endEvent the end event of a rail, by index: with the verdict the result holds, else without one
     */
    synchronized void endRest(IntFunction<RailEvent> startEvent, IntFunction<RailEvent> endEvent) {
        for (int i = 0; i < states.length; i++) {
            if (states[i] == NOT_STARTED) {
                listener.railStarted(startEvent.apply(i));
            }
            if (states[i] != ENDED) {
                states[i] = ENDED;
                RailEvent end = endEvent.apply(i);
                if (end.verdict() == null) {
                    listener.railCancelled(end);
                } else if (end.verdict().outcome() == Outcome.ERROR) {
                    listener.railFailed(end);
                } else {
                    listener.railEnded(end);
                }
            }
        }
    }
}
