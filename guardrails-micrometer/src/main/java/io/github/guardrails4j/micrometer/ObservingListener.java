package io.github.guardrails4j.micrometer;

import io.github.guardrails4j.event.AttemptEvent;
import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.event.RetryEvent;
import io.github.guardrails4j.event.TokensEvent;
import io.github.guardrails4j.event.VerdictCacheEvent;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import io.micrometer.observation.Observation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;

/**
 * The listener of one check: a {@code guardrails.request} observation from {@code checkStarted} to
 * {@code checkEnded}, one {@code guardrails.rail} child per rail from {@code railStarted} to its end, failure or
 * cancellation, retries as events on the rail, trace context and a request id on every attempt, and the counters.
 * Thread safe: rails report from several threads; each rail's observation lives in its own slot.
 */
class ObservingListener implements GuardrailsListener {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    /** The slots of a listener before its check starts: empty, shared (never written), not an object per check. */
    private static final AtomicReferenceArray<?> NO_RAILS = new AtomicReferenceArray<>(0);

    private final ObservingSettings settings;
    private volatile Observation request = Observation.NOOP;
    private volatile List<String> names = List.of();
    private volatile AtomicReferenceArray<Observation> rails = noRails();

    ObservingListener(ObservingSettings settings) {
        this.settings = settings;
    }

    @Override
    public void checkStarted(CheckEvent event) {
        if (settings.observations().isNoop()) {
            // no handler: no observation, no context, no per-rail slots (the counters need none of them)
            return;
        }
        names = event.rails();
        rails = new AtomicReferenceArray<>(names.size());
        request = Observation.createNotStarted(
                        settings.requestConvention(),
                        ObservingSettings.DEFAULT_REQUEST,
                        () -> new RequestContext(event),
                        settings.observations())
                .start();
    }

    @Override
    public void checkEnded(CheckEvent event) {
        if (request.getContext() instanceof RequestContext context) {
            context.ended(event);
        }
        request.stop();
        if (settings.meters() != null && CheckEvent.BLOCKED.equals(event.outcome())) {
            settings.meters().blocked(event.direction());
        }
    }

    @Override
    public void railStarted(RailEvent event) {
        int i = names.indexOf(event.rail());
        if (i < 0) {
            return;
        }
        Observation rail = Observation.createNotStarted(
                settings.railConvention(),
                ObservingSettings.DEFAULT_RAIL,
                () -> new RailContext(event),
                settings.observations());
        rail.parentObservation(request);
        rails.set(i, rail.start());
    }

    @Override
    public void railEnded(RailEvent event) {
        Verdict v = event.verdict();
        end(event, v, null);
        if (settings.meters() != null && v != null && v.outcome() == Outcome.UNSAFE) {
            settings.meters().violation(event.rail(), v);
        }
    }

    @Override
    public void railFailed(RailEvent event) {
        Verdict v = event.verdict();
        // never the failure itself: its message may quote a server's error page, which may echo the user's text
        end(event, v, v == null ? null : RailFailure.of(v));
    }

    @Override
    public void railCancelled(RailEvent event) {
        Observation rail = take(event.rail());
        if (rail != null) {
            if (rail.getContext() instanceof RailContext context) {
                context.markCancelled();
            }
            rail.stop();
        }
    }

    private void end(RailEvent event, Verdict verdict, Throwable error) {
        Observation rail = take(event.rail());
        if (rail == null) {
            return;
        }
        if (rail.getContext() instanceof RailContext context) {
            context.verdict(verdict);
        }
        if (error != null) {
            rail.error(error);
        }
        rail.stop();
    }

    @Override
    public void attemptStarted(AttemptEvent event) {
        RailContext context = context(event.rail());
        if (context != null) {
            context.attemptStarted(event.attempt(), event.endpoint());
        }
    }

    @Override
    public void attemptHeaders(AttemptEvent event, BiConsumer<String, String> header) {
        Observation rail = rail(event.rail());
        if (rail == null || rail.isNoop()) {
            return;
        }
        if (rail.getContext() instanceof RailContext context) {
            Map<String, String> carrier = context.getCarrier();
            if (carrier != null) {
                carrier.forEach(header);
            }
            String id = requestId();
            context.requestId(id);
            header.accept(GuardrailsMetricNames.REQUEST_ID_HEADER, id);
        }
    }

    @Override
    public void retryScheduled(RetryEvent event) {
        Observation rail = rail(event.rail());
        if (rail != null && !rail.isNoop()) {
            rail.event(Observation.Event.of(
                    GuardrailsMetricNames.RETRY_EVENT,
                    "retry after attempt " + event.attempt() + " ("
                            + DefaultRailObservationConvention.lower(
                                    event.reason().name()) + "), wait "
                            + TimeUnit.NANOSECONDS.toMillis(event.waitNanos()) + " ms"));
        }
        if (settings.meters() != null) {
            settings.meters().retry(event.rail(), event.reason());
        }
    }

    @Override
    public void verdictCacheLookup(VerdictCacheEvent event) {
        if (settings.meters() != null) {
            settings.meters().cacheLookup(event.rail(), event.lookup());
        }
    }

    @Override
    public void tokensReported(TokensEvent event) {
        RailContext context = context(event.rail());
        if (context != null) {
            context.usage(event.usage());
        }
        if (settings.meters() != null) {
            settings.meters().tokens(event.rail(), event.model(), event.usage());
        }
    }

    /** {@return the shared empty slots} */
    @SuppressWarnings("unchecked") // empty: holds no element of any type
    static <T> AtomicReferenceArray<T> noRails() {
        return (AtomicReferenceArray<T>) NO_RAILS;
    }

    /** The rail's observation while it runs, else null. */
    private Observation rail(String name) {
        int i = names.indexOf(name);
        return i < 0 ? null : rails.get(i);
    }

    /** The rail's context while it runs, else null. */
    private RailContext context(String name) {
        Observation rail = rail(name);
        return rail != null && rail.getContext() instanceof RailContext c ? c : null;
    }

    /** Removes the rail's observation, so that it is stopped once. */
    private Observation take(String name) {
        int i = names.indexOf(name);
        return i < 0 ? null : rails.getAndSet(i, null);
    }

    /** 128 random bits in hex: unique enough to find one call in a server's logs; not a secret. */
    private static String requestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] hex = new byte[32];
        hex(r.nextLong(), hex, 0);
        hex(r.nextLong(), hex, 16);
        return new String(hex, StandardCharsets.ISO_8859_1);
    }

    private static void hex(long v, byte[] out, int at) {
        for (int i = 15; i >= 0; i--) {
            out[at + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
    }
}
