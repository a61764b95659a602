package io.github.guardrails4j.nim;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler for backoff tests: records every delay under 10 s (backoff, Retry-After) and runs the task at once (no real sleep);
 * longer delays (the default 15 s check deadline) are scheduled for real and are cancelled when the check ends.
 */
final class RecordingScheduler extends ScheduledThreadPoolExecutor {
    static final long RUN_AT_ONCE_BELOW_MILLIS = 10_000;
    final List<Long> delaysMillis = new CopyOnWriteArrayList<>();

    RecordingScheduler() {
        super(1, r -> {
            Thread t = new Thread(r, "recording-scheduler");
            t.setDaemon(true);
            return t;
        });
        setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        long millis = unit.toMillis(delay);
        if (millis < RUN_AT_ONCE_BELOW_MILLIS) {
            delaysMillis.add(millis);
            return super.schedule(command, 0, TimeUnit.MILLISECONDS);
        }
        return super.schedule(command, delay, unit);
    }
}
