package io.github.guardrails4j.nim.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A future derived from an upstream future (usually an {@link HttpCallFuture}) whose {@link #cancel(boolean)}
 * also cancels the upstream: cancelling a {@code thenApply} stage would not reach the HTTP call, this does.
 * Internal API. Thread safe.
 *
 * @param <T> the result type
 */
public final class LinkedFuture<T> extends CompletableFuture<T> {
    private volatile Future<?> upstream;

    /** Creates a future with no upstream yet; see {@link #link(Future)}. */
    public LinkedFuture() {}

    /**
     * Sets the upstream to cancel with this future. If this future is already cancelled, the upstream is cancelled
     * at once.
     *
     * @param upstream the future whose cancellation reaches the I/O
     */
    public void link(Future<?> upstream) {
        this.upstream = upstream;
        if (isCancelled()) {
            upstream.cancel(true);
        }
    }

    /**
     * Cancels this future and, unconditionally, the upstream.
     *
     * @param mayInterruptIfRunning passed on; the upstream HTTP call is cancelled either way
     * @return whether this future was cancelled by this invocation
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Future<?> u = upstream;
        if (u != null) {
            u.cancel(mayInterruptIfRunning);
        }
        return cancelled;
    }
}
