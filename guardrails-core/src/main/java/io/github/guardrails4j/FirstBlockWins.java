package io.github.guardrails4j;

import io.github.guardrails4j.async.LinkedFuture;
import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.internal.FirstBlockRace;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailObserver;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs the rails of one check on the library's one race ({@link FirstBlockRace}): the first verdict that blocks
 * completes the result and cancels every rail still running; otherwise the result completes, allowed, when all
 * rails have answered. Reports the check's events.
 *
 * <p>A rail that throws, returns null or completes exceptionally yields an ERROR verdict
 * ({@link Verdict#failed}), never "safe". Cancelling the returned future cancels every rail. The result completes
 * on the thread that completed the deciding rail.
 */
final class FirstBlockWins {
    private FirstBlockWins() {}

    /**
     * Starts every rail on the request.
     *
     * @param direction the rails' direction
     * @param rails the rails with their policies, in report order
     * @param request the request
     * @param listeners makes the check's listener
     * @param runAllRails when true, a block does not cancel the other rails: the result completes when every rail
     *     has its verdict and reports the first blocking verdict (for evaluation runs that want every verdict)
     * @param cacheable false to keep the rails' verdict caches out of this check
     *     ({@link RailObserver#verdictCacheable()})
     * @return the result's future
     */
    static CompletableFuture<GuardResult> run(
            RailDirection direction,
            List<RailBinding> rails,
            RailRequest request,
            GuardrailsListener.Factory listeners,
            boolean runAllRails,
            boolean cacheable) {
        long start = System.nanoTime();
        List<String> names = listeners == null ? List.of() : names(rails);
        CheckEvent started =
                listeners == null ? null : new CheckEvent(direction, names, start, 0, CheckEvent.STARTED, null);
        GuardrailsListener listener =
                listeners == null ? GuardrailsListener.NONE : SafeListener.create(listeners, started);
        boolean reporting = listener != GuardrailsListener.NONE;
        if (reporting) {
            listener.checkStarted(started);
        }
        RailPairs pairs = reporting ? new RailPairs(listener, rails.size()) : null;
        List<Supplier<CompletableFuture<Verdict>>> racers = new ArrayList<>(rails.size());
        for (int i = 0; i < rails.size(); i++) {
            int index = i;
            RailBinding binding = rails.get(i);
            racers.add(() -> startRail(index, binding, request, start, listener, pairs, cacheable));
        }
        CompletableFuture<GuardResult> result = FirstBlockRace.run(
                racers, Integer.MAX_VALUE, runAllRails, new FirstBlockRace.Rules<Verdict, GuardResult>() {
                    @Override
                    public boolean blocks(int index, Verdict v) {
                        return rails.get(index).blocks(v);
                    }

                    @Override
                    public void onResult(int index, Verdict v, boolean blocks) {
                        if (pairs != null) {
                            pairs.ended(
                                    index,
                                    railEvent(rails.get(index), direction, start, v, blocks),
                                    v.outcome() == Outcome.ERROR);
                        }
                    }

                    @Override
                    public GuardResult blocked(Verdict first, List<Verdict> collected) {
                        return GuardResult.blocked(direction, first, collected, since(start));
                    }

                    @Override
                    public GuardResult allowed(List<Verdict> all) {
                        return GuardResult.allowed(direction, all, since(start));
                    }
                });
        if (!reporting) {
            return result;
        }
        // The caller's future completes only after the listeners have seen the check end, so a host that reads its
        // metrics once join() returns sees this check in them. Cancelling it cancels the race.
        LinkedFuture<GuardResult> reported = new LinkedFuture<>();
        reported.link(result);
        result.whenComplete((r, t) -> {
            // a rail whose verdict the race took may not have reported it yet (its thread is between the race and
            // onResult): it ends with the verdict the result holds, not cancelled
            pairs.endRest(i -> startEvent(rails.get(i), start), i -> {
                RailBinding b = rails.get(i);
                Verdict v = r == null ? null : r.verdict(b.rail().name()).orElse(null);
                return railEvent(b, direction, start, v, v != null && b.blocks(v));
            });
            String outcome = r == null ? CheckEvent.CANCELLED : r.blocked() ? CheckEvent.BLOCKED : CheckEvent.ALLOWED;
            listener.checkEnded(new CheckEvent(
                    direction,
                    names,
                    start,
                    System.nanoTime() - start,
                    outcome,
                    r == null ? null : r.blockingRail().orElse(null)));
            if (t != null) {
                reported.completeExceptionally(LinkedFuture.unwrap(t));
            } else {
                reported.complete(r);
            }
        });
        return reported;
    }

    private static CompletableFuture<Verdict> startRail(
            int index,
            RailBinding binding,
            RailRequest request,
            long start,
            GuardrailsListener listener,
            RailPairs pairs,
            boolean cacheable) {
        String name = binding.rail().name();
        RailObserver observer = cacheable ? RailObserver.NONE : RailObserver.NONE_UNCACHED;
        if (pairs != null) {
            pairs.started(index, startEvent(binding, start));
            observer = new RailEvents(
                    listener,
                    name,
                    binding.rail().direction(),
                    binding.rail().model().orElse(null),
                    cacheable);
        }
        CompletableFuture<Verdict> f;
        try {
            f = binding.rail().check(request, observer);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Verdict.failed(name, e, since(start)));
        }
        if (f == null) {
            return CompletableFuture.completedFuture(Verdict.failed(
                    name,
                    new IllegalStateException("rail " + name + " returned null instead of a future"),
                    since(start)));
        }
        LinkedFuture<Verdict> out = new LinkedFuture<>();
        out.link(f);
        f.whenComplete((v, t) -> out.complete(t == null && v != null ? v : Verdict.failed(name, t, since(start))));
        return out;
    }

    private static RailEvent startEvent(RailBinding b, long start) {
        return new RailEvent(
                b.rail().name(),
                b.rail().direction(),
                b.rail().model().orElse(null),
                b.policy(),
                start,
                0,
                null,
                false);
    }

    private static RailEvent railEvent(
            RailBinding b, RailDirection direction, long start, Verdict verdict, boolean blocked) {
        return new RailEvent(
                b.rail().name(),
                direction,
                b.rail().model().orElse(null),
                b.policy(),
                start,
                System.nanoTime() - start,
                verdict,
                blocked);
    }

    private static List<String> names(List<RailBinding> rails) {
        String[] names = new String[rails.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = rails.get(i).rail().name();
        }
        return List.of(names); // immutable: the events' List.copyOf keeps this one list for the whole check
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
