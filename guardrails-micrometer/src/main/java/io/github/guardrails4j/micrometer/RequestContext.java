package io.github.guardrails4j.micrometer;

import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.rail.RailDirection;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import java.util.List;

/**
 * The context of one {@link GuardrailsMetricNames#REQUEST guardrails.request} observation: one check
 * ({@code checkInput}, {@code checkOutput}, each half of {@code guard}, each window of a streamed answer). Its rail
 * observations are its children. Fields are volatile, so reads on any thread see the latest write. Holds no user
 * text.
 */
public final class RequestContext extends Observation.Context {
    private final RailDirection direction;
    private final List<String> rails;
    private volatile String outcome = CheckEvent.STARTED;
    private volatile String blockingRail;
    /** The start of this observation for {@link GuardrailsMeterObservationHandler}. */
    final MeterTiming timing = new MeterTiming();

    /**
     * Makes the context of a check that started.
     *
     * @param started the check's start event
     */
    public RequestContext(CheckEvent started) {
        this.direction = started.direction();
        this.rails = started.rails();
        setName(GuardrailsMetricNames.REQUEST);
    }

    /** {@return input or output} */
    public RailDirection direction() {
        return direction;
    }

    /** {@return the names of the check's rails, in configuration order; unmodifiable} */
    public List<String> rails() {
        return rails;
    }

    /** {@return {@code started} until the check ends, then {@code allowed}, {@code blocked} or {@code cancelled}} */
    public String outcome() {
        return outcome;
    }

    /** {@return the rail whose verdict blocked, or null} */
    public String blockingRail() {
        return blockingRail;
    }

    /**
     * Records the check's end (the listener does).
     *
     * @param ended the check's end event
     */
    public void ended(CheckEvent ended) {
        this.blockingRail = ended.blockingRail();
        this.outcome = ended.outcome();
    }

    @Override
    public Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
        timing.added(keyValues);
        for (KeyValue keyValue : keyValues) {
            super.addLowCardinalityKeyValue(keyValue);
        }
        return this;
    }

    @Override
    public Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
        timing.mixed();
        return super.addLowCardinalityKeyValue(keyValue);
    }

    @Override
    public Observation.Context removeLowCardinalityKeyValue(String keyName) {
        timing.mixed();
        return super.removeLowCardinalityKeyValue(keyName);
    }
}
