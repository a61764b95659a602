package io.github.guardrails4j.internal;

import io.github.guardrails4j.async.LinkedFuture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The one "first block wins" race of the library: starts racers (rails, or windows of one text), completes as soon
 * as one result blocks and cancels the others, or, when none blocks, completes when all have finished. Used by
 * {@code Guardrails} for the rails of a check, for windowed output checks, and by {@code TextLimit} for split texts.
 *
 * <p>Racers start lazily, at most {@code maxInFlight} at a time, in list order; a racer is started outside any lock
 * (it may complete synchronously). A racer that completes exceptionally completes the race exceptionally with the
 * same cause: callers map failures to results first (a failed check is a blocking ERROR verdict, never "allowed").
 * Cancelling the returned future cancels every racer started. Results reported after the decision are dropped.
 * Thread safe.
 */
public final class FirstBlockRace {
    private FirstBlockRace() {}

    /**
     * How results decide.
     *
     * @param <T> a racer's result
     * @param <R> the race's result
     */
    public interface Rules<T, R> {
        /**
         * Sets index.
         *
         * @param index the racer's index
         * @param result its result
         * @return true when it decides the race (blocks)
         */
        boolean blocks(int index, T result);

        /**
         * Every result that arrives before the decision, including the deciding one; for events. Runs outside
         * the race's lock and must not throw. A result that arrived before the decision may reach this callback
         * after another thread decided and completed the race: the race's result holds it all the same.
         *
         * @param index the racer's index
         * @param result its result
         * @param blocks what {@link #blocks} said
         */
        default void onResult(int index, T result, boolean blocks) {}

        /**
         * Sets first.
         *
         * @param first the first blocking result
         * @param collected the results so far, in racer order (racers without one are left out)
         * @return the race's result
         */
        R blocked(T first, List<T> collected);

        /**
         * Sets all.
         *
         * @param all every racer's result, in racer order
         * @return the race's result when none blocked
         */
        R allowed(List<T> all);
    }

    /**
     * Runs a race.
     *
     * @param racers the racers, started lazily in order; each supplier is called at most once
     * @param maxInFlight the most racers running at once, at least 1
     * @param runAll when true a block does not end the race: it completes when every racer has finished, with
     *     {@link Rules#blocked} of the first blocking result (for evaluation runs that want every result)
     * @param rules how results decide
     * @param <T> a racer's result
     * @param <R> the race's result
     * @return the race's future; cancelling it cancels every racer started
     */
    public static <T, R> LinkedFuture<R> run(
            List<? extends Supplier<? extends CompletableFuture<T>>> racers,
            int maxInFlight,
            boolean runAll,
            Rules<T, R> rules) {
        Race<T, R> race = new Race<>(racers, Math.max(1, maxInFlight), runAll, rules);
        if (racers.isEmpty()) {
            race.result.complete(rules.allowed(List.of()));
            return race.result;
        }
        race.result.onCancel(race::cancelAll);
        race.startMore();
        return race.result;
    }

    private static final class Race<T, R> {
        final List<? extends Supplier<? extends CompletableFuture<T>>> racers;
        final int maxInFlight;
        final boolean runAll;
        final Rules<T, R> rules;
        final LinkedFuture<R> result = new LinkedFuture<>();
        final CompletableFuture<?>[] started;
        final Object[] results;
        int next;
        int running;
        int remaining;
        boolean done;
        T firstBlock;

        Race(
                List<? extends Supplier<? extends CompletableFuture<T>>> racers,
                int maxInFlight,
                boolean runAll,
                Rules<T, R> rules) {
            this.racers = racers;
            this.maxInFlight = maxInFlight;
            this.runAll = runAll;
            this.rules = rules;
            this.started = new CompletableFuture<?>[racers.size()];
            this.results = new Object[racers.size()];
            this.remaining = racers.size();
        }

        void startMore() {
            while (true) {
                int index;
                synchronized (this) {
                    if (done || next == racers.size() || running >= maxInFlight) {
                        return;
                    }
                    index = next++;
                    running++;
                }
                CompletableFuture<T> f;
                try {
                    f = racers.get(index).get();
                    if (f == null) {
                        f = CompletableFuture.failedFuture(
                                new IllegalStateException("racer " + index + " returned null instead of a future"));
                    }
                } catch (RuntimeException e) {
                    f = CompletableFuture.failedFuture(e);
                }
                boolean lateCancel;
                synchronized (this) {
                    started[index] = f;
                    lateCancel = done && !runAll;
                }
                if (lateCancel) {
                    f.cancel(true);
                    return;
                }
                f.whenComplete((r, t) -> onDone(index, r, t));
            }
        }

        @SuppressWarnings("unchecked")
        void onDone(int index, T r, Throwable t) {
            R complete = null;
            Throwable failure = null;
            boolean blocks = false;
            boolean cancelOthers = false;
            synchronized (this) {
                if (done) {
                    return; // decided already: cancelled, or finished too late to matter
                }
                running--;
                remaining--;
                if (t != null) {
                    done = true;
                    failure = LinkedFuture.unwrap(t);
                    cancelOthers = true;
                } else {
                    results[index] = r;
                    blocks = rules.blocks(index, r);
                    if (blocks && firstBlock == null) {
                        firstBlock = r;
                    }
                    if (blocks && !runAll) {
                        done = true;
                        cancelOthers = true;
                        complete = rules.blocked(r, collected());
                    } else if (remaining == 0) {
                        done = true;
                        complete = firstBlock != null
                                ? rules.blocked(firstBlock, collected())
                                : rules.allowed((List<T>) Arrays.asList(results.clone()));
                    }
                }
            }
            if (failure == null) {
                rules.onResult(index, r, blocks);
            }
            if (cancelOthers) {
                cancelAll();
            }
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (complete != null) {
                result.complete(complete);
            } else {
                startMore();
            }
        }

        @SuppressWarnings("unchecked")
        private List<T> collected() {
            List<T> list = new ArrayList<>(results.length);
            for (Object o : results) {
                if (o != null) {
                    list.add((T) o);
                }
            }
            return list;
        }

        void cancelAll() {
            CompletableFuture<?>[] snapshot;
            synchronized (this) {
                done = true;
                snapshot = started.clone();
            }
            for (CompletableFuture<?> f : snapshot) {
                if (f != null && !f.isDone()) {
                    f.cancel(true); // finished racers keep their result: cancelling them would only add noise
                }
            }
        }
    }
}
