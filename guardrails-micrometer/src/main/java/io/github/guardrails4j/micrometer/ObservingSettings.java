package io.github.guardrails4j.micrometer;

import io.micrometer.observation.ObservationRegistry;

/**
 * What every listener of one factory shares: the registry, the conventions (null for the defaults) and the meters
 * (null for none). Immutable and thread safe.
 */
record ObservingSettings(
        ObservationRegistry observations,
        RailObservationConvention railConvention,
        RequestObservationConvention requestConvention,
        GuardrailsMeters meters) {
    static final DefaultRailObservationConvention DEFAULT_RAIL = new DefaultRailObservationConvention();
    static final DefaultRequestObservationConvention DEFAULT_REQUEST = new DefaultRequestObservationConvention();
}
