package io.github.guardrails4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/**
 * Starts {@code n} asynchronous tasks, at most {@code concurrency} in flight, from a daemon launcher thread, and
 * hands their results back by index, so that a caller can print them in input order while later ones still run.
 * {@link #close()} stops launching and cancels what is left. Not thread safe: one caller reads the results.
 *
 * @param <T> the result type
 */
final class BoundedRun<T> implements AutoCloseable {
    private final List<CompletableFuture<T>> results;
    private final Thread launcher;

    private BoundedRun(List<CompletableFuture<T>> results, Thread launcher) {
        this.results = results;
        this.launcher = launcher;
    }

    /**
     * Sets n.
     *
     * @param n tasks, {@code >= 0}
     * @param concurrency tasks in flight at most, {@code >= 1}
     * @param task starts task {@code i} and returns its future; a task that throws counts as failed
     * @param <T> the result type
     * @return the running batch
     */
    static <T> BoundedRun<T> start(int n, int concurrency, IntFunction<CompletableFuture<T>> task) {
        List<CompletableFuture<T>> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            results.add(new CompletableFuture<>());
        }
        Semaphore permits = new Semaphore(concurrency);
        Thread launcher = new Thread(
                () -> {
                    for (int i = 0; i < n; i++) {
                        int index = i;
                        try {
                            permits.acquire();
                        } catch (InterruptedException e) {
                            // Closed by the reader after a failure: fail the rest so nothing waits forever.
                            for (int j = index; j < n; j++) {
                                results.get(j).cancel(true);
                            }
                            Thread.currentThread().interrupt();
                            return;
                        }
                        CompletableFuture<T> f;
                        try {
                            f = task.apply(index);
                        } catch (RuntimeException e) {
                            f = CompletableFuture.failedFuture(e);
                        }
                        f.whenComplete((o, t) -> {
                            permits.release();
                            if (t != null) {
                                results.get(index).completeExceptionally(t);
                            } else {
                                results.get(index).complete(o);
                            }
                        });
                    }
                },
                "guardrails-check-launcher");
        launcher.setDaemon(true);
        launcher.start();
        return new BoundedRun<>(results, launcher);
    }

    /**
     * Waits for result {@code index}.
     *
     * @param index the task's index
     * @return its result
     * @throws InterruptedException when the calling thread is interrupted
     * @throws ExecutionException when the task failed
     */
    T get(int index) throws InterruptedException, ExecutionException {
        return results.get(index).get();
    }

    /** Stops launching and cancels every task not finished yet. */
    @Override
    public void close() {
        launcher.interrupt();
        results.forEach(f -> f.cancel(true));
    }
}
