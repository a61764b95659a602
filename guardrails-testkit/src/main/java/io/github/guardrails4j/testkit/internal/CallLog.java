package io.github.guardrails4j.testkit.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bounded log of the most recent entries, oldest first, that tests can wait on.
 *
 * <p>Thread safe. Internal to the simulator; not an API.
 *
 * @param <T> the entry type
 */
public final class CallLog<T> {

    private final int limit;
    private final ArrayDeque<T> entries = new ArrayDeque<>();

    /**
     * Sets limit.
     *
     * @param limit how many entries are kept, 0 or more
     */
    public CallLog(int limit) {
        this.limit = limit;
    }

    /**
     * Sets entry.
     *
     * @param entry appended; the oldest entry is dropped beyond the limit
     */
    public void add(T entry) {
        synchronized (entries) {
            entries.addLast(entry);
            while (entries.size() > limit) {
                entries.removeFirst();
            }
            entries.notifyAll();
        }
    }

    /** {@return the entries, oldest first (immutable snapshot)} */
    public List<T> snapshot() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Forgets every entry. */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    /**
     * Waits until at least {@code count} entries are logged.
     *
     * @param count the entries to wait for
     * @param timeout the longest wait
     * @return the entries, oldest first (immutable snapshot)
     * @throws IllegalStateException if fewer than {@code count} entries are logged after {@code timeout}
     * @throws InterruptedException if interrupted while waiting
     */
    public List<T> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (entries) {
            while (entries.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("Waited " + timeout.toMillis() + " ms for " + count
                            + " entries but " + entries.size() + " were logged: " + entries);
                }
                TimeUnit.NANOSECONDS.timedWait(entries, left);
            }
            return List.copyOf(entries);
        }
    }
}
