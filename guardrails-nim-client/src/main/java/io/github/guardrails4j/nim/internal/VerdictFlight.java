package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.verdict.ParsedVerdict;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * One cached verdict, or the one guard call that will make it (single flight): the value a verdict cache stores. It
 * completes with the verdict's data (outcome, categories, score: never the user's text nor the model's raw answer),
 * or, when the call failed, with null (the failure in {@link #failure()}): Caffeine drops an entry whose value is
 * null, so a failure is never kept, and without logging it as a failed load (the rail reports it as a verdict). Checks wait on it as waiters; the call is
 * cancelled only when every waiter has left (cancelled or past its own deadline), never because one of them did.
 * Internal API. Thread safe.
 */
public final class VerdictFlight extends CompletableFuture<ParsedVerdict> {
    /** The shared call while it runs; dropped when the flight completes, so that nothing of the request stays. */
    private Future<?> call;

    private int waiters = 1;
    private boolean abandoned;
    private volatile Throwable failure;

    /** Creates a flight with one waiter: the check that makes the call. */
    public VerdictFlight() {}

    /**
     * Sets the shared call; cancels it at once when every waiter has already left.
     *
     * @param sharedCall the call
     */
    public void start(Future<?> sharedCall) {
        boolean cancel;
        synchronized (this) {
            if (isDone()) {
                return;
            }
            call = sharedCall;
            cancel = abandoned;
        }
        if (cancel) {
            sharedCall.cancel(true);
        }
    }

    /**
     * Adds a waiter, unless every waiter has left (the call is being cancelled) or the call failed.
     *
     * @return true when added: the caller must {@link #removeWaiter()} when it stops waiting
     */
    public synchronized boolean tryAddWaiter() {
        if (abandoned || failure != null) {
            return false;
        }
        waiters++;
        return true;
    }

    /** A waiter stops waiting; the last one to leave before the call ends cancels it. */
    public void removeWaiter() {
        Future<?> cancel = null;
        synchronized (this) {
            if (isDone() || abandoned) {
                return;
            }
            if (--waiters == 0) {
                abandoned = true;
                cancel = call;
            }
        }
        if (cancel != null) {
            cancel.cancel(true);
        }
    }

    /** {@return the checks waiting, the caller included} */
    public synchronized int waiters() {
        return waiters;
    }

    /** {@return the call's failure once the flight completed with null, else null} */
    public Throwable failure() {
        return failure;
    }

    /**
     * Completes the flight and drops the call.
     *
     * @param verdict the verdict's data, or null on failure
     * @param error the failure, or null
     */
    public void finish(ParsedVerdict verdict, Throwable error) {
        synchronized (this) {
            call = null;
        }
        if (error == null) {
            complete(verdict);
        } else {
            failure = error;
            complete(null);
        }
    }
}
