package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@link RailCalls#verdict} for resilient calls: the verdict also reports the HTTP attempts made and the endpoint
 * that answered (no credentials), on success and on failure alike. Internal API. Stateless and thread safe.
 */
public final class AttemptedCalls {
    private AttemptedCalls() {}

    /**
     * @param rail the rail's name
     * @param startNanos {@link System#nanoTime()} at the start of the check
     * @param call starts the resilient call
     * @param reader reads a successful answer
     * @param <T> the answer type
     * @return the verdict future, never completed exceptionally; cancelling it cancels the call
     */
    public static <T> CompletableFuture<Verdict> verdict(
            String rail,
            long startNanos,
            Supplier<? extends CompletableFuture<Attempted<T>>> call,
            RailCalls.VerdictReader<T> reader) {
        LinkedFuture<Verdict> result = new LinkedFuture<>();
        CompletableFuture<Attempted<T>> upstream;
        try {
            upstream = call.get();
        } catch (RuntimeException e) {
            result.complete(
                    Verdict.error(rail, RailCalls.asGuardrails(rail, e), RailCalls.since(startNanos)).toBuilder()
                            .attempts(0)
                            .build());
            return result;
        }
        result.link(upstream);
        upstream.whenComplete((a, failure) -> {
            Duration latency = RailCalls.since(startNanos);
            if (failure != null) {
                result.complete(Verdict.error(rail, RailCalls.asGuardrails(rail, failure), latency));
                return;
            }
            Verdict v;
            if (!a.ok()) {
                v = Verdict.error(rail, a.error(), latency);
            } else {
                try {
                    v = reader.read(a.value(), latency);
                } catch (RuntimeException e) {
                    v = Verdict.error(rail, RailCalls.asGuardrails(rail, e), latency);
                }
            }
            result.complete(
                    v.toBuilder().attempts(a.attempts()).endpoint(a.endpoint()).build());
        });
        return result;
    }
}
