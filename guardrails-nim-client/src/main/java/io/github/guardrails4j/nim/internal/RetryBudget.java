package io.github.guardrails4j.nim.internal;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * A retry budget for one endpoint, against retry storms (after Finagle's and gRPC's retry budgets): over a sliding
 * window of whole seconds, retries may number at most {@code ratio * firstAttempts + minPerSecond * windowSeconds}.
 * First attempts deposit, retries withdraw; both expire as the window slides. Internal API. Thread safe.
 */
public final class RetryBudget {
    private final double ratio;
    private final int minPerSecond;
    private final int windowSeconds;
    private final LongSupplier nanoTime;
    private final long[] deposits;
    private final long[] withdrawals;
    private final long[] slotSecond;

    /**
     * Sets ratio.
     *
     * @param ratio retries allowed per first attempt
     * @param minPerSecond retries per second always allowed
     * @param windowSeconds the window, at least 1
     * @param nanoTime the monotonic clock
     */
    public RetryBudget(double ratio, int minPerSecond, int windowSeconds, LongSupplier nanoTime) {
        this.ratio = ratio;
        this.minPerSecond = minPerSecond;
        this.windowSeconds = windowSeconds;
        this.nanoTime = nanoTime;
        this.deposits = new long[windowSeconds];
        this.withdrawals = new long[windowSeconds];
        this.slotSecond = new long[windowSeconds];
        Arrays.fill(slotSecond, Long.MIN_VALUE);
    }

    /** Records a first attempt. */
    public synchronized void deposit() {
        deposits[slot()]++;
    }

    /**
     * Takes one retry from the budget if it has one.
     *
     * @return true when the retry may go ahead
     */
    public synchronized boolean tryWithdraw() {
        int s = slot();
        if (balance() < 1) {
            return false;
        }
        withdrawals[s]++;
        return true;
    }

    /** {@return retries still allowed in the current window, rounded down} */
    public synchronized long available() {
        slot();
        return (long) Math.floor(balance());
    }

    private double balance() {
        long d = 0;
        long w = 0;
        for (int i = 0; i < windowSeconds; i++) {
            d += deposits[i];
            w += withdrawals[i];
        }
        return ratio * d + (double) minPerSecond * windowSeconds - w;
    }

    /** Clears slots older than the window and returns the current second's slot. */
    private int slot() {
        long second = Math.floorDiv(nanoTime.getAsLong(), 1_000_000_000L);
        for (int i = 0; i < windowSeconds; i++) {
            if (slotSecond[i] != Long.MIN_VALUE && second - slotSecond[i] >= windowSeconds) {
                deposits[i] = 0;
                withdrawals[i] = 0;
                slotSecond[i] = Long.MIN_VALUE;
            }
        }
        int idx = (int) Math.floorMod(second, (long) windowSeconds);
        if (slotSecond[idx] != second) {
            deposits[idx] = 0;
            withdrawals[idx] = 0;
            slotSecond[idx] = second;
        }
        return idx;
    }
}
