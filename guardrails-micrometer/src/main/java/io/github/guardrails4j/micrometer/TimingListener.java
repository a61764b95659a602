package io.github.guardrails4j.micrometer;

import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.event.RetryEvent;
import io.github.guardrails4j.verdict.Verdict;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The listener of one check on the metrics-only path: the observation registry has no handler (so no observation is
 * made, as in {@link ObservingListener}), and a meter registry was given, so this listener records the timers that
 * Micrometer's {@code DefaultMeterObservationHandler} would record for the {@code guardrails.request} and
 * {@code guardrails.rail} observations (same names, tags, {@code error} tag, {@code .active} long task timers and
 * retry event counters) from meters registered once per tag set, plus the counters of its superclass. The tags come
 * from the builder's conventions, or from the default conventions' cached key values without any context. Thread
 * safe: rails report from several threads; each rail's span lives in its own slot.
 */
final class TimingListener extends ObservingListener {
    private static final String RAIL_FAILURE = RailFailure.class.getSimpleName();
    private final ObservingSettings settings;
    private volatile MeterSpan<RequestContext> request;
    private volatile List<String> names = List.of();
    private volatile AtomicReferenceArray<MeterSpan<RailContext>> rails = new AtomicReferenceArray<>(0);

    TimingListener(ObservingSettings settings) {
        super(settings);
        this.settings = settings;
    }

    @Override
    public void checkStarted(CheckEvent event) {
        names = event.rails();
        rails = new AtomicReferenceArray<>(names.size());
        RequestObservationConvention custom = settings.requestConvention();
        if (custom == null) {
            KeyValues tags = ObservingSettings.DEFAULT_REQUEST.keyValues(event.direction(), CheckEvent.STARTED, null);
            request = new MeterSpan<>(settings.timers(), GuardrailsMetricNames.REQUEST, tags, null, ltt());
        } else {
            RequestContext context = new RequestContext(event);
            request = new MeterSpan<>(
                    settings.timers(),
                    name(custom, context),
                    custom.getLowCardinalityKeyValues(context),
                    context,
                    ltt());
        }
    }

    @Override
    public void checkEnded(CheckEvent event) {
        MeterSpan<RequestContext> span = request;
        if (span != null) {
            request = null;
            RequestContext context = span.context();
            KeyValues tags;
            if (context == null) {
                tags = ObservingSettings.DEFAULT_REQUEST.keyValues(
                        event.direction(), event.outcome(), event.blockingRail());
            } else {
                context.ended(event);
                tags = settings.requestConvention().getLowCardinalityKeyValues(context);
            }
            span.stop(tags, KeyValue.NONE_VALUE);
        }
        super.checkEnded(event);
    }

    @Override
    public void railStarted(RailEvent event) {
        int i = names.indexOf(event.rail());
        if (i < 0) {
            return;
        }
        RailObservationConvention custom = settings.railConvention();
        if (custom == null) {
            KeyValues tags = ObservingSettings.DEFAULT_RAIL.keyValues(
                    event.rail(), event.direction(), event.model(), null, false);
            rails.set(i, new MeterSpan<>(settings.timers(), GuardrailsMetricNames.RAIL, tags, null, ltt()));
        } else {
            RailContext context = new RailContext(event);
            rails.set(
                    i,
                    new MeterSpan<>(
                            settings.timers(),
                            name(custom, context),
                            custom.getLowCardinalityKeyValues(context),
                            context,
                            ltt()));
        }
    }

    @Override
    public void railEnded(RailEvent event) {
        stop(event, event.verdict(), false, KeyValue.NONE_VALUE);
        super.railEnded(event);
    }

    @Override
    public void railFailed(RailEvent event) {
        // as an observation: the error is a RailFailure when the failure has a verdict
        stop(event, event.verdict(), false, event.verdict() == null ? KeyValue.NONE_VALUE : RAIL_FAILURE);
        super.railFailed(event);
    }

    @Override
    public void railCancelled(RailEvent event) {
        stop(event, null, true, KeyValue.NONE_VALUE);
        super.railCancelled(event);
    }

    @Override
    public void retryScheduled(RetryEvent event) {
        int i = names.indexOf(event.rail());
        MeterSpan<RailContext> span = i < 0 ? null : rails.get(i);
        if (span != null) {
            span.event(GuardrailsMetricNames.RETRY_EVENT);
        }
        super.retryScheduled(event);
    }

    /** Stops the rail's span once (a second end of the same rail finds its slot empty). */
    private void stop(RailEvent event, Verdict verdict, boolean cancelled, String error) {
        int i = names.indexOf(event.rail());
        MeterSpan<RailContext> span = i < 0 ? null : rails.getAndSet(i, null);
        if (span == null) {
            return;
        }
        RailContext context = span.context();
        KeyValues tags;
        if (context == null) {
            tags = ObservingSettings.DEFAULT_RAIL.keyValues(
                    event.rail(), event.direction(), event.model(), verdict, cancelled);
        } else {
            if (cancelled) {
                context.markCancelled();
            } else {
                context.verdict(verdict);
            }
            tags = settings.railConvention().getLowCardinalityKeyValues(context);
        }
        span.stop(tags, error);
    }

    private boolean ltt() {
        return settings.longTaskTimers();
    }

    /** The name an observation with this convention gets: the convention's, else the context's. */
    private static <C extends Observation.Context> String name(ObservationConvention<C> convention, C context) {
        String n = convention.getName();
        return n != null ? n : context.getName();
    }
}
