package io.github.guardrails4j.micrometer;

import io.micrometer.core.instrument.LongTaskTimer;
import java.util.concurrent.TimeUnit;

/**
 * One timed span of the metrics-only path ({@link TimingListener}): what an observation would record through
 * Micrometer's meter handler, without the observation. At start it starts the {@code .active} long task timer of the
 * start's meters (whose sample reads the registry's clock; without it the span reads the clock itself); at stop it
 * stops the sample and records the timer of the end's meters with the {@code error} tag and the sample's duration.
 * Started and stopped once, possibly on different threads; immutable after construction.
 *
 * @param <C> what the listener needs at the end: the rail's resolved {@link RailTimers} under the default
 *     convention, the context a host's convention reads otherwise (null for a request under the default convention)
 */
final class MeterSpan<C> {
    private final ObservationMeters meters;
    private final ObservationMeters.TagSetMeters start;
    private final LongTaskTimer.Sample active;
    private final long startNanos;
    private final C context;

    /**
     * Starts a span.
     *
     * @param meters the meters
     * @param start the meters of the observation's name and low-cardinality key values at start
     * @param context what the listener needs at the end, or null
     * @param longTaskTimer whether to start the {@code .active} long task timer
     */
    MeterSpan(ObservationMeters meters, ObservationMeters.TagSetMeters start, C context, boolean longTaskTimer) {
        this.meters = meters;
        this.start = start;
        this.context = context;
        this.active = longTaskTimer ? start.longTaskTimer().start() : null;
        // the long task timer's sample read the clock already: its stop gives the duration
        this.startNanos = active == null ? meters.monotonicTime() : 0;
    }

    /** {@return what the listener needs at the end, or null} */
    C context() {
        return context;
    }

    /** {@return the meters of the start} */
    ObservationMeters.TagSetMeters start() {
        return start;
    }

    /**
     * Counts an event, as Micrometer's handler does for an observation event: {@code <name>.<event>} with the tags
     * of the start.
     *
     * @param event the event's name
     */
    void event(String event) {
        start.counter(event).increment();
    }

    /**
     * Stops the span: stops the long task timer's sample and records the timer.
     *
     * @param end the meters of the observation's name and low-cardinality key values at the end
     * @param error the simple class name of the observation's error, or {@code none}
     */
    void stop(ObservationMeters.TagSetMeters end, String error) {
        long elapsed = active == null ? meters.monotonicTime() - startNanos : active.stop();
        end.timer(error).record(elapsed, TimeUnit.NANOSECONDS);
    }
}
