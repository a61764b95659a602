package io.github.guardrails4j;

import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RailEvent;
import java.util.function.IntFunction;

/**
 * The rail events of one check, paired: every rail gets exactly one start and then exactly one end (ended, failed
 * or cancelled), in that order, whichever thread gets there first. A rail the race never started, because another
 * rail decided first, is reported started and cancelled when the check ends, so a listener sees one pair per rail
 * of every check. Package-private; thread safe: one lock per check, held while the listener is called, so that a
 * rail's end can never overtake its start (other checks never wait on it).
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
     * Reports every rail without a verdict as cancelled, starting the ones that never started first.
     *
     * @param startEvent the start event of a rail, by index
     * @param cancelEvent the cancel event of a rail, by index
     */
    synchronized void cancelRest(IntFunction<RailEvent> startEvent, IntFunction<RailEvent> cancelEvent) {
        for (int i = 0; i < states.length; i++) {
            if (states[i] == NOT_STARTED) {
                listener.railStarted(startEvent.apply(i));
            }
            if (states[i] != ENDED) {
                states[i] = ENDED;
                listener.railCancelled(cancelEvent.apply(i));
            }
        }
    }
}
