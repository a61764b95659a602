package io.github.guardrails4j.internal;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Checks the windows of a long output concurrently: the first window whose result blocks completes the combined
 * result with that window's result and cancels the other windows' checks; otherwise the combined result is
 * allowed, with every window's verdicts in window order (then rail order). Internal API.
 *
 * <p>Cancelling the returned future cancels every window's check. The result completes on the thread that
 * completed the deciding window's check.
 */
public final class WindowedOutputCheck {
    private WindowedOutputCheck() {
    }

    /**
     * Starts one check per window.
     *
     * @param windows the windows, in text order; at least one
     * @param check starts the check of one window
     * @return the combined result's future
     */
    public static CompletableFuture<GuardResult> run(List<String> windows,
            Function<String, CompletableFuture<GuardResult>> check) {
        long start = System.nanoTime();
        List<CompletableFuture<GuardResult>> checks = new ArrayList<>(windows.size());
        CompletableFuture<GuardResult> result = new CompletableFuture<>() {
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
        GuardResult[] results = new GuardResult[checks.size()];
        int[] remaining = {checks.size()};
        for (int i = 0; i < checks.size(); i++) {
            int index = i;
            checks.get(i).whenComplete((r, t) -> {
                boolean last;
                synchronized (results) {
                    if (result.isDone()) {
                        return; // decided already, or cancelled: late or cancelled window checks change nothing
                    }
                    if (t != null || r.blocked()) {
                        last = false;
                    } else {
                        results[index] = r;
                        last = --remaining[0] == 0;
                    }
                }
                if (t != null) {
                    // FirstBlockWins never fails except by cancellation; keep the cause, never treat it as safe.
                    result.completeExceptionally(t);
                    cancelAll(checks);
                } else if (r.blocked()) {
                    result.complete(r);
                    cancelAll(checks);
                } else if (last) {
                    List<Verdict> verdicts = new ArrayList<>();
                    for (GuardResult g : results) {
                        verdicts.addAll(g.verdicts());
                    }
                    result.complete(GuardResult.allowed(RailDirection.OUTPUT, verdicts,
                            Duration.ofNanos(System.nanoTime() - start)));
                }
            });
        }
        return result;
    }

    private static void cancelAll(List<CompletableFuture<GuardResult>> checks) {
        for (CompletableFuture<GuardResult> c : checks) {
            c.cancel(true);
        }
    }
}
