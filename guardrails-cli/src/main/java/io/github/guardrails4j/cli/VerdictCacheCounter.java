package io.github.guardrails4j.cli;

import io.github.guardrails4j.event.AttemptEvent;
import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.event.TokensEvent;
import io.github.guardrails4j.event.VerdictCacheEvent;
import io.github.guardrails4j.rail.CacheLookup;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts, per rail, the verdict cache lookups (hit, shared, miss), the HTTP attempts made and the latency of the
 * rail verdicts of each kind, from listener events; forwards token usage to another listener. A factory: each check
 * gets a listener that remembers how each of its rails was looked up. Thread safe.
 */
final class VerdictCacheCounter implements GuardrailsListener.Factory {
    private final GuardrailsListener tokens;
    private final Map<String, Rail> rails = new ConcurrentHashMap<>();

    /**
     * Creates a counter.
     *
     * @param tokens receives every {@code tokensReported} event
     */
    VerdictCacheCounter(GuardrailsListener tokens) {
        this.tokens = tokens;
    }

    /** One rail's counts. */
    static final class Rail {
        final Map<CacheLookup, AtomicLong> lookups = new EnumMap<>(CacheLookup.class);
        final Map<CacheLookup, Queue<Long>> micros = new EnumMap<>(CacheLookup.class);
        final AtomicLong attempts = new AtomicLong();

        Rail() {
            for (CacheLookup l : CacheLookup.values()) {
                lookups.put(l, new AtomicLong());
                micros.put(l, new ConcurrentLinkedQueue<>());
            }
        }

        long count(CacheLookup l) {
            return lookups.get(l).get();
        }

        long lookups() {
            return lookups.values().stream().mapToLong(AtomicLong::get).sum();
        }

        /** {@return the latencies of the rail verdicts looked up so, in microseconds} */
        long[] micros(CacheLookup l) {
            return micros.get(l).stream().mapToLong(Long::longValue).toArray();
        }
    }

    private Rail rail(String name) {
        return rails.computeIfAbsent(name, n -> new Rail());
    }

    /** {@return the counts per rail name, sorted by name} */
    Map<String, Rail> byRail() {
        return new TreeMap<>(rails);
    }

    /** {@return true when any rail looked a check up in a verdict cache} */
    boolean anyLookup() {
        return rails.values().stream().anyMatch(r -> r.lookups() > 0);
    }

    /** {@return the latencies of every rail verdict looked up so, in microseconds} */
    long[] allMicros(CacheLookup l) {
        return rails.values().stream()
                .flatMapToLong(r -> Arrays.stream(r.micros(l)))
                .toArray();
    }

    @Override
    public GuardrailsListener create(CheckEvent started) {
        Map<String, CacheLookup> ofThisCheck = new ConcurrentHashMap<>();
        return new GuardrailsListener() {
            @Override
            public void verdictCacheLookup(VerdictCacheEvent event) {
                ofThisCheck.put(event.rail(), event.lookup());
                rail(event.rail()).lookups.get(event.lookup()).incrementAndGet();
            }

            @Override
            public void attemptStarted(AttemptEvent event) {
                rail(event.rail()).attempts.incrementAndGet();
            }

            @Override
            public void railEnded(RailEvent event) {
                ended(event);
            }

            @Override
            public void railFailed(RailEvent event) {
                ended(event);
            }

            private void ended(RailEvent event) {
                CacheLookup l = ofThisCheck.get(event.rail());
                if (l != null && event.verdict() != null) {
                    // the rail's own latency (render, key, lookup, call), not the check's
                    rail(event.rail())
                            .micros
                            .get(l)
                            .add(event.verdict().latency().toNanos() / 1_000);
                }
            }

            @Override
            public void tokensReported(TokensEvent event) {
                tokens.tokensReported(event);
            }
        };
    }

    /** {@return the lookups as {@code hit/shared/miss} counts, for messages} */
    static String describe(Rail r) {
        return r.count(CacheLookup.HIT) + " hit, " + r.count(CacheLookup.SHARED) + " shared, "
                + r.count(CacheLookup.MISS) + " miss";
    }
}
