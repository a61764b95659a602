package io.github.guardrails4j.nim.internal;

import java.util.concurrent.CompletableFuture;
import okhttp3.Call;

/**
 * A future bridged to one OkHttp {@link Call}: {@link #cancel(boolean)} cancels the call, whatever the argument and
 * even when the future has already completed (cancelling a finished call is a no-op). Internal API.
 *
 * <p>Completed on an OkHttp dispatcher thread. Thread safe.
 *
 * @param <T> the result type
 */
public final class HttpCallFuture<T> extends CompletableFuture<T> {
    private final Call call;

    /**
     * @param call the call this future completes from; never null
     */
    public HttpCallFuture(Call call) {
        this.call = call;
    }

    /** @return the call, for tests and diagnostics */
    public Call call() {
        return call;
    }

    /**
     * Cancels this future and, unconditionally, the HTTP call (the socket is closed).
     *
     * @param mayInterruptIfRunning ignored: the call is always cancelled
     * @return whether this future was cancelled by this invocation
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        call.cancel();
        return cancelled;
    }
}
