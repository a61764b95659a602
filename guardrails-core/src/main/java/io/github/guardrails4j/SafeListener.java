package io.github.guardrails4j;

import io.github.guardrails4j.event.AttemptEvent;
import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.event.RetryEvent;
import io.github.guardrails4j.event.TokensEvent;
import io.github.guardrails4j.event.VerdictCacheEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls a host's listener so that it can never change a check: an exception it throws is logged once per listener
 * instance (then only counted at DEBUG) and otherwise ignored. Thread safe.
 */
final class SafeListener implements GuardrailsListener {
    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

    private final GuardrailsListener delegate;
    private final AtomicBoolean logged = new AtomicBoolean();

    private SafeListener(GuardrailsListener delegate) {
        this.delegate = delegate;
    }

    /**
     * Sets listener.
     *
     * @param listener the host's listener
     * @return {@link GuardrailsListener#NONE} for it, else a guarded view of it
     */
    static GuardrailsListener wrap(GuardrailsListener listener) {
        return listener == NONE || listener instanceof SafeListener ? listener : new SafeListener(listener);
    }

    /**
     * Sets factory.
     *
     * @param factory the host's factory
     * @param started the check's start
     * @return the check's guarded listener; {@link GuardrailsListener#NONE} when the factory throws or returns null
     */
    static GuardrailsListener create(GuardrailsListener.Factory factory, CheckEvent started) {
        try {
            GuardrailsListener l = factory.create(started);
            return l == null ? NONE : wrap(l);
        } catch (RuntimeException e) {
            LOG.warn("GuardrailsListener.Factory {} threw; this check runs without a listener", factory, e);
            return NONE;
        }
    }

    private void call(Runnable callback, String method) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            if (logged.compareAndSet(false, true)) {
                LOG.warn(
                        "GuardrailsListener {} threw in {}; checks are unaffected (further throws of this listener "
                                + "are logged at DEBUG)",
                        delegate,
                        method,
                        e);
            } else {
                LOG.debug("GuardrailsListener {} threw again in {}", delegate, method, e);
            }
        }
    }

    @Override
    public void checkStarted(CheckEvent event) {
        call(() -> delegate.checkStarted(event), "checkStarted");
    }

    @Override
    public void checkEnded(CheckEvent event) {
        call(() -> delegate.checkEnded(event), "checkEnded");
    }

    @Override
    public void railStarted(RailEvent event) {
        call(() -> delegate.railStarted(event), "railStarted");
    }

    @Override
    public void railEnded(RailEvent event) {
        call(() -> delegate.railEnded(event), "railEnded");
    }

    @Override
    public void railFailed(RailEvent event) {
        call(() -> delegate.railFailed(event), "railFailed");
    }

    @Override
    public void railCancelled(RailEvent event) {
        call(() -> delegate.railCancelled(event), "railCancelled");
    }

    @Override
    public void attemptStarted(AttemptEvent event) {
        call(() -> delegate.attemptStarted(event), "attemptStarted");
    }

    @Override
    public void attemptEnded(AttemptEvent event) {
        call(() -> delegate.attemptEnded(event), "attemptEnded");
    }

    @Override
    public void attemptFailed(AttemptEvent event) {
        call(() -> delegate.attemptFailed(event), "attemptFailed");
    }

    @Override
    public void retryScheduled(RetryEvent event) {
        call(() -> delegate.retryScheduled(event), "retryScheduled");
    }

    @Override
    public void tokensReported(TokensEvent event) {
        call(() -> delegate.tokensReported(event), "tokensReported");
    }

    @Override
    public void attemptHeaders(AttemptEvent event, BiConsumer<String, String> header) {
        call(() -> delegate.attemptHeaders(event, header), "attemptHeaders");
    }

    @Override
    public void verdictCacheLookup(VerdictCacheEvent event) {
        call(() -> delegate.verdictCacheLookup(event), "verdictCacheLookup");
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
