package io.github.guardrails4j;

import io.github.guardrails4j.event.AttemptEvent;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RetryEvent;
import io.github.guardrails4j.event.TokensEvent;
import io.github.guardrails4j.event.VerdictCacheEvent;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.rail.CacheLookup;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailObserver;
import io.github.guardrails4j.verdict.TokenUsage;
import java.util.function.BiConsumer;

/**
 * One rail's {@link RailObserver} within a check: turns its reports into listener events that name the rail, its
 * direction and model. Immutable and thread safe.
 */
final class RailEvents implements RailObserver {
    private final GuardrailsListener listener;
    private final String rail;
    private final RailDirection direction;
    private final String model;
    /** The latest attempt started: attempts of one rail are sequential, and headers follow their start. */
    private volatile int attempt;

    private final boolean cacheable;

    RailEvents(GuardrailsListener listener, String rail, RailDirection direction, String model, boolean cacheable) {
        this.listener = listener;
        this.rail = rail;
        this.direction = direction;
        this.model = model;
        this.cacheable = cacheable;
    }

    @Override
    public void attemptStarted(int attempt, String endpoint) {
        this.attempt = attempt;
        listener.attemptStarted(new AttemptEvent(rail, direction, model, endpoint, attempt, 0, null));
    }

    @Override
    public void attemptEnded(int attempt, String endpoint, long durationNanos, Throwable failure) {
        AttemptEvent e = new AttemptEvent(rail, direction, model, endpoint, attempt, durationNanos, failure);
        if (failure == null) {
            listener.attemptEnded(e);
        } else {
            listener.attemptFailed(e);
        }
    }

    @Override
    public void retryScheduled(int attempt, ErrorReason reason, long waitNanos) {
        listener.retryScheduled(new RetryEvent(rail, direction, model, attempt, reason, waitNanos));
    }

    @Override
    public void attemptHeaders(String endpoint, BiConsumer<String, String> header) {
        listener.attemptHeaders(new AttemptEvent(rail, direction, model, endpoint, attempt, 0, null), header);
    }

    @Override
    public void tokensReported(TokenUsage usage) {
        listener.tokensReported(new TokensEvent(rail, direction, model, usage));
    }

    @Override
    public void verdictCacheLookup(CacheLookup lookup) {
        listener.verdictCacheLookup(new VerdictCacheEvent(rail, direction, model, lookup));
    }

    @Override
    public boolean verdictCacheable() {
        return cacheable;
    }
}
