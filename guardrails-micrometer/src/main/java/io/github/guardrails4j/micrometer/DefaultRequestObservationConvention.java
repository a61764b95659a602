package io.github.guardrails4j.micrometer;

import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.BLOCKED_BY;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.OUTCOME;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.RAILS;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.RAIL_TYPE;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.REQUEST;

import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.rail.RailDirection;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default convention of {@link GuardrailsMetricNames#REQUEST guardrails.request}: low-cardinality tags
 * {@code rail.type}, {@code guardrails.outcome} ({@code pending} while the check runs) and
 * {@code guardrails.blocked.by} (a rail name or {@code none}); high-cardinality: the rails' names. Span name:
 * {@code guardrails.request input} or {@code guardrails.request output}. The tag sets are built once per direction,
 * outcome and blocking rail, the rails' names once per list of rails, and then reused. Thread safe.
 */
public class DefaultRequestObservationConvention implements RequestObservationConvention {
    /** The value of {@code guardrails.blocked.by} when no rail blocked: {@value}. */
    public static final String NONE = "none";

    private static final String INPUT_NAME = REQUEST + " input";
    private static final String OUTPUT_NAME = REQUEST + " output";

    /** Tag sets of input checks: by outcome when no rail blocked, by blocking rail when one did. */
    private final DirectionTags input = new DirectionTags(RailDirection.INPUT);

    private final DirectionTags output = new DirectionTags(RailDirection.OUTPUT);
    private final Map<List<String>, KeyValues> railNames = new ConcurrentHashMap<>();

    /** Makes the default convention. */
    public DefaultRequestObservationConvention() {}

    @Override
    public String getName() {
        return REQUEST;
    }

    @Override
    public String getContextualName(RequestContext context) {
        return context.direction() == RailDirection.INPUT ? INPUT_NAME : OUTPUT_NAME;
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RequestContext context) {
        return keyValues(context.direction(), context.outcome(), context.blockingRail());
    }

    /**
     * The low-cardinality key values of a check without a context (the metrics-only path of the listener): the same
     * immutable instances {@link #getLowCardinalityKeyValues} returns for a context with these values.
     */
    final KeyValues keyValues(RailDirection direction, String outcome, String blockedBy) {
        DirectionTags tags = direction == RailDirection.INPUT ? input : output;
        KeyValues found = blockedBy == null ? tags.byOutcome.get(outcome) : tags.byBlocker.get(blockedBy);
        if (found != null) {
            return found; // no capturing lambda on the common path
        }
        return blockedBy == null
                ? tags.byOutcome.computeIfAbsent(outcome, o -> tags.build(o, NONE))
                : tags.byBlocker.computeIfAbsent(blockedBy, r -> tags.build(CheckEvent.BLOCKED, r));
    }

    /** The tag sets of one direction. */
    private static final class DirectionTags {
        private final String type;
        private final Map<String, KeyValues> byOutcome = new ConcurrentHashMap<>();
        private final Map<String, KeyValues> byBlocker = new ConcurrentHashMap<>();

        DirectionTags(RailDirection direction) {
            this.type = DefaultRailObservationConvention.type(direction);
        }

        KeyValues build(String outcome, String blockedBy) {
            return KeyValues.of(
                    KeyValue.of(RAIL_TYPE, type),
                    KeyValue.of(
                            OUTCOME,
                            CheckEvent.STARTED.equals(outcome) ? DefaultRailObservationConvention.PENDING : outcome),
                    KeyValue.of(BLOCKED_BY, blockedBy));
        }
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(RequestContext context) {
        List<String> rails = context.rails();
        KeyValues found = railNames.get(rails);
        if (found != null) {
            return found;
        }
        KeyValues built = KeyValues.of(KeyValue.of(RAILS, String.join(",", rails)));
        railNames.put(List.copyOf(rails), built);
        return built;
    }
}
