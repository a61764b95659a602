package io.github.guardrails4j.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of {@link GuardrailsMetricNames#RAIL guardrails.rail} observations: implement
 * it (or extend {@link DefaultRailObservationConvention}) to rename them or change their tags, and pass it to
 * {@link GuardrailsObservation.Builder#railConvention}; a convention registered globally on the
 * {@code ObservationRegistry} for {@link RailContext} also applies. Implementations must be thread safe and must
 * never turn model output or user text into a tag.
 */
public interface RailObservationConvention extends ObservationConvention<RailContext> {
    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof RailContext;
    }
}
