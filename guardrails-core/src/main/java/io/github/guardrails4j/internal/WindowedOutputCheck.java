package io.github.guardrails4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Checks the windows of a long output concurrently: the first window whose result blocks completes the combined
 * result with that window's result and cancels the other windows' checks; otherwise, once every window passed,
 * the combined result is built from all windows' results, in window order. Internal API.
 *
 * <p>Generic in the result type so that this package never depends on the root package (no package cycle).
 * Cancelling the returned future cancels every window's check. The result completes on the thread that completed
 * the deciding window's check.
 */
public final class WindowedOutputCheck {
    private WindowedOutputCheck() {}

    /**
     * Starts one check per window.
     *
     * @param <R> the result type
     * @param windows the windows, in text order; at least one
     * @param check starts the check of one window; its future should fail only by cancellation
     * @param blocks whether a window's result blocks
     * @param combineAllowed builds the combined result from every window's (allowed) result, in window order
     * @return the combined result's future; it fails only if a window's check fails (never treated as allowed)
     */
    public static <R> CompletableFuture<R> run(
            List<String> windows,
            Function<String, CompletableFuture<R>> check,
            Predicate<R> blocks,
            Function<List<R>, R> combineAllowed) {
        List<CompletableFuture<R>> checks = new ArrayList<>(windows.size());
        CompletableFuture<R> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                if (cancelled) {
                    cancelAll(checks);
                }
                return cancelled;
            }
        };
        for (String window : windows) {
            checks.add(check.apply(window));
        }
        List<R> results = new ArrayList<>(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            results.add(null);
        }
        int[] remaining = {checks.size()};
        for (int i = 0; i < checks.size(); i++) {
            int index = i;
            checks.get(i).whenComplete((r, t) -> {
                boolean last = false;
                boolean decides;
                synchronized (results) {
                    if (result.isDone()) {
                        return; // decided already, or cancelled: late or cancelled window checks change nothing
                    }
                    decides = t != null || blocks.test(r);
                    if (!decides) {
                        results.set(index, r);
                        last = --remaining[0] == 0;
                    }
                }
                if (t != null) {
                    result.completeExceptionally(t); // keep the cause; never treat a failed window as allowed
                    cancelAll(checks);
                } else if (decides) {
                    result.complete(r);
                    cancelAll(checks);
                } else if (last) {
                    result.complete(combineAllowed.apply(List.copyOf(results)));
                }
            });
        }
        return result;
    }

    private static <R> void cancelAll(List<CompletableFuture<R>> checks) {
        for (CompletableFuture<R> c : checks) {
            c.cancel(true);
        }
    }
}
