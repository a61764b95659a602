package io.github.guardrails4j.micrometer;

import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The context of one {@link GuardrailsMetricNames#RAIL guardrails.rail} observation: one rail's part in a check. A
 * client-kind {@link SenderContext} whose carrier is a map: a tracing handler (Micrometer Tracing's propagating
 * sender handler) writes the W3C trace context of the rail's span into it when the observation starts, and every
 * HTTP attempt of the rail sends those entries as headers. Written by one check's listener, read by conventions and
 * handlers; fields are volatile, so reads on any thread see the latest write. Holds no user text.
 */
public final class RailContext extends SenderContext<Map<String, String>> {
    private final String rail;
    private final RailDirection direction;
    private final String model;
    private final FailurePolicy policy;
    private volatile Verdict verdict;
    private volatile boolean cancelled;
    private volatile int attempts;
    private volatile String endpoint;
    private volatile TokenUsage usage;
    private volatile String requestId;
    /** The start of this observation for {@link GuardrailsMeterObservationHandler}. */
    final MeterTiming timing = new MeterTiming();

    /**
     * Makes the context of a rail that started.
     *
     * @param started the rail's start event
     */
    public RailContext(RailEvent started) {
        super((carrier, key, value) -> carrier.put(key, value), Kind.CLIENT);
        setCarrier(new ConcurrentHashMap<>());
        this.rail = started.rail();
        this.direction = started.direction();
        this.model = started.model();
        this.policy = started.policy();
        setName(GuardrailsMetricNames.RAIL);
    }

    /** {@return the rail's name} */
    public String rail() {
        return rail;
    }

    /** {@return input or output} */
    public RailDirection direction() {
        return direction;
    }

    /** {@return the served model id the rail asks, or null for rails that ask none} */
    public String model() {
        return model;
    }

    /** {@return the rail's failure policy} */
    public FailurePolicy policy() {
        return policy;
    }

    /** {@return the rail's verdict once it ended or failed, else null} */
    public Verdict verdict() {
        return verdict;
    }

    /**
     * Sets the verdict (the listener does, when the rail ends or fails).
     *
     * @param verdict the verdict
     */
    public void verdict(Verdict verdict) {
        this.verdict = verdict;
    }

    /** {@return true when the rail was stopped before its verdict (another rail decided, or the host cancelled)} */
    public boolean cancelled() {
        return cancelled;
    }

    /** Marks the rail as stopped before its verdict (the listener does). */
    public void markCancelled() {
        this.cancelled = true;
    }

    /** {@return the number of HTTP attempts started so far} */
    public int attempts() {
        return attempts;
    }

    /** {@return the base URL of the latest attempt, or null before the first} */
    public String endpoint() {
        return endpoint;
    }

    /**
     * Records an attempt's start (the listener does).
     *
     * @param attempt the attempt's number, from 1
     * @param endpoint its base URL
     */
    public void attemptStarted(int attempt, String endpoint) {
        this.attempts = attempt;
        this.endpoint = endpoint;
    }

    /** {@return the token usage the server reported, or null (not yet, or never)} */
    public TokenUsage usage() {
        return usage;
    }

    /**
     * Records the usage (the listener does).
     *
     * @param usage the usage
     */
    public void usage(TokenUsage usage) {
        this.usage = usage;
    }

    /** {@return the request id sent with the latest attempt, or null} */
    public String requestId() {
        return requestId;
    }

    /**
     * Records the request id of an attempt (the listener does).
     *
     * @param requestId the id
     */
    public void requestId(String requestId) {
        this.requestId = requestId;
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
