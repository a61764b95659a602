package io.github.guardrails4j.nim;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.guardrails4j.async.LinkedFuture;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.model.GuardModel;
import io.github.guardrails4j.nim.internal.VerdictFlight;
import io.github.guardrails4j.nim.internal.VerdictKey;
import io.github.guardrails4j.rail.CacheLookup;
import io.github.guardrails4j.rail.RailObserver;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * An opt-in, in-process cache of guard verdicts with single flight, for {@link NimRail}s: give one to any number of
 * rail builders ({@link RailBuilder#verdictCache(VerdictCache)}), on any clients.
 *
 * <pre>{@code
 * VerdictCache cache = VerdictCache.builder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();
 * NimRail input = ContentSafetyRail.input(nim).verdictCache(cache).build();
 * }</pre>
 *
 * <h2>What a verdict is keyed by</h2>
 * The SHA-256 of everything that decides it: the path (or URL) the request goes to, the direction, the parser's
 * identity and version ({@link GuardModel#parserIdentity()}; a model without one shares verdicts only between
 * checks of the same model instance) and the whole request body exactly as sent ({@link NimCodec#encode}: model
 * id, rendered prompt or classify input, temperature, {@code max_tokens}, stop, {@code chat_template_kwargs}). A
 * change of template, parameter or parser therefore never returns a stale verdict. Keys are digests and values are
 * the verdict's outcome, categories and score: no user text and no raw model answer is kept.
 *
 * <h2>What is cached</h2>
 * SAFE and UNSAFE verdicts, for at most {@link #expireAfterWrite()} after they were made, at most
 * {@link #maximumSize()} of them (Caffeine's size-based eviction, which keeps the frequently used ones). Never an
 * ERROR: a failed call leaves nothing behind and the next identical check calls again. Rails bypass the cache for
 * the chunk checks of a streamed answer and for warm-up calls; rails with early decision cannot have one.
 *
 * <h2>Single flight</h2>
 * Concurrent identical checks share one guard call: the first calls, the others wait for its verdict (or its error,
 * which they share rather than repeat a call that just failed). A waiter that is cancelled (its input was already
 * blocked by another rail) or whose own deadline ({@code ResilienceConfig.checkTimeout} of its rail's client) runs
 * out leaves alone: the call goes on for the others, and is cancelled only when every waiter has left.
 *
 * <p>A verdict served from the cache (or shared) has the rail's name, the check's own latency, no raw output, no
 * token usage, no endpoint and 0 attempts; the listener's {@code verdictCacheLookup} event says hit, shared or miss.
 * A hit completes on the caller's thread.
 *
 * <h2>Security</h2>
 * A hit answers in microseconds, a miss in milliseconds: whoever can time checks through a shared cache learns
 * whether someone else sent the same text recently. Do not share one cache between tenants that must not learn
 * about each other; build one per tenant (see {@code docs/security.md}).
 *
 * <p>Immutable configuration, thread safe; uses no thread of its own.
 */
public final class VerdictCache {
    /** Default of {@link Builder#maximumSize(long)}: {@value} verdicts. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;
    /** Default of {@link Builder#expireAfterWrite(Duration)}: 10 minutes. */
    public static final Duration DEFAULT_EXPIRE_AFTER_WRITE = Duration.ofMinutes(10);

    private final long maximumSize;
    private final Duration expireAfterWrite;
    private final AsyncCache<VerdictKey, ParsedVerdict> cache;
    /** A unique identity per model instance without a {@link GuardModel#parserIdentity()} (weak, by identity). */
    private final Cache<GuardModel, String> instanceIdentities =
            Caffeine.newBuilder().weakKeys().build();

    private final AtomicLong nextInstance = new AtomicLong();

    private VerdictCache(Builder b) {
        this.maximumSize = b.maximumSize;
        this.expireAfterWrite = b.expireAfterWrite;
        LongSupplier ticker = b.ticker;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(expireAfterWrite)
                .ticker(ticker::getAsLong)
                // maintenance on the calling thread: no thread pool of our own, deterministic in tests
                .executor(Runnable::run)
                .buildAsync();
    }

    /** {@return a builder with the defaults; mutable and not thread safe} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a cache with {@link #DEFAULT_MAXIMUM_SIZE} and {@link #DEFAULT_EXPIRE_AFTER_WRITE}} */
    public static VerdictCache create() {
        return builder().build();
    }

    /** {@return the most verdicts kept (calls in flight included)} */
    public long maximumSize() {
        return maximumSize;
    }

    /** {@return how long a verdict is kept after it was made} */
    public Duration expireAfterWrite() {
        return expireAfterWrite;
    }

    /** {@return about how many verdicts (and calls in flight) the cache holds now} */
    public long estimatedSize() {
        return cache.synchronous().estimatedSize();
    }

    /** Forgets every cached verdict; calls in flight go on for the checks waiting on them. */
    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    /** Runs pending evictions now (tests). */
    void cleanUp() {
        cache.synchronous().cleanUp();
    }

    /** {@return the entries, for tests: keys are digests, values the verdicts' data or calls in flight} */
    Map<VerdictKey, CompletableFuture<ParsedVerdict>> entries() {
        return cache.asMap();
    }

    /**
     * The parser identity a rail keys its verdicts by.
     *
     * @param model the rail's model
     * @return its {@link GuardModel#parserIdentity()}, else an identity unique to the model instance
     */
    String parserIdentity(GuardModel model) {
        return model.parserIdentity()
                .orElseGet(() -> instanceIdentities.get(
                        model,
                        m -> "instance " + nextInstance.incrementAndGet() + " of "
                                + m.getClass().getName()));
    }

    /**
     * Answers a check from the cache, from an identical call in flight, or by making the call.
     *
     * @param key the check's key
     * @param call makes the guard call and its full verdict (for the check that misses)
     * @param fromCache makes this check's verdict from cached data
     * @param failed makes this check's ERROR verdict from a failure
     * @param deadline this check's own deadline, or zero for none
     * @param scheduler runs the deadline
     * @param observer receives the lookup
     * @return the verdict; completes normally; cancelling it leaves the shared call to the other waiters
     */
    CompletableFuture<Verdict> check(
            VerdictKey key,
            Supplier<CompletableFuture<Verdict>> call,
            Function<ParsedVerdict, Verdict> fromCache,
            Function<Throwable, Verdict> failed,
            Duration deadline,
            ScheduledExecutorService scheduler,
            RailObserver observer) {
        while (true) {
            VerdictFlight[] made = new VerdictFlight[1];
            VerdictFlight flight = (VerdictFlight) cache.get(key, (k, executor) -> made[0] = new VerdictFlight());
            if (flight == made[0]) {
                observer.verdictCacheLookup(CacheLookup.MISS);
                return lead(flight, call, failed);
            }
            ParsedVerdict cached = flight.getNow(null);
            if (cached != null) {
                observer.verdictCacheLookup(CacheLookup.HIT);
                return CompletableFuture.completedFuture(fromCache.apply(cached));
            }
            if (flight.tryAddWaiter()) {
                observer.verdictCacheLookup(CacheLookup.SHARED);
                return follow(flight, fromCache, failed, deadline, scheduler);
            }
            // a failed or abandoned call, not yet removed: drop it and look again
            cache.asMap().remove(key, flight);
        }
    }

    private static CompletableFuture<Verdict> lead(
            VerdictFlight flight, Supplier<CompletableFuture<Verdict>> call, Function<Throwable, Verdict> failed) {
        CompletableFuture<Verdict> full;
        try {
            full = call.get();
        } catch (RuntimeException e) {
            flight.finish(null, e);
            return CompletableFuture.completedFuture(failed.apply(e));
        }
        flight.start(full);
        LinkedFuture<Verdict> mine = new LinkedFuture<>();
        mine.onCancel(flight::removeWaiter);
        full.whenComplete((v, t) -> {
            if (v != null && v.outcome() != Outcome.ERROR) {
                flight.finish(new ParsedVerdict(v.outcome(), v.categories(), score(v)), null);
            } else {
                flight.finish(null, v != null ? errorOf(v) : LinkedFuture.unwrap(t));
            }
            mine.complete(v != null ? v : failed.apply(LinkedFuture.unwrap(t)));
        });
        return mine;
    }

    private static CompletableFuture<Verdict> follow(
            VerdictFlight flight,
            Function<ParsedVerdict, Verdict> fromCache,
            Function<Throwable, Verdict> failed,
            Duration deadline,
            ScheduledExecutorService scheduler) {
        LinkedFuture<Verdict> mine = new LinkedFuture<>();
        flight.whenComplete((p, t) ->
                mine.complete(p != null ? fromCache.apply(p) : failed.apply(t != null ? unwrap(t) : flight.failure())));
        if (!deadline.isZero()) {
            Runnable expire = () -> mine.complete(failed.apply(new GuardTimeoutException(
                    "the check's deadline of " + deadline.toMillis() + " ms ran out while it waited for an identical "
                            + "check's guard call (verdict cache, single flight); that call goes on for the checks "
                            + "still waiting; raise ResilienceConfig.checkTimeout if the guard is legitimately slow",
                    deadline,
                    null)));
            try {
                ScheduledFuture<?> timer = scheduler.schedule(expire, deadline.toNanos(), TimeUnit.NANOSECONDS);
                mine.whenComplete((v, t) -> timer.cancel(false));
            } catch (RejectedExecutionException e) {
                // the client is closed: the shared call has its own deadline, and ends at the latest with it
            }
        }
        mine.whenComplete((v, t) -> flight.removeWaiter());
        return mine;
    }

    private static Throwable unwrap(Throwable t) {
        return LinkedFuture.unwrap(t);
    }

    private static Double score(Verdict v) {
        return v.score().isPresent() ? v.score().getAsDouble() : null;
    }

    private static Throwable errorOf(Verdict v) {
        return v.error()
                .map(Throwable.class::cast)
                .orElseGet(() -> new GuardrailsException(
                        ErrorReason.INTERNAL, "the guard call of rail " + v.rail() + " ended without a verdict"));
    }

    @Override
    public String toString() {
        return "VerdictCache{maximumSize=" + maximumSize + ", expireAfterWrite=" + expireAfterWrite + '}';
    }

    /** Builds a {@link VerdictCache}. Mutable and not thread safe; {@link #build()} validates and copies. */
    public static final class Builder {
        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private Duration expireAfterWrite = DEFAULT_EXPIRE_AFTER_WRITE;
        private LongSupplier ticker = System::nanoTime;

        private Builder() {}

        /**
         * The most verdicts kept; beyond it, Caffeine evicts the ones least likely to be used again. Default
         * {@link #DEFAULT_MAXIMUM_SIZE} ({@value #DEFAULT_MAXIMUM_SIZE}). Each verdict takes a few hundred bytes.
         *
         * @param maximumSize at least 1
         * @return this
         * @throws ConfigurationException when maximumSize is less than 1
         */
        public Builder maximumSize(long maximumSize) {
            if (maximumSize < 1) {
                throw new ConfigurationException("VerdictCache maximumSize must be >= 1 verdict, got " + maximumSize
                        + "; to cache nothing, give the rails no verdict cache");
            }
            this.maximumSize = maximumSize;
            return this;
        }

        /**
         * How long a verdict is kept after it was made. Default {@link #DEFAULT_EXPIRE_AFTER_WRITE} (10 minutes).
         *
         * @param expireAfterWrite positive
         * @return this
         * @throws ConfigurationException when it is null, zero or negative
         */
        public Builder expireAfterWrite(Duration expireAfterWrite) {
            if (expireAfterWrite == null || expireAfterWrite.isZero() || expireAfterWrite.isNegative()) {
                throw new ConfigurationException("VerdictCache expireAfterWrite must be positive, got "
                        + expireAfterWrite + "; for example Duration.ofMinutes(10)");
            }
            this.expireAfterWrite = expireAfterWrite;
            return this;
        }

        /** Test seam: the monotonic clock of expiry, in nanoseconds. */
        Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** {@return the cache} */
        public VerdictCache build() {
            return new VerdictCache(this);
        }
    }
}
