package io.github.guardrails4j.nim.internal;

import java.util.ArrayDeque;

/**
 * The concurrency limit of one endpoint: at most {@link #limit()} calls in flight, and a FIFO queue of waiters that
 * never blocks a thread. A waiter is a {@link Runnable} run once a permit is held for it, on the thread that released
 * the permit (an OkHttp callback thread or the scheduler), outside the lock. Waiting is bounded by the caller (the
 * check's deadline), which removes its waiter with {@link #cancel(Runnable)}. Internal API. Thread safe.
 *
 * <p>No barging: {@link #tryAcquire()} fails while anyone waits, so waiters are served strictly in arrival order.
 *
 * <p>Optional AIMD adaptation ({@code adaptive}): the limit halves ({@link #DECREASE_FACTOR}) on an overload answer
 * of the server (HTTP 429 or 503, see {@link #onOverload()}), at most once per round of the calls that were in flight
 * when it last halved (so that one burst of 429s is one decrease), never below 1; it grows by 1 after each
 * {@code limit} successful calls in a row, never above the ceiling. Latency never changes it: a guard's latency
 * grows with the prompt's length, which a latency-based limiter would misread as overload.
 */
public final class ConcurrencyLimiter {
    /** What an overload signal multiplies the limit by when adaptive: {@value}. */
    public static final double DECREASE_FACTOR = 0.5;

    /** The limit reported and enforced for "no limit". */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final boolean adaptive;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private int ceiling;
    private int limit;
    private int inflight;
    private int successes;
    /** Releases still to come before the next decrease is allowed (the round of the last decrease). */
    private int cooldown;

    /**
     * Sets the limit.
     *
     * @param limit calls in flight at most, 1 or more; {@link #UNLIMITED} for none
     * @param adaptive true to adapt the limit AIMD-style on overload answers (429, 503), within 1 to {@code limit}
     */
    public ConcurrencyLimiter(int limit, boolean adaptive) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        this.ceiling = limit;
        this.limit = limit;
        this.adaptive = adaptive && limit != UNLIMITED;
    }

    /** {@return true when a permit was taken now: no one waits and fewer than the limit are in flight} */
    public synchronized boolean tryAcquire() {
        if (inflight < limit && queue.isEmpty()) {
            inflight++;
            return true;
        }
        return false;
    }

    /**
     * Takes a permit now, or queues the waiter.
     *
     * @param waiter run once, with a permit held for it, when one is released; it must release the permit (or start
     *     a call that will)
     * @return true when the permit was taken now (the waiter is not queued and will not run)
     */
    public synchronized boolean acquireOrQueue(Runnable waiter) {
        if (inflight < limit && queue.isEmpty()) {
            inflight++;
            return true;
        }
        queue.addLast(waiter);
        return false;
    }

    /**
     * Removes a waiter that no longer wants a permit (its check ended: deadline, cancel, close).
     *
     * @param waiter the waiter given to {@link #acquireOrQueue(Runnable)}
     * @return true when it was still queued (it will not run); false when it was already granted a permit (it runs or
     *     ran, and must release it)
     */
    public synchronized boolean cancel(Runnable waiter) {
        return queue.removeFirstOccurrence(waiter);
    }

    /** Releases a permit: hands it to the first waiter, or frees it. */
    public void release() {
        Runnable next;
        synchronized (this) {
            inflight--;
            if (cooldown > 0) {
                cooldown--;
            }
            if (queue.isEmpty() || inflight >= limit) {
                return;
            }
            next = queue.pollFirst();
            inflight++;
        }
        next.run();
        // a raised limit (more rails, an AIMD increase) may let more than one waiter go
        grantWhileRoom();
    }

    private void grantWhileRoom() {
        while (true) {
            Runnable next;
            synchronized (this) {
                if (queue.isEmpty() || inflight >= limit) {
                    return;
                }
                next = queue.pollFirst();
                inflight++;
            }
            next.run();
        }
    }

    /** Records a success for the adaptive limit (additive increase). No effect when not adaptive. */
    public void onSuccess() {
        if (!adaptive) {
            return;
        }
        synchronized (this) {
            if (limit >= ceiling || ++successes < limit) {
                return;
            }
            successes = 0;
            limit++;
        }
        grantWhileRoom();
    }

    /** Records an overload answer (HTTP 429 or 503) for the adaptive limit (multiplicative decrease). */
    public synchronized void onOverload() {
        if (!adaptive || cooldown > 0) {
            return;
        }
        limit = Math.max(1, (int) (limit * DECREASE_FACTOR));
        successes = 0;
        cooldown = inflight;
    }

    /**
     * Sets the ceiling (and the limit, when not adaptive or above it): the configured limit changed, for example
     * because more rails now share the endpoint.
     *
     * @param newCeiling 1 or more
     */
    public void ceiling(int newCeiling) {
        synchronized (this) {
            if (newCeiling < 1 || newCeiling == ceiling) {
                return;
            }
            int grown = newCeiling - ceiling;
            ceiling = newCeiling;
            limit = adaptive ? Math.max(1, Math.min(newCeiling, limit + Math.max(0, grown))) : newCeiling;
        }
        grantWhileRoom();
    }

    /** {@return the calls in flight now} */
    public synchronized int inflight() {
        return inflight;
    }

    /** {@return the waiters queued now} */
    public synchronized int queued() {
        return queue.size();
    }

    /** {@return the limit now (below the ceiling after an adaptive decrease); {@link #UNLIMITED} for none} */
    public synchronized int limit() {
        return limit;
    }

    /** {@return the configured limit, which an adaptive limit never exceeds} */
    public synchronized int ceiling() {
        return ceiling;
    }

    @Override
    public synchronized String toString() {
        return "ConcurrencyLimiter{inflight=" + inflight + ", queued=" + queue.size() + ", limit="
                + (limit == UNLIMITED ? "none" : limit) + (adaptive ? " (adaptive, ceiling " + ceiling + ")" : "")
                + '}';
    }
}
