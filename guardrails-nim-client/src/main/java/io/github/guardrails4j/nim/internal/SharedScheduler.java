package io.github.guardrails4j.nim.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one daemon scheduler shared by every {@code NimClient} built without a scheduler of the host's: retry waits,
 * check deadlines and health probes of all those clients run on its one thread ({@value #THREAD_NAME}). Its tasks are
 * short (they start an HTTP call or complete a future), so one thread serves many clients, and unclosed clients do not
 * each keep a thread alive. Created on first use, never shut down (a daemon thread does not keep the JVM alive); a
 * closed client's tasks are cancelled and removed. Internal API. Thread safe.
 */
public final class SharedScheduler {
    /** Name of the scheduler's thread: {@value}. */
    public static final String THREAD_NAME = "guardrails4j-nim-scheduler";

    private SharedScheduler() {}

    /** {@return the shared scheduler, created on first use; never shut it down} */
    public static ScheduledExecutorService get() {
        return Holder.INSTANCE;
    }

    /** Lazy holder: the scheduler and its thread exist only once a client needs them. */
    private static final class Holder {
        static final ScheduledExecutorService INSTANCE = create();

        private static ScheduledExecutorService create() {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, THREAD_NAME);
                t.setDaemon(true);
                return t;
            });
            s.setRemoveOnCancelPolicy(true); // cancelled retry waits and deadlines do not pile up
            return s;
        }
    }
}
