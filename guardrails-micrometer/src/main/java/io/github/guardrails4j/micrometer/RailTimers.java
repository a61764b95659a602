package io.github.guardrails4j.micrometer;

import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.TokenUsage;
import java.util.Objects;

/**
 * One rail's meters on the metrics-only path under the default convention ({@link DefaultTimers}), resolved once: its
 * {@code guardrails.rail} meters while it runs ({@code guardrails.verdict=pending}) and at each end (one set per
 * verdict slot), and its token meters (registered on the first token report, so that a rail whose server reports no
 * usage has none, as on the observation path). Thread safe: immutable but for the token meters, which any thread may
 * resolve (to the same instance).
 */
final class RailTimers {
    private final String rail;
    private final RailDirection direction;
    private final String model;
    private final GuardrailsMeters meters;
    private final ObservationMeters.TagSetMeters started;
    private final ObservationMeters.TagSetMeters[] ended =
            new ObservationMeters.TagSetMeters[DefaultRailObservationConvention.SLOTS];
    private volatile GuardrailsMeters.TokenMeters tokens;

    RailTimers(ObservationMeters timers, GuardrailsMeters meters, String rail, RailDirection direction, String model) {
        this.rail = rail;
        this.direction = direction;
        this.model = model;
        this.meters = meters;
        DefaultRailObservationConvention convention = ObservingSettings.DEFAULT_RAIL;
        for (int slot = 0; slot < ended.length; slot++) {
            ended[slot] = timers.meters(GuardrailsMetricNames.RAIL, convention.keyValues(rail, direction, model, slot));
        }
        this.started = ended[DefaultRailObservationConvention.SLOT_PENDING];
    }

    /** {@return whether these are the meters of a rail with this direction and model} */
    boolean matches(RailDirection direction, String model) {
        return this.direction == direction && Objects.equals(this.model, model);
    }

    /** {@return the meters of the rail while it runs} */
    ObservationMeters.TagSetMeters started() {
        return started;
    }

    /**
     * The meters of the rail's end.
     *
     * @param slot the verdict slot ({@link DefaultRailObservationConvention#slot})
     * @return the meters tagged with that verdict
     */
    ObservationMeters.TagSetMeters ended(int slot) {
        return ended[slot];
    }

    /**
     * Records the token usage of one guard call of this rail.
     *
     * @param usage what the server reported
     */
    void tokens(TokenUsage usage) {
        GuardrailsMeters.TokenMeters t = tokens;
        if (t == null) {
            t = meters.tokenMeters(rail, model);
            tokens = t;
        }
        t.record(usage);
    }
}
