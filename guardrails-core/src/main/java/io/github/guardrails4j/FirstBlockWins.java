package io.github.guardrails4j;

import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rails concurrently and completes as soon as the outcome is decided: the first verdict that blocks completes
 * the result and cancels every rail still running; otherwise the result completes, allowed, when all rails have
 * answered.
 *
 * <p>The combinator holds the rails' own futures (cancelling a derived stage would not reach the HTTP call).
 * A rail that throws, returns null or completes exceptionally yields an ERROR verdict, never "safe". Cancelling
 * the returned future cancels every rail. The result completes on the thread that completed the deciding rail.
 */
final class FirstBlockWins {
    private static final Logger LOG = LoggerFactory.getLogger(FirstBlockWins.class);

    private FirstBlockWins() {}

    /**
     * Starts every rail on the request.
     *
     * @param direction the rails' direction
     * @param rails the rails with their policies, in report order
     * @param request the request
     * @param listener receives one event per verdict
     * @return the result's future
     */
    static CompletableFuture<GuardResult> run(
            RailDirection direction, List<RailBinding> rails, RailRequest request, GuardrailsListener listener) {
        return run(direction, rails, request, listener, false);
    }

    /**
     * Starts every rail on the request.
     *
     * @param direction the rails' direction
     * @param rails the rails with their policies, in report order
     * @param request the request
     * @param listener receives one event per verdict
     * @param runAllRails when true, a block does not cancel the other rails: the result completes when every rail
     *     has its verdict and reports the first blocking verdict (for evaluation runs that want every verdict)
     * @return the result's future
     */
    static CompletableFuture<GuardResult> run(
            RailDirection direction,
            List<RailBinding> rails,
            RailRequest request,
            GuardrailsListener listener,
            boolean runAllRails) {
        long start = System.nanoTime();
        int n = rails.size();
        if (n == 0) {
            return CompletableFuture.completedFuture(GuardResult.allowed(direction, List.of(), Duration.ZERO));
        }
        List<CompletableFuture<Verdict>> futures = new ArrayList<>(n);
        State state = new State(direction, n, start, futures, runAllRails);
        for (RailBinding binding : rails) {
            futures.add(startRail(binding, request, start));
        }
        for (int i = 0; i < n; i++) {
            int index = i;
            RailBinding binding = rails.get(i);
            futures.get(i)
                    .whenComplete((v, t) -> state.onVerdict(index, binding, toVerdict(binding, v, t, start), listener));
        }
        return state.result;
    }

    private static CompletableFuture<Verdict> startRail(RailBinding binding, RailRequest request, long start) {
        try {
            CompletableFuture<Verdict> f = binding.rail().check(request);
            return f != null
                    ? f
                    : CompletableFuture.failedFuture(new GuardrailsException(
                            ErrorReason.INTERNAL,
                            "rail " + binding.rail().name() + " returned null instead of a future"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static Verdict toVerdict(RailBinding binding, Verdict v, Throwable t, long start) {
        if (t == null && v != null) {
            return v;
        }
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        GuardrailsException error;
        if (cause instanceof GuardrailsException) {
            error = (GuardrailsException) cause;
        } else if (cause == null) {
            error = new GuardrailsException(
                    ErrorReason.INTERNAL, "rail " + binding.rail().name() + " completed with a null verdict");
        } else {
            error = new GuardrailsException(
                    ErrorReason.INTERNAL, "rail " + binding.rail().name() + " failed: " + cause, cause);
        }
        return Verdict.error(binding.rail().name(), error, Duration.ofNanos(System.nanoTime() - start));
    }

    private static final class State {
        final RailDirection direction;
        final long start;
        final List<CompletableFuture<Verdict>> futures;
        final Verdict[] verdicts;
        final boolean runAllRails;
        int remaining;
        boolean done;
        Verdict firstBlock;
        final CompletableFuture<GuardResult> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean cancelled = super.cancel(mayInterruptIfRunning);
                if (cancelled) {
                    cancelAll();
                }
                return cancelled;
            }
        };

        State(
                RailDirection direction,
                int n,
                long start,
                List<CompletableFuture<Verdict>> futures,
                boolean runAllRails) {
            this.runAllRails = runAllRails;
            this.direction = direction;
            this.start = start;
            this.futures = futures;
            this.verdicts = new Verdict[n];
            this.remaining = n;
        }

        void onVerdict(int index, RailBinding binding, Verdict verdict, GuardrailsListener listener) {
            GuardResult complete = null;
            boolean blocks = binding.blocks(verdict);
            synchronized (this) {
                if (done) {
                    return; // decided already: this rail was cancelled or finished after the decision
                }
                verdicts[index] = verdict;
                remaining--;
                Duration latency = Duration.ofNanos(System.nanoTime() - start);
                if (blocks && firstBlock == null) {
                    firstBlock = verdict;
                }
                if (blocks && !runAllRails) {
                    done = true;
                    complete = GuardResult.blocked(direction, verdict, collected(), latency);
                } else if (remaining == 0) {
                    done = true;
                    complete = firstBlock != null
                            ? GuardResult.blocked(direction, firstBlock, collected(), latency)
                            : GuardResult.allowed(direction, collected(), latency);
                }
            }
            notify(listener, new RailEvent(binding.rail().name(), direction, verdict, binding.policy(), blocks));
            if (complete != null) {
                if (blocks && !runAllRails) {
                    cancelAll();
                }
                result.complete(complete);
            }
        }

        private List<Verdict> collected() {
            List<Verdict> list = new ArrayList<>(verdicts.length);
            for (Verdict v : verdicts) {
                if (v != null) {
                    list.add(v);
                }
            }
            return list;
        }

        void cancelAll() {
            synchronized (this) {
                done = true;
            }
            for (CompletableFuture<Verdict> f : futures) {
                if (!f.isDone()) {
                    f.cancel(true); // finished rails keep their result: cancelling them would only add noise
                }
            }
        }

        private static void notify(GuardrailsListener listener, RailEvent event) {
            try {
                listener.railCompleted(event);
            } catch (RuntimeException e) {
                // A listener must never fail a check: log and go on.
                LOG.warn(
                        "GuardrailsListener {} threw on rail {}; the check is unaffected",
                        Objects.toString(listener),
                        event.rail(),
                        e);
            }
        }
    }
}
