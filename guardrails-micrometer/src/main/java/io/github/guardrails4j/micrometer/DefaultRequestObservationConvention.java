package io.github.guardrails4j.micrometer;

import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.BLOCKED_BY;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.OUTCOME;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.RAILS;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.RAIL_TYPE;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.REQUEST;

import io.github.guardrails4j.event.CheckEvent;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default convention of {@link GuardrailsMetricNames#REQUEST guardrails.request}: low-cardinality tags
 * {@code rail.type}, {@code guardrails.outcome} ({@code pending} while the check runs) and
 * {@code guardrails.blocked.by} (a rail name or {@code none}); high-cardinality: the rails' names. Span name:
 * {@code guardrails.request input} or {@code guardrails.request output}. Stateless and thread safe.
 */
public class DefaultRequestObservationConvention implements RequestObservationConvention {
    /** The value of {@code guardrails.blocked.by} when no rail blocked: {@value}. */
    public static final String NONE = "none";

    /** Makes the default convention. */
    public DefaultRequestObservationConvention() {}

    @Override
    public String getName() {
        return REQUEST;
    }

    @Override
    public String getContextualName(RequestContext context) {
        return REQUEST + " " + DefaultRailObservationConvention.type(context.direction());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RequestContext context) {
        String outcome = context.outcome();
        return KeyValues.of(
                KeyValue.of(RAIL_TYPE, DefaultRailObservationConvention.type(context.direction())),
                KeyValue.of(
                        OUTCOME,
                        CheckEvent.STARTED.equals(outcome) ? DefaultRailObservationConvention.PENDING : outcome),
                KeyValue.of(BLOCKED_BY, context.blockingRail() == null ? NONE : context.blockingRail()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(RequestContext context) {
        return KeyValues.of(KeyValue.of(RAILS, String.join(",", context.rails())));
    }
}
