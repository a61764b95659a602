package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.async.LinkedFuture;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.exception.GuardUnavailableException;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailObserver;
import io.github.guardrails4j.verdict.Verdict;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one guard call with retries, a deadline, and per-endpoint circuit breakers, concurrency limits and retry
 * budgets, over one or more endpoints (NIM replicas) chosen by prefix affinity. Internal API. Thread safe.
 *
 * <p>Each attempt is a new OkHttp call (plain or streamed) made by the caller's attempt function for the endpoint
 * chosen. resilience4j's
 * {@link Retry} decides whether a failure is retried (the {@link Failures} rules and the attempt count) and how long
 * to wait ({@link Backoff}, honouring {@code Retry-After}); this class adds what it cannot do for an asynchronous
 * call: endpoint choice per attempt, the retry budget, waits that never pass the deadline, cancellation of the
 * call in flight when the deadline runs out or the caller cancels, and the earlier failures kept as suppressed.
 *
 * <p>Waits and the deadline run on the given {@link ScheduledExecutorService}; completions run on OkHttp's
 * dispatcher threads or on that scheduler.
 */
public final class ResilientExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(ResilientExecutor.class);

    private final List<Endpoint> endpoints;
    private final long[] endpointHashes;
    private final ResilienceConfig policy;
    private final ScheduledExecutorService scheduler;
    /** The checks still running, for {@link #closeAll}. */
    private final Set<Run<?>> live = ConcurrentHashMap.newKeySet();
    /** Set once by {@link #closeAll}: the error of every check then. */
    private volatile String closedMessage;

    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Retry retry;

    /**
     * Sets endpoints.
     *
     * @param endpoints the endpoints, in configuration order; at least one
     * @param policy the settings
     * @param scheduler runs waits, deadlines and probes; not shut down here
     * @param clock the wall clock (Retry-After dates)
     * @param nanoTime the monotonic clock (deadlines)
     * @param random uniform values in [0, 1) for jitter
     */
    public ResilientExecutor(
            List<Endpoint> endpoints,
            ResilienceConfig policy,
            ScheduledExecutorService scheduler,
            Clock clock,
            LongSupplier nanoTime,
            DoubleSupplier random) {
        this.endpoints = List.copyOf(endpoints);
        if (this.endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint");
        }
        this.endpointHashes = this.endpoints.stream().mapToLong(Endpoint::hash).toArray();
        this.policy = policy;
        this.scheduler = scheduler;
        this.clock = clock;
        this.nanoTime = nanoTime;
        Backoff backoff = new Backoff(policy, random);
        IntervalBiFunction<Object> interval = (attempt, either) -> backoff.waitMillis(
                attempt,
                either.isLeft() && either.getLeft() instanceof GuardServiceException
                        ? ((GuardServiceException) either.getLeft())
                                .retryAfter()
                                .orElse(null)
                        : null);
        this.retry = Retry.of(
                "nim",
                RetryConfig.custom()
                        .maxAttempts(policy.maxAttempts())
                        .retryOnException(Failures::retryable)
                        .intervalBiFunction(interval)
                        .writableStackTraceEnabled(false)
                        .build());
    }

    /** {@return the endpoints, in configuration order} */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /**
     * The endpoints in the order a key prefers them (rendezvous hashing), whatever their health.
     *
     * @param affinityKey the key
     * @return the endpoints, preferred first
     */
    public List<Endpoint> preference(String affinityKey) {
        return endpoints.size() == 1 ? endpoints : preference(Rendezvous.hash(affinityKey));
    }

    /**
     * The endpoints in the order a key prefers them, from the key's hash (for callers that hash their fixed key
     * once).
     *
     * @param affinityHash {@link Rendezvous#hash(String)} of the key
     * @return the endpoints, preferred first; the configured list itself when there is one endpoint
     */
    public List<Endpoint> preference(long affinityHash) {
        if (endpoints.size() == 1) {
            return endpoints; // nothing to order: no hashing, no list per check
        }
        int[] order = Rendezvous.order(affinityHash, endpointHashes);
        Endpoint[] out = new Endpoint[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = endpoints.get(order[i]);
        }
        return Arrays.asList(out);
    }

    /**
     * Starts a resilient call.
     *
     * @param affinityKey the prefix-affinity key (same key, same preferred endpoint)
     * @param attempt starts one attempt (a new HTTP call, plain or streamed) on an endpoint's base URL; called once
     *     per attempt; the future it returns cancels its call when cancelled
     * @param observer receives the attempts and retries
     * @param <T> the result type
     * @return a future that completes normally with the outcome (never exceptionally, except when cancelled);
     *         cancelling it cancels the call in flight and any pending retry
     */
    public <T> CompletableFuture<Attempted<T>> execute(
            String affinityKey, Function<String, CompletableFuture<T>> attempt, RailObserver observer) {
        return start(preference(affinityKey), attempt, observer);
    }

    /**
     * Starts a resilient call, with the affinity key already hashed (a rail's key never changes: it hashes it
     * once).
     *
     * @param affinityHash {@link Rendezvous#hash(String)} of the prefix-affinity key
     * @param attempt as {@link #execute(String, Function, RailObserver)}
     * @param observer receives the attempts and retries
     * @param <T> the result type
     * @return as {@link #execute(String, Function, RailObserver)}
     */
    public <T> CompletableFuture<Attempted<T>> execute(
            long affinityHash, Function<String, CompletableFuture<T>> attempt, RailObserver observer) {
        return start(preference(affinityHash), attempt, observer);
    }

    private <T> CompletableFuture<Attempted<T>> start(
            List<Endpoint> order, Function<String, CompletableFuture<T>> attempt, RailObserver observer) {
        Run<T> run = new Run<>(order, attempt, observer);
        if (!register(run)) {
            return run;
        }
        run.start();
        return run;
    }

    /** Tracks a run until it completes; false (and the run failed with the closed error) once closed. */
    private boolean register(Run<?> run) {
        if (closedMessage == null) {
            live.add(run);
            run.whenComplete((a, t) -> live.remove(run));
            if (closedMessage == null) {
                return true;
            }
        }
        run.finish(null, closed(closedMessage)); // closed before (or while) it was registered
        return false;
    }

    /**
     * Completes every check still running (an attempt in flight or a retry waiting) with a
     * {@link GuardUnavailableException} saying the client was closed, cancels their calls and timers, and makes every
     * later {@link #execute} fail at once with the same error. Called by {@code NimClient.close()} before its
     * scheduler stops, so that no check waits for a retry or a deadline that will never run. Idempotent.
     *
     * @param message the error message, naming the closed client and the fix
     */
    public void closeAll(String message) {
        closedMessage = message;
        for (Run<?> run : live) {
            run.finish(null, closed(message));
        }
    }

    private static GuardUnavailableException closed(String message) {
        return new GuardUnavailableException(message, null);
    }

    private final class Run<T> extends LinkedFuture<Attempted<T>> {
        private final List<Endpoint> order;
        private final Function<String, CompletableFuture<T>> attempt;
        private final RailObserver observer;
        private final long startNanos = nanoTime.getAsLong();
        // The happy path (one attempt that succeeds) needs none of these: made on the first failure or retry.
        private Retry.AsyncContext<Object> context;
        private List<GuardrailsException> failures;
        /** Positions in {@link #order} already tried; null until a second attempt needs them. */
        private boolean[] tried;
        /** Position in {@link #order} of the last endpoint tried, -1 before the first attempt. */
        private int lastIndex = -1;

        private int attempts;
        private Endpoint last;
        private Future<?> inFlight;
        private ScheduledFuture<?> pendingRetry;
        private ScheduledFuture<?> deadlineTimer;
        /** The endpoint whose queue this check waits in, or waited in last; null if it never waited. */
        private Endpoint waitingOn;
        /** This check's waiter in that queue while it waits, else null. */
        private Runnable waiter;

        private long waitStartNanos;

        Run(List<Endpoint> order, Function<String, CompletableFuture<T>> attempt, RailObserver observer) {
            this.order = order;
            this.attempt = attempt;
            this.observer = observer;
            onCancel(this::cancelInFlight);
        }

        void start() {
            Duration deadline = policy.checkTimeout();
            if (!deadline.isZero()) {
                try {
                    ScheduledFuture<?> t =
                            scheduler.schedule(this::deadlineExpired, deadline.toNanos(), TimeUnit.NANOSECONDS);
                    synchronized (this) {
                        deadlineTimer = t;
                    }
                } catch (RejectedExecutionException e) {
                    finish(
                            null,
                            new GuardrailsException(
                                    ErrorReason.INTERNAL,
                                    "the NimClient is closed; build a "
                                            + "new one (its scheduler no longer accepts work)",
                                    e));
                    return;
                }
            }
            nextAttempt();
        }

        private void nextAttempt() {
            if (isDone()) {
                return;
            }
            List<String> refusals = null;
            Endpoint chosen = null;
            int chosenIndex = -1;
            int fullIndex = -1;
            for (int i : candidates()) {
                Endpoint ep = order.get(i);
                String refusal = ep.acquireBreaker();
                if (refusal == null) {
                    if (ep.limiter().tryAcquire()) {
                        chosen = ep;
                        chosenIndex = i;
                        break;
                    }
                    ep.releaseBreaker();
                    refusal = ep.fullMessage();
                    if (fullIndex < 0) {
                        fullIndex = i;
                    }
                }
                if (refusals == null) {
                    refusals = new ArrayList<>(order.size());
                }
                refusals.add(refusal);
            }
            if (chosen == null) {
                if (fullIndex >= 0 && !policy.checkTimeout().isZero()) {
                    await(fullIndex);
                    return;
                }
                unavailable(refusals);
                return;
            }
            attemptOn(chosen, chosenIndex);
        }

        private void unavailable(List<String> refusals) {
            finish(
                    null,
                    new GuardUnavailableException(
                            "no call made: every endpoint refused ("
                                    + String.join("; ", refusals)
                                    + "); the guard is failing or overloaded, the check fails "
                                    + "closed; see the NIM's logs, or raise ResilienceConfig limits if it is healthy",
                            null));
        }

        /**
         * Waits in the FIFO queue of the preferred endpoint whose limit is full, until a slot frees up or the check
         * ends (its deadline, a cancel, close): never longer than the check's deadline, never blocking a thread.
         */
        private void await(int index) {
            Endpoint ep = order.get(index);
            Runnable waiter = () -> granted(index);
            synchronized (this) {
                if (isDone()) {
                    return;
                }
                waitingOn = ep;
                this.waiter = waiter;
                waitStartNanos = nanoTime.getAsLong();
            }
            if (ep.limiter().acquireOrQueue(waiter)) {
                granted(index); // a slot freed up meanwhile
                return;
            }
            if (isDone() && ep.limiter().cancel(waiter)) {
                synchronized (this) {
                    this.waiter = null; // ended while queueing: finish() may have looked before it was queued
                }
            }
        }

        /** A slot of {@code order.get(index)} is held for this check: make the attempt, or give the slot back. */
        private void granted(int index) {
            Endpoint ep = order.get(index);
            synchronized (this) {
                waiter = null;
            }
            String closed = closedMessage;
            if (isDone() || closed != null) {
                ep.limiter().release();
                finish(null, closed(closed)); // no-op when done; else the client closed while the check waited
                return;
            }
            Duration deadline = policy.checkTimeout();
            if (!deadline.isZero() && nanoTime.getAsLong() - startNanos >= deadline.toNanos()) {
                ep.limiter().release(); // its deadline timer is due: no call that would be cancelled at once
                deadlineExpired();
                return;
            }
            String refusal = ep.acquireBreaker();
            if (refusal != null) {
                ep.limiter().release(); // the breaker opened while the check waited
                unavailable(List.of(refusal));
                return;
            }
            attemptOn(ep, index);
        }

        /** Makes an attempt on an endpoint whose breaker permission and concurrency slot this check holds. */
        private void attemptOn(Endpoint chosen, int chosenIndex) {
            long t0 = nanoTime.getAsLong();
            int n;
            boolean done = false;
            synchronized (this) {
                if (isDone()) {
                    done = true;
                    n = 0;
                } else {
                    n = ++attempts;
                    last = chosen;
                    if (lastIndex >= 0 && tried == null) {
                        tried = new boolean[order.size()];
                        tried[lastIndex] = true;
                    }
                    if (tried != null) {
                        tried[chosenIndex] = true;
                    }
                    lastIndex = chosenIndex;
                }
            }
            if (done) {
                chosen.release(0, null, true); // outside the lock: it may start the next waiter's call
                return;
            }
            if (n == 1) {
                chosen.budget().deposit();
            }
            observer.attemptStarted(n, chosen.baseUrl());
            CompletableFuture<T> call;
            try {
                call = attempt.apply(chosen.baseUrl());
            } catch (RuntimeException e) {
                chosen.release(0, null, true);
                observer.attemptEnded(n, chosen.baseUrl(), nanoTime.getAsLong() - t0, e);
                finish(null, Verdict.asGuardrailsException("guard call", e));
                return;
            }
            boolean cancelNow;
            synchronized (this) {
                inFlight = call;
                cancelNow = isDone();
            }
            if (cancelNow) {
                call.cancel(true); // finished (deadline, cancel) while the attempt was starting
            }
            Endpoint ep = chosen;
            call.whenComplete((value, failure) -> onAttempt(ep, n, t0, value, failure));
        }

        /**
         * Positions in {@link #order} of the healthy endpoints not tried yet, then the unhealthy ones not tried, then
         * the tried ones, each in preference.
         */
        private int[] candidates() {
            int size = order.size();
            if (size == 1) {
                return ONLY_ONE; // one endpoint: it is the only candidate, tried or not, healthy or not
            }
            boolean[] triedNow = new boolean[size];
            synchronized (this) {
                if (tried != null) {
                    System.arraycopy(tried, 0, triedNow, 0, size);
                } else if (lastIndex >= 0) {
                    triedNow[lastIndex] = true;
                }
            }
            int[] out = new int[size];
            int k = 0;
            for (int pass = 0; pass < 4; pass++) {
                boolean wantTried = pass >= 2;
                boolean wantHealthy = pass % 2 == 0;
                for (int i = 0; i < size; i++) {
                    if (triedNow[i] == wantTried && order.get(i).healthy() == wantHealthy) {
                        out[k++] = i;
                    }
                }
            }
            return k == size ? out : Arrays.copyOf(out, k);
        }

        private void onAttempt(Endpoint ep, int n, long t0, T value, Throwable failure) {
            long elapsed = nanoTime.getAsLong() - t0;
            Throwable cause = LinkedFuture.unwrap(failure);
            observer.attemptEnded(n, ep.baseUrl(), elapsed, cause);
            if (cause instanceof CancellationException) {
                ep.release(elapsed, null, true);
                return;
            }
            if (isDone()) {
                // the deadline ran out or the caller cancelled while the answer came: record what the endpoint did
                ep.release(elapsed, cause, false);
                return;
            }
            ep.release(elapsed, cause, false);
            if (cause == null) {
                Retry.AsyncContext<Object> ctx;
                synchronized (this) {
                    ctx = context;
                }
                if (ctx != null) {
                    ctx.onComplete(); // a success after retries; a first-attempt success has no context to end
                }
                finish(value, null);
                return;
            }
            GuardrailsException error = Verdict.asGuardrailsException("guard call", cause);
            Retry.AsyncContext<Object> ctx;
            synchronized (this) {
                if (context == null) {
                    context = retry.asyncContext();
                }
                ctx = context;
            }
            long waitMillis = ctx.onError(error);
            if (waitMillis < 0) {
                finish(null, error);
                return;
            }
            Duration deadline = policy.checkTimeout();
            long remainingMillis = deadline.isZero()
                    ? Long.MAX_VALUE
                    : (deadline.toNanos() - (nanoTime.getAsLong() - startNanos)) / 1_000_000L;
            if (waitMillis > ResilienceConfig.MAX_RETRY_AFTER.toMillis() && deadline.isZero()) {
                error.addSuppressed(note("not retried: the server asked to wait " + waitMillis + " ms (Retry-After), "
                        + "more than " + ResilienceConfig.MAX_RETRY_AFTER.toMillis() + " ms"));
                finish(null, error);
                return;
            }
            if (waitMillis >= remainingMillis) {
                error.addSuppressed(note("not retried: the next wait of " + waitMillis + " ms would pass the "
                        + "check's deadline of " + deadline.toMillis() + " ms (" + Math.max(0, remainingMillis)
                        + " ms left); raise ResilienceConfig.deadline if the guard needs longer"));
                finish(null, error);
                return;
            }
            if (!ep.budget().tryWithdraw()) {
                error.addSuppressed(note("not retried: the retry budget of " + ep.baseUrl() + " is empty (retries "
                        + "may add at most " + Math.round(policy.retryBudgetRatio() * 100) + "% to first attempts "
                        + "plus " + policy.retryBudgetMinPerSecond() + "/s); the endpoint is failing often"));
                finish(null, error);
                return;
            }
            LOG.debug(
                    "guard call to {} failed ({}: {}); retry {} of {} in {} ms",
                    ep.baseUrl(),
                    error.reason(),
                    error.getMessage(),
                    attempts,
                    policy.maxAttempts() - 1,
                    waitMillis);
            // reported before the retry is scheduled, so that it comes before the attempt it starts (a short wait
            // could otherwise start that attempt first); if the client closes meanwhile, the check fails instead
            observer.retryScheduled(n, error.reason(), TimeUnit.MILLISECONDS.toNanos(waitMillis));
            boolean rejected = false;
            synchronized (this) {
                if (failures == null) {
                    failures = new ArrayList<>(policy.maxAttempts());
                }
                failures.add(error);
                inFlight = null;
                if (isDone()) {
                    return;
                }
                try {
                    pendingRetry = scheduler.schedule(this::nextAttempt, waitMillis, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    failures.remove(failures.size() - 1);
                    rejected = true;
                }
            }
            if (rejected) {
                error.addSuppressed(note("not retried: the NimClient was closed"));
                finish(null, error); // outside the lock: completing runs the caller's continuations
            }
        }

        private void deadlineExpired() {
            Duration deadline = policy.checkTimeout();
            int n;
            String queued = "";
            synchronized (this) {
                n = attempts;
                if (waiter != null) {
                    queued = ", after waiting " + (nanoTime.getAsLong() - waitStartNanos) / 1_000_000L
                            + " ms for a free "
                            + "slot of " + waitingOn.baseUrl() + " (concurrency limit "
                            + waitingOn.limiter().limit()
                            + ", " + waitingOn.limiter().queued() + " checks waiting; raise the limit if the NIM has "
                            + "capacity to spare)";
                }
            }
            finish(
                    null,
                    new GuardTimeoutException(
                            "the check's deadline of " + deadline.toMillis() + " ms ran out "
                                    + "after " + n + " attempt(s)" + (last == null ? "" : ", last to " + last.baseUrl())
                                    + queued
                                    + "; the call in flight was cancelled; raise ResilienceConfig.deadline if the guard is "
                                    + "legitimately slow, or look at the NIM's load",
                            deadline,
                            null));
        }

        private void finish(T value, GuardrailsException error) {
            Future<?> call;
            ScheduledFuture<?> retryTask;
            ScheduledFuture<?> timer;
            List<GuardrailsException> earlier;
            int n;
            String endpoint;
            Runnable queued;
            synchronized (this) {
                if (isDone()) {
                    return;
                }
                call = inFlight;
                retryTask = pendingRetry;
                timer = deadlineTimer;
                queued = waiter;
                earlier = failures == null ? List.of() : List.copyOf(failures);
                n = attempts;
                endpoint = last == null ? null : last.baseUrl();
            }
            if (error != null) {
                for (GuardrailsException e : earlier) {
                    if (e != error) {
                        error.addSuppressed(e);
                    }
                }
            }
            // before completing: whoever sees the outcome sees this check out of the queue and its permit back (a
            // cancelled call gives it back at once)
            leaveQueue(queued);
            cancelQuietly(call, retryTask, timer);
            complete(new Attempted<>(value, error, n, endpoint));
        }

        private void cancelInFlight() {
            Future<?> call;
            ScheduledFuture<?> retryTask;
            ScheduledFuture<?> timer;
            Runnable queued;
            synchronized (this) {
                call = inFlight;
                retryTask = pendingRetry;
                timer = deadlineTimer;
                queued = waiter;
            }
            leaveQueue(queued);
            cancelQuietly(call, retryTask, timer);
        }

        /** Leaves the queue the check waits in; a slot granted meanwhile is given back by {@link #granted}. */
        private void leaveQueue(Runnable queued) {
            if (queued != null) {
                Endpoint ep;
                synchronized (this) {
                    ep = waitingOn;
                }
                ep.limiter().cancel(queued);
            }
        }

        private void cancelQuietly(Future<?> call, ScheduledFuture<?> retryTask, ScheduledFuture<?> timer) {
            if (call != null) {
                call.cancel(true);
            }
            if (retryTask != null) {
                retryTask.cancel(false);
            }
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    private static final int[] ONLY_ONE = {0};

    private static GuardrailsException note(String message) {
        return new GuardrailsException(ErrorReason.INTERNAL, message);
    }
}
