package io.github.guardrails4j.micrometer;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.observation.Observation;
import java.util.concurrent.TimeUnit;

/**
 * One timed span of the metrics-only path ({@link TimingListener}): what an observation would record through
 * Micrometer's meter handler, without the observation. At start it takes the low-cardinality key values and starts
 * the {@code .active} long task timer (whose sample reads the registry's clock; without it the span reads the clock
 * itself); at stop it stops the sample, takes the key values of the end (replacing those of the same keys, as an
 * observation's context does) and records the timer with the {@code error} tag and the sample's duration. Started and
 * stopped once, possibly on different threads; immutable after construction.
 *
 * @param <C> the type of the context a host's convention reads (null with the default conventions)
 */
final class MeterSpan<C extends Observation.Context> {
    private final ObservationMeters meters;
    private final String name;
    private final KeyValues startTags;
    private final ObservationMeters.TagSetMeters startMeters;
    private final LongTaskTimer.Sample active;
    private final long startNanos;
    private final C context;

    /**
     * Starts a span.
     *
     * @param meters the meters
     * @param name the observation's name
     * @param startTags the low-cardinality key values at start
     * @param context the context a host's convention reads, or null (the default conventions: the key values of the
     *     start and of the end have the same keys)
     * @param longTaskTimer whether to start the {@code .active} long task timer
     */
    MeterSpan(ObservationMeters meters, String name, KeyValues startTags, C context, boolean longTaskTimer) {
        this.meters = meters;
        this.name = name;
        this.startTags = startTags;
        this.context = context;
        this.startMeters = meters.meters(name, startTags);
        this.active = longTaskTimer ? startMeters.longTaskTimer().start() : null;
        // the long task timer's sample read the clock already: its stop gives the duration
        this.startNanos = active == null ? meters.monotonicTime() : 0;
    }

    /** {@return the context a host's convention reads, or null with the default conventions} */
    C context() {
        return context;
    }

    /**
     * Counts an event, as Micrometer's handler does for an observation event: {@code <name>.<event>} with the tags
     * of the start.
     *
     * @param event the event's name
     */
    void event(String event) {
        startMeters.counter(event).increment();
    }

    /**
     * Stops the span: records the timer and stops the long task timer's sample.
     *
     * @param stopTags the low-cardinality key values at the end
     * @param error the simple class name of the observation's error, or {@code none}
     */
    void stop(KeyValues stopTags, String error) {
        long elapsed = active == null ? meters.monotonicTime() - startNanos : active.stop();
        KeyValues tags = context == null || stopTags == startTags || MeterTiming.sameKeys(startTags, stopTags)
                ? stopTags
                : startTags.and(stopTags);
        meters.meters(name, tags).timer(error).record(elapsed, TimeUnit.NANOSECONDS);
    }
}
