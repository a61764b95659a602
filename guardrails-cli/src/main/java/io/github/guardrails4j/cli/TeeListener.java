package io.github.guardrails4j.cli;

import io.github.guardrails4j.event.AttemptEvent;
import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.event.RetryEvent;
import io.github.guardrails4j.event.TokensEvent;
import io.github.guardrails4j.event.VerdictCacheEvent;
import java.util.function.BiConsumer;

/**
 * Gives every event of a check to two listeners, first then second (a {@code Guardrails} takes one listener or one
 * factory: {@code bench} needs its cache statistics and the Micrometer meters together). Thread safe when both are.
 */
final class TeeListener implements GuardrailsListener {
    private final GuardrailsListener first;
    private final GuardrailsListener second;

    TeeListener(GuardrailsListener first, GuardrailsListener second) {
        this.first = first;
        this.second = second;
    }

    /**
     * A factory whose listeners give every event to the listeners of two factories.
     *
     * @param first makes the first listener of each check
     * @param second makes the second
     * @return the combined factory
     */
    static Factory of(Factory first, Factory second) {
        return started -> new TeeListener(first.create(started), second.create(started));
    }

    @Override
    public void checkStarted(CheckEvent event) {
        first.checkStarted(event);
        second.checkStarted(event);
    }

    @Override
    public void checkEnded(CheckEvent event) {
        first.checkEnded(event);
        second.checkEnded(event);
    }

    @Override
    public void railStarted(RailEvent event) {
        first.railStarted(event);
        second.railStarted(event);
    }

    @Override
    public void railEnded(RailEvent event) {
        first.railEnded(event);
        second.railEnded(event);
    }

    @Override
    public void railFailed(RailEvent event) {
        first.railFailed(event);
        second.railFailed(event);
    }

    @Override
    public void railCancelled(RailEvent event) {
        first.railCancelled(event);
        second.railCancelled(event);
    }

    @Override
    public void attemptStarted(AttemptEvent event) {
        first.attemptStarted(event);
        second.attemptStarted(event);
    }

    @Override
    public void attemptEnded(AttemptEvent event) {
        first.attemptEnded(event);
        second.attemptEnded(event);
    }

    @Override
    public void attemptFailed(AttemptEvent event) {
        first.attemptFailed(event);
        second.attemptFailed(event);
    }

    @Override
    public void retryScheduled(RetryEvent event) {
        first.retryScheduled(event);
        second.retryScheduled(event);
    }

    @Override
    public void tokensReported(TokensEvent event) {
        first.tokensReported(event);
        second.tokensReported(event);
    }

    @Override
    public void verdictCacheLookup(VerdictCacheEvent event) {
        first.verdictCacheLookup(event);
        second.verdictCacheLookup(event);
    }

    @Override
    public void attemptHeaders(AttemptEvent event, BiConsumer<String, String> header) {
        first.attemptHeaders(event, header);
        second.attemptHeaders(event, header);
    }
}
