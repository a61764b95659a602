package io.github.guardrails4j.micrometer;

import io.github.guardrails4j.event.AttemptEvent;
import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.event.RetryEvent;
import io.github.guardrails4j.event.TokensEvent;
import io.github.guardrails4j.verdict.Verdict;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import java.util.List;

/**
 * The listener of one check on the metrics-only path: the observation registry has no handler (so no observation is
 * made, as in {@link ObservingListener}), and a meter registry was given, so this listener records the timers that
 * Micrometer's {@code DefaultMeterObservationHandler} would record for the {@code guardrails.request} and
 * {@code guardrails.rail} observations (same names, tags, {@code error} tag, {@code .active} long task timers and
 * retry event counters) from meters registered once per tag set, plus the counters of its superclass. The tags come
 * from the builder's conventions, or, without any context, from the default conventions' meters resolved once
 * ({@link DefaultTimers}); a host's rail convention reads a {@link RailContext} that learns the rail's attempts,
 * endpoint and token usage as an observation's does (no request id: without an observation none is sent). Thread
 * safe: rails report from several threads; each rail's span lives in its own slot.
 *
 * <p>No field is volatile and no slot atomic, because the core orders the events of one check (a fence per event
 * was a measurable part of this listener's cost): {@code checkStarted} happens before every rail event (the rails
 * start after it, on this thread or through an executor's hand-off); a rail's start and end are each reported once,
 * under the check's lock ({@code RailPairs}), so the end sees the span the start stored; {@code checkEnded} comes
 * after that lock was last taken for the check. A rail's token and retry reports come between its start and end on
 * its own call chain, or, for a rail that lost the race, after its end: then they may read the slot as it was or as
 * null, and count the tokens either way ({@link #tokensReported}). Spans are immutable, so a racy read of a slot
 * still sees a whole span.
 */
final class TimingListener extends ObservingListener {
    private static final String RAIL_FAILURE = RailFailure.class.getSimpleName();
    private static final MeterSpan<?>[] NO_SPANS = {};
    private final ObservingSettings settings;
    private MeterSpan<RequestContext> request;
    private List<String> names = List.of();
    /** Each rail's span: its context is its {@link RailTimers} (default convention) or its {@link RailContext}. */
    private MeterSpan<?>[] rails = NO_SPANS;

    TimingListener(ObservingSettings settings) {
        super(settings);
        this.settings = settings;
    }

    @Override
    public void checkStarted(CheckEvent event) {
        names = event.rails();
        rails = new MeterSpan<?>[names.size()];
        RequestObservationConvention custom = settings.requestConvention();
        if (custom == null) {
            request = new MeterSpan<>(
                    settings.timers(), settings.defaults().requestStarted(event.direction()), null, ltt());
        } else {
            RequestContext context = new RequestContext(event);
            request = new MeterSpan<>(
                    settings.timers(),
                    settings.timers().meters(name(custom, context), custom.getLowCardinalityKeyValues(context)),
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
            ObservationMeters.TagSetMeters end;
            if (context == null) {
                end = settings.defaults().requestEnded(event.direction(), event.outcome(), event.blockingRail());
            } else {
                context.ended(event);
                end = ended(span, settings.requestConvention().getLowCardinalityKeyValues(context));
            }
            span.stop(end, KeyValue.NONE_VALUE);
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
            RailTimers timers = settings.defaults().rail(event.rail(), event.direction(), event.model());
            rails[i] = new MeterSpan<>(settings.timers(), timers.started(), timers, ltt());
        } else {
            RailContext context = new RailContext(event);
            rails[i] = new MeterSpan<>(
                    settings.timers(),
                    settings.timers().meters(name(custom, context), custom.getLowCardinalityKeyValues(context)),
                    context,
                    ltt());
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
        MeterSpan<?> span = span(event.rail());
        if (span != null) {
            span.event(GuardrailsMetricNames.RETRY_EVENT);
        }
        super.retryScheduled(event);
    }

    @Override
    public void attemptStarted(AttemptEvent event) {
        // a host's convention may read the attempts and endpoint at the end, as it does on an observation's context
        if (settings.railConvention() != null) {
            MeterSpan<?> span = span(event.rail());
            if (span != null && span.context() instanceof RailContext context) {
                context.attemptStarted(event.attempt(), event.endpoint());
            }
        }
        super.attemptStarted(event);
    }

    @Override
    public void tokensReported(TokensEvent event) {
        MeterSpan<?> span = span(event.rail());
        if (span != null
                && span.context() instanceof RailTimers timers
                && timers.matches(event.direction(), event.model())) {
            timers.tokens(event.usage()); // the rail's token meters, without looking them up
        } else {
            if (span != null && span.context() instanceof RailContext context) {
                context.usage(event.usage()); // for a host's convention, as on an observation's context
            }
            super.tokensReported(event);
        }
    }

    /** The rail's span while it runs, else null. */
    private MeterSpan<?> span(String rail) {
        int i = names.indexOf(rail);
        return i < 0 ? null : rails[i];
    }

    /** Stops the rail's span (the core reports one end per rail; a second one would find the slot empty). */
    private void stop(RailEvent event, Verdict verdict, boolean cancelled, String error) {
        int i = names.indexOf(event.rail());
        MeterSpan<?> span = i < 0 ? null : rails[i];
        if (span == null) {
            return;
        }
        rails[i] = null;
        ObservationMeters.TagSetMeters end;
        if (span.context() instanceof RailTimers timers) {
            end = timers.ended(DefaultRailObservationConvention.slot(verdict, cancelled));
        } else {
            RailContext context = (RailContext) span.context();
            if (cancelled) {
                context.markCancelled();
            } else {
                context.verdict(verdict);
            }
            end = ended(span, settings.railConvention().getLowCardinalityKeyValues(context));
        }
        span.stop(end, error);
    }

    /**
     * The meters of a span's end under a host's convention: the key values of the end replace those of the start
     * with the same keys, as in an observation's context.
     */
    private ObservationMeters.TagSetMeters ended(MeterSpan<?> span, KeyValues stopTags) {
        ObservationMeters.TagSetMeters start = span.start();
        KeyValues startTags = start.keyValues();
        KeyValues tags =
                stopTags == startTags || MeterTiming.sameKeys(startTags, stopTags) ? stopTags : startTags.and(stopTags);
        return settings.timers().meters(start.name(), tags);
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
