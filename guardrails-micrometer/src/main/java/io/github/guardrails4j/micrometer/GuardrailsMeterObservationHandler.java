package io.github.guardrails4j.micrometer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The meter handler of this module's observations ({@link RailContext guardrails.rail} and
 * {@link RequestContext guardrails.request}): the same meters as Micrometer's {@link DefaultMeterObservationHandler}
 * (a {@link Timer} named after the observation, tagged with its low-cardinality key values and {@code error}; a
 * {@link LongTaskTimer} {@code <name>.active} tagged with the key values at start; a {@link Counter}
 * {@code <name>.<event>} per observation event), registered once per set of tags and then reused. A check pays a
 * map lookup per observation instead of building {@link Tags} and looking the meters up in the registry at start and
 * at stop, which is most of what Micrometer's handler costs per check (see {@code docs/performance.md}).
 *
 * <p>It handles only this module's contexts ({@link #supportsContext}); register it <em>before</em> Micrometer's
 * handler in a {@link FirstMatchingCompositeObservationHandler}, so that this module's observations are timed once,
 * by this handler, and every other observation by Micrometer's:
 *
 * <pre>{@code
 * observationRegistry.observationConfig().observationHandler(new FirstMatchingCompositeObservationHandler(
 *         new GuardrailsMeterObservationHandler(meterRegistry), new DefaultMeterObservationHandler(meterRegistry)));
 * }</pre>
 *
 * <p>Spring Boot puts every {@link MeterObservationHandler} bean into one such composite in bean order; the
 * Guardrails starter registers this handler ordered first. Tag sets are bounded by the observations'
 * low-cardinality key values (rail names, directions, verdicts, model ids, outcomes and what the host's conventions
 * and filters add, by definition few). A meter that the host removes from the registry after its first use is not
 * registered again by this handler. Thread safe.
 */
public final class GuardrailsMeterObservationHandler implements MeterObservationHandler<Observation.Context> {
    private final ObservationMeters meters;
    private final boolean longTaskTimers;

    /**
     * Makes a handler that registers its meters on the registry, long task timers included, as Micrometer's
     * {@link DefaultMeterObservationHandler#DefaultMeterObservationHandler(MeterRegistry)} does.
     *
     * @param registry the meter registry
     * @throws NullPointerException when registry is null
     */
    public GuardrailsMeterObservationHandler(MeterRegistry registry) {
        this(registry, new IgnoredMeters[0]);
    }

    /**
     * Makes a handler that skips some meters, as Micrometer's
     * {@link DefaultMeterObservationHandler#DefaultMeterObservationHandler(MeterRegistry, IgnoredMeters...)} does
     * ({@link IgnoredMeters#LONG_TASK_TIMER}: no {@code .active} long task timers). Pass the same as to the host's
     * Micrometer handler, so that every observation gets the same kinds of meters.
     *
     * @param registry the meter registry
     * @param ignored the meters not to create
     * @throws NullPointerException when an argument is null
     */
    public GuardrailsMeterObservationHandler(MeterRegistry registry, IgnoredMeters... ignored) {
        this.meters = new ObservationMeters(Objects.requireNonNull(registry, "registry"));
        this.longTaskTimers = Arrays.stream(Objects.requireNonNull(ignored, "ignored"))
                .noneMatch(i -> i == IgnoredMeters.LONG_TASK_TIMER);
    }

    /** {@return true for this module's contexts only ({@link RailContext}, {@link RequestContext})} */
    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof RailContext || context instanceof RequestContext;
    }

    @Override
    public void onStart(Observation.Context context) {
        MeterTiming timing = timing(context);
        if (longTaskTimers) {
            timing.active = meters(context, timing).longTaskTimer().start();
        }
        timing.startNanos = meters.monotonicTime();
    }

    @Override
    public void onStop(Observation.Context context) {
        MeterTiming timing = timing(context);
        long elapsed = meters.monotonicTime() - timing.startNanos;
        Throwable error = context.getError();
        meters(context, timing)
                .timer(error == null ? KeyValue.NONE_VALUE : error.getClass().getSimpleName())
                .record(elapsed, TimeUnit.NANOSECONDS);
        LongTaskTimer.Sample active = timing.active;
        if (active != null) {
            active.stop();
        }
    }

    @Override
    public void onEvent(Observation.Event event, Observation.Context context) {
        meters(context, timing(context)).counter(event.getName()).increment();
    }

    private static MeterTiming timing(Observation.Context context) {
        return context instanceof RailContext rail ? rail.timing : ((RequestContext) context).timing;
    }

    private ObservationMeters.TagSetMeters meters(Observation.Context context, MeterTiming timing) {
        String name = Objects.requireNonNull(context.getName(), "an observation has a name once it started");
        KeyValues tags = timing.tags();
        return meters.meters(name, tags != null ? tags : context.getLowCardinalityKeyValues());
    }
}
