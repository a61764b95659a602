package io.github.guardrails4j;

import io.github.guardrails4j.event.AttemptEvent;
import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.event.RetryEvent;
import io.github.guardrails4j.event.TokensEvent;
import io.github.guardrails4j.event.VerdictCacheEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
    /** Set once the first throw was logged ({@link #LOGGED}: a field, not an object per check). */
    @SuppressWarnings("unused") // written through LOGGED
    private volatile boolean logged;

    private static final VarHandle LOGGED;

    static {
        try {
            LOGGED = MethodHandles.lookup().findVarHandle(SafeListener.class, "logged", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

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
     * Makes the check's listener with the host's factory, guarded.
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

    /** Logs a callback's throw: WARN the first time for this listener, DEBUG after (no lambda per callback). */
    private void threw(RuntimeException e, String method) {
        if (LOGGED.compareAndSet(this, false, true)) {
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

    @Override
    public void checkStarted(CheckEvent event) {
        try {
            delegate.checkStarted(event);
        } catch (RuntimeException e) {
            threw(e, "checkStarted");
        }
    }

    @Override
    public void checkEnded(CheckEvent event) {
        try {
            delegate.checkEnded(event);
        } catch (RuntimeException e) {
            threw(e, "checkEnded");
        }
    }

    @Override
    public void railStarted(RailEvent event) {
        try {
            delegate.railStarted(event);
        } catch (RuntimeException e) {
            threw(e, "railStarted");
        }
    }

    @Override
    public void railEnded(RailEvent event) {
        try {
            delegate.railEnded(event);
        } catch (RuntimeException e) {
            threw(e, "railEnded");
        }
    }

    @Override
    public void railFailed(RailEvent event) {
        try {
            delegate.railFailed(event);
        } catch (RuntimeException e) {
            threw(e, "railFailed");
        }
    }

    @Override
    public void railCancelled(RailEvent event) {
        try {
            delegate.railCancelled(event);
        } catch (RuntimeException e) {
            threw(e, "railCancelled");
        }
    }

    @Override
    public void attemptStarted(AttemptEvent event) {
        try {
            delegate.attemptStarted(event);
        } catch (RuntimeException e) {
            threw(e, "attemptStarted");
        }
    }

    @Override
    public void attemptEnded(AttemptEvent event) {
        try {
            delegate.attemptEnded(event);
        } catch (RuntimeException e) {
            threw(e, "attemptEnded");
        }
    }

    @Override
    public void attemptFailed(AttemptEvent event) {
        try {
            delegate.attemptFailed(event);
        } catch (RuntimeException e) {
            threw(e, "attemptFailed");
        }
    }

    @Override
    public void retryScheduled(RetryEvent event) {
        try {
            delegate.retryScheduled(event);
        } catch (RuntimeException e) {
            threw(e, "retryScheduled");
        }
    }

    @Override
    public void tokensReported(TokensEvent event) {
        try {
            delegate.tokensReported(event);
        } catch (RuntimeException e) {
            threw(e, "tokensReported");
        }
    }

    @Override
    public void attemptHeaders(AttemptEvent event, BiConsumer<String, String> header) {
        try {
            delegate.attemptHeaders(event, header);
        } catch (RuntimeException e) {
            threw(e, "attemptHeaders");
        }
    }

    @Override
    public void verdictCacheLookup(VerdictCacheEvent event) {
        try {
            delegate.verdictCacheLookup(event);
        } catch (RuntimeException e) {
            threw(e, "verdictCacheLookup");
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
