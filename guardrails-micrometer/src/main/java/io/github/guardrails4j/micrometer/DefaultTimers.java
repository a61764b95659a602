package io.github.guardrails4j.micrometer;

import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.rail.RailDirection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of the metrics-only path ({@link TimingListener}) under the default conventions, resolved to meter
 * references once and then reused: per direction, the {@code guardrails.request} meters of a running check and of
 * an allowed one; per rail, its {@link RailTimers}. A check then pays one map lookup per rail, by the rail's name,
 * where it paid a key-value lookup and a meter lookup at each start and end and a lookup per token report. The tags
 * are the default conventions' own {@code KeyValues} instances, so these are the meters the observation path gets.
 * Thread safe.
 */
final class DefaultTimers {
    private final ObservationMeters timers;
    private final GuardrailsMeters meters;
    private final ObservationMeters.TagSetMeters inputStarted;
    private final ObservationMeters.TagSetMeters inputAllowed;
    private final ObservationMeters.TagSetMeters outputStarted;
    private final ObservationMeters.TagSetMeters outputAllowed;
    /** By rail name (names are few: they are configuration). */
    private final Map<String, RailTimers> rails = new ConcurrentHashMap<>();

    DefaultTimers(ObservationMeters timers, GuardrailsMeters meters) {
        this.timers = timers;
        this.meters = meters;
        this.inputStarted = request(RailDirection.INPUT, CheckEvent.STARTED, null);
        this.inputAllowed = request(RailDirection.INPUT, CheckEvent.ALLOWED, null);
        this.outputStarted = request(RailDirection.OUTPUT, CheckEvent.STARTED, null);
        this.outputAllowed = request(RailDirection.OUTPUT, CheckEvent.ALLOWED, null);
    }

    /** {@return the {@code guardrails.request} meters of a running check} */
    ObservationMeters.TagSetMeters requestStarted(RailDirection direction) {
        return direction == RailDirection.INPUT ? inputStarted : outputStarted;
    }

    /**
     * The {@code guardrails.request} meters of a check that ended.
     *
     * @param direction the check's direction
     * @param outcome its {@link CheckEvent#outcome()}
     * @param blockingRail the rail that blocked it, or null
     * @return the meters
     */
    ObservationMeters.TagSetMeters requestEnded(RailDirection direction, String outcome, String blockingRail) {
        if (blockingRail == null && CheckEvent.ALLOWED.equals(outcome)) {
            return direction == RailDirection.INPUT ? inputAllowed : outputAllowed;
        }
        return request(direction, outcome, blockingRail);
    }

    private ObservationMeters.TagSetMeters request(RailDirection direction, String outcome, String blockingRail) {
        return timers.meters(
                GuardrailsMetricNames.REQUEST,
                ObservingSettings.DEFAULT_REQUEST.keyValues(direction, outcome, blockingRail));
    }

    /**
     * The meters of a rail.
     *
     * @param rail the rail's name
     * @param direction its direction
     * @param model its model's id, or null
     * @return the meters, resolved on first use (again when a rail of the same name has another direction or model)
     */
    RailTimers rail(String rail, RailDirection direction, String model) {
        RailTimers t = rails.get(rail);
        if (t == null || !t.matches(direction, model)) {
            t = new RailTimers(timers, meters, rail, direction, model);
            rails.put(rail, t);
        }
        return t;
    }
}
