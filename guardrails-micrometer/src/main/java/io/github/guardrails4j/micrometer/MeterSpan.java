package io.github.guardrails4j.micrometer;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import java.util.concurrent.TimeUnit;

/**
 * One timed span of the metrics-only path ({@link TimingListener}): what an observation of the context would record
 * through Micrometer's meter handler, without the observation. At start it takes the convention's low-cardinality
 * key values, starts the {@code .active} long task timer and reads the clock; at stop it takes the key values again
 * (replacing those of the same keys, as an observation's context does) and records the timer with the {@code error}
 * tag. Started and stopped once, possibly on different threads: the fields it writes after construction are none.
 *
 * @param <C> the context's type
 */
final class MeterSpan<C extends Observation.Context> {
    private final ObservationMeters meters;
    private final C context;
    private final ObservationConvention<C> convention;
    private final String name;
    private final KeyValues startTags;
    private final ObservationMeters.TagSetMeters startMeters;
    private final LongTaskTimer.Sample active;
    private final long startNanos;

    /**
     * Starts a span.
     *
     * @param meters the meters
     * @param context the context the convention reads (the listener updates it before the stop)
     * @param convention the convention an observation of the context would use
     */
    MeterSpan(ObservationMeters meters, C context, ObservationConvention<C> convention) {
        this.meters = meters;
        this.context = context;
        this.convention = convention;
        String n = convention.getName();
        this.name = n != null ? n : context.getName();
        this.startTags = convention.getLowCardinalityKeyValues(context);
        this.startMeters = meters.meters(name, startTags);
        this.active = startMeters.longTaskTimer().start();
        this.startNanos = meters.monotonicTime();
    }

    /** {@return the context the convention reads} */
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
     * @param error the simple class name of the observation's error, or {@code none}
     */
    void stop(String error) {
        long elapsed = meters.monotonicTime() - startNanos;
        KeyValues stopTags = convention.getLowCardinalityKeyValues(context);
        KeyValues tags =
                stopTags == startTags || MeterTiming.sameKeys(startTags, stopTags) ? stopTags : startTags.and(stopTags);
        meters.meters(name, tags).timer(error).record(elapsed, TimeUnit.NANOSECONDS);
        active.stop();
    }
}
