package io.github.guardrails4j.micrometer;

import io.github.guardrails4j.event.GuardrailsListener;
import io.micrometer.observation.ObservationRegistry;

/**
 * What every listener of one factory shares: the registry, the conventions (null for the defaults), the counters
 * (null for none), the timers of the metrics-only path and their resolved default meters (both null when no meter
 * registry was given) and whether that path starts the {@code .active} long task timers. Immutable and thread safe.
 */
record ObservingSettings(
        ObservationRegistry observations,
        RailObservationConvention railConvention,
        RequestObservationConvention requestConvention,
        GuardrailsMeters meters,
        ObservationMeters timers,
        DefaultTimers defaults,
        boolean longTaskTimers) {
    static final DefaultRailObservationConvention DEFAULT_RAIL = new DefaultRailObservationConvention();
    static final DefaultRequestObservationConvention DEFAULT_REQUEST = new DefaultRequestObservationConvention();

    /**
     * {@return the listener of one check: when the observation registry has no handler (checked per check), the
     * metrics-only {@link TimingListener} if a meter registry was given, else {@link GuardrailsListener#NONE} (nothing
     * to observe or count: the core then skips every event of the check); otherwise the {@link ObservingListener}}
     */
    GuardrailsListener listener() {
        if (observations.isNoop()) {
            return timers != null ? new TimingListener(this) : GuardrailsListener.NONE;
        }
        return new ObservingListener(this);
    }
}
