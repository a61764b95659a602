package io.github.guardrails4j.micrometer;

import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.event.RetryEvent;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.ObservationConvention;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The listener of one check on the metrics-only path: the observation registry has no handler (so no observation is
 * made, as in {@link ObservingListener}), and a meter registry was given, so this listener records the timers that
 * Micrometer's {@code DefaultMeterObservationHandler} would record for the {@code guardrails.request} and
 * {@code guardrails.rail} observations (same names, tags, {@code error} tag, {@code .active} long task timers and
 * retry event counters), from meters registered once per tag set, plus the counters of its superclass. The tags come
 * from the builder's conventions or the defaults. Thread safe: rails report from several threads; each rail's span
 * lives in its own slot.
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
        RequestContext context = new RequestContext(event);
        ObservationConvention<RequestContext> convention =
                settings.requestConvention() != null ? settings.requestConvention() : ObservingSettings.DEFAULT_REQUEST;
        request = new MeterSpan<>(settings.timers(), context, convention);
    }

    @Override
    public void checkEnded(CheckEvent event) {
        MeterSpan<RequestContext> span = request;
        if (span != null) {
            request = null;
            span.context().ended(event);
            span.stop(KeyValue.NONE_VALUE);
        }
        super.checkEnded(event);
    }

    @Override
    public void railStarted(RailEvent event) {
        int i = names.indexOf(event.rail());
        if (i < 0) {
            return;
        }
        ObservationConvention<RailContext> convention =
                settings.railConvention() != null ? settings.railConvention() : ObservingSettings.DEFAULT_RAIL;
        rails.set(i, new MeterSpan<>(settings.timers(), new RailContext(event), convention));
    }

    @Override
    public void railEnded(RailEvent event) {
        MeterSpan<RailContext> span = take(event.rail());
        if (span != null) {
            span.context().verdict(event.verdict());
            span.stop(KeyValue.NONE_VALUE);
        }
        super.railEnded(event);
    }

    @Override
    public void railFailed(RailEvent event) {
        MeterSpan<RailContext> span = take(event.rail());
        if (span != null) {
            span.context().verdict(event.verdict());
            // as an observation: the error is a RailFailure when the failure has a verdict
            span.stop(event.verdict() == null ? KeyValue.NONE_VALUE : RAIL_FAILURE);
        }
        super.railFailed(event);
    }

    @Override
    public void railCancelled(RailEvent event) {
        MeterSpan<RailContext> span = take(event.rail());
        if (span != null) {
            span.context().markCancelled();
            span.stop(KeyValue.NONE_VALUE);
        }
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

    /** Removes the rail's span, so that it is stopped once. */
    private MeterSpan<RailContext> take(String name) {
        int i = names.indexOf(name);
        return i < 0 ? null : rails.getAndSet(i, null);
    }
}
