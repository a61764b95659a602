package io.github.guardrails4j.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of {@link GuardrailsMetricNames#REQUEST guardrails.request} observations:
 * implement it (or extend {@link DefaultRequestObservationConvention}) to rename them or change their tags, and pass
 * it to {@link GuardrailsObservation.Builder#requestConvention}; a convention registered globally on the
 * {@code ObservationRegistry} for {@link RequestContext} also applies. Implementations must be thread safe.
 */
public interface RequestObservationConvention extends ObservationConvention<RequestContext> {
    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof RequestContext;
    }
}
