package io.github.guardrails4j.async;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A {@link CompletableFuture} whose {@link #cancel(boolean)} also cancels what it was derived from: the one
 * cancel-propagating future of the library. Cancelling a {@code thenApply} stage never reaches the future it came
 * from (so never the HTTP call behind it); a rail must honour "cancelling my future cancels my I/O", and this type
 * keeps that promise across mapping steps.
 *
 * <pre>{@code
 * CompletableFuture<Verdict> verdict = LinkedFuture.map(httpCall, answer -> parse(answer));
 * verdict.cancel(true);   // cancels httpCall too
 * }</pre>
 *
 * <p>Cancellation is unconditional: {@code mayInterruptIfRunning} is passed on, and the linked futures and actions
 * run whatever it says. Thread safe.
 *
 * @param <T> the result type
 */
public class LinkedFuture<T> extends CompletableFuture<T> {
    private volatile Runnable onCancel;

    /** Creates a future with nothing linked yet; see {@link #link(Future)} and {@link #onCancel(Runnable)}. */
    public LinkedFuture() {}

    /**
     * A future completed with the mapping of {@code upstream}'s value (or with its failure, the
     * {@link CompletionException} unwrapped); cancelling it cancels {@code upstream}.
     *
     * @param upstream the future to derive from
     * @param mapping maps the value; a throw completes the result exceptionally with it
     * @param <T> the upstream type
     * @param <R> the result type
     * @return the derived future
     * @throws NullPointerException when an argument is null
     */
    public static <T, R> LinkedFuture<R> map(CompletableFuture<T> upstream, Function<? super T, ? extends R> mapping) {
        Objects.requireNonNull(mapping, "mapping");
        LinkedFuture<R> out = new LinkedFuture<>();
        out.link(upstream);
        upstream.whenComplete((value, failure) -> {
            if (failure != null) {
                out.completeExceptionally(unwrap(failure));
                return;
            }
            try {
                out.complete(mapping.apply(value));
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    /**
     * Links a future to cancel with this one; if this future is already cancelled, it is cancelled at once.
     * Several links accumulate.
     *
     * @param upstream the future whose cancellation reaches the I/O
     * @return this
     * @throws NullPointerException when upstream is null
     */
    public LinkedFuture<T> link(Future<?> upstream) {
        Objects.requireNonNull(upstream, "upstream");
        return onCancel(() -> upstream.cancel(true));
    }

    /**
     * Adds an action run when this future is cancelled (at once when it already is). Actions accumulate and run
     * in the order added, on the cancelling thread; they must be fast and must not throw.
     *
     * @param action the action, for example {@code call::cancel}
     * @return this
     * @throws NullPointerException when action is null
     */
    public LinkedFuture<T> onCancel(Runnable action) {
        Objects.requireNonNull(action, "action");
        synchronized (this) {
            Runnable before = onCancel;
            onCancel = before == null
                    ? action
                    : () -> {
                        before.run();
                        action.run();
                    };
        }
        if (isCancelled()) {
            action.run();
        }
        return this;
    }

    /**
     * Cancels this future and runs every linked cancellation.
     *
     * @param mayInterruptIfRunning passed on; the linked cancellations run either way
     * @return whether this future was cancelled by this invocation
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        Runnable action = onCancel;
        if (action != null) {
            action.run();
        }
        return cancelled;
    }

    /**
     * The failure a future completed with, without the {@link CompletionException} wrapper that dependent stages
     * add.
     *
     * @param failure a failure from {@code whenComplete} or {@code handle}
     * @return its cause when it is a {@code CompletionException} with a cause, else itself
     */
    public static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
