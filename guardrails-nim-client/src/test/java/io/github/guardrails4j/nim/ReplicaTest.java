package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.nim.internal.Endpoint;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.CacheStats;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two NIM simulator replicas behind one client: rendezvous prefix affinity, cache hit ratio per replica, failover
 * when a replica dies mid-run, and its share coming back after it restarts. Prints the measured numbers.
 */
class ReplicaTest {
    static final int PREFIXES = 16;
    static final int MESSAGES = 12;
    final List<NimSimulator> sims = new ArrayList<>();
    final List<NimClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(NimClient::close);
        sims.forEach(NimSimulator::close);
    }

    NimSimulator sim() {
        return sim(NimSimulator.DEFAULT_CACHE_CAPACITY_BLOCKS);
    }

    NimSimulator sim(int cacheBlocks) {
        NimSimulator s = NimSimulator.builder().cacheCapacityBlocks(cacheBlocks).start();
        sims.add(s);
        return s;
    }

    NimClient client(List<String> urls, ResilienceConfig config) {
        NimClient c = NimClient.builder().baseUrls(urls).resilience(config).build();
        clients.add(c);
        return c;
    }

    static String guidelines(int i) {
        return "Guidelines of tenant " + i + ". You are the support assistant of product line " + i
                + ". Answer questions about installing, configuring and troubleshooting its routers, switches and "
                + "access points. Decline anything unrelated to these products, and never give legal advice.";
    }

    static List<NimRail> rails(NimClient c) {
        List<NimRail> rails = new ArrayList<>();
        for (int i = 0; i < PREFIXES; i++) {
            rails.add(TopicControlRail.builder(c).guidelines(guidelines(i)).build());
        }
        return rails;
    }

    static RailRequest message(int j) {
        return RailRequest.ofInput("How do I reset the admin password of my router, step " + j + "?");
    }

    /** Runs the workload: every rail checks every message, rails interleaved. */
    static List<Verdict> workload(List<NimRail> rails) {
        List<Verdict> out = new ArrayList<>();
        for (int j = 0; j < MESSAGES; j++) {
            for (NimRail r : rails) {
                out.add(r.check(message(j)).orTimeout(20, TimeUnit.SECONDS).join());
            }
        }
        return out;
    }

    @Test
    void samePrefixSameReplicaAndCacheHitRatioMatchesOneReplica() {
        ResilienceConfig config = ResilienceConfig.ofDefaults();
        NimSimulator single = sim();
        List<Verdict> singleRun = workload(rails(client(List.of(single.baseUrl()), config)));
        assertTrue(singleRun.stream().allMatch(Verdict::isSafe));
        CacheStats one = single.cacheStats();

        NimSimulator a = sim();
        NimSimulator b = sim();
        List<NimRail> rails = rails(client(List.of(a.baseUrl(), b.baseUrl()), config));
        List<Verdict> run = workload(rails);
        assertTrue(run.stream().allMatch(Verdict::isSafe));
        Map<String, Set<String>> endpointsByRail = new HashMap<>();
        for (int i = 0; i < run.size(); i++) {
            endpointsByRail
                    .computeIfAbsent("rail " + (i % PREFIXES), k -> new HashSet<>())
                    .add(run.get(i).endpoint().orElseThrow());
        }
        endpointsByRail.forEach((rail, eps) -> assertEquals(1, eps.size(), rail + " stays on one replica: " + eps));
        long railsOnA = endpointsByRail.values().stream()
                .filter(e -> e.contains(NimClient.normalize(a.baseUrl())))
                .count();
        assertTrue(railsOnA > 0 && railsOnA < PREFIXES, "prefixes spread over both replicas: " + railsOnA + " on A");

        // baseline: the same prompts spread round robin (what a ClusterIP Service does)
        NimSimulator c = sim();
        NimSimulator d = sim();
        List<NimRail> rc = rails(client(List.of(c.baseUrl()), config));
        List<NimRail> rd = rails(client(List.of(d.baseUrl()), config));
        int n = 0;
        for (int j = 0; j < MESSAGES; j++) {
            for (int i = 0; i < PREFIXES; i++) {
                ((n++ % 2 == 0) ? rc : rd).get(i).check(message(j)).join();
            }
        }
        String report = String.format(
                Locale.ROOT,
                "replica cache hit ratio over %d checks (%d prefixes): one "
                        + "replica %.3f; two replicas with affinity A %.3f (%d req, %d prefixes), B %.3f (%d req); two "
                        + "replicas round robin %.3f / %.3f",
                run.size(),
                PREFIXES,
                one.hitRate(),
                a.cacheStats().hitRate(),
                a.requestCount(),
                railsOnA,
                b.cacheStats().hitRate(),
                b.requestCount(),
                c.cacheStats().hitRate(),
                d.cacheStats().hitRate());
        System.out.println(report);
        assertTrue(Math.abs(a.cacheStats().hitRate() - one.hitRate()) < 0.05, report);
        assertTrue(Math.abs(b.cacheStats().hitRate() - one.hitRate()) < 0.05, report);
    }

    @Test
    void aKilledReplicaFailsOverWithoutUserVisibleErrorsAndGetsItsShareBackAfterRestart() throws Exception {
        NimSimulator a = sim();
        NimSimulator b = sim();
        int portA = a.port();
        ResilienceConfig config = ResilienceConfig.builder()
                .healthCheckInterval(Duration.ofMillis(100))
                .waitInOpenState(Duration.ofMillis(500))
                .build();
        NimClient client = client(List.of(a.baseUrl(), b.baseUrl()), config);
        List<NimRail> rails = rails(client);
        String urlA = NimClient.normalize(a.baseUrl());
        List<NimRail> preferA = new ArrayList<>();
        for (NimRail r : rails) {
            String key = r.guardModel().modelId() + " " + r.prefixFingerprint().orElseThrow();
            if (client.executor().preference(key).get(0).baseUrl().equals(urlA)) {
                preferA.add(r);
            }
        }
        assertTrue(!preferA.isEmpty(), "some prefixes prefer A");

        int total = 400;
        Semaphore inFlight = new Semaphore(8);
        AtomicInteger done = new AtomicInteger();
        List<CompletableFuture<Verdict>> all = new ArrayList<>();
        boolean killed = false;
        for (int k = 0; k < total; k++) {
            if (!killed && done.get() >= total / 4) {
                a.stopAbruptly();
                killed = true;
            }
            inFlight.acquire();
            CompletableFuture<Verdict> f = rails.get(k % PREFIXES).check(message(k));
            f.whenComplete((v, e) -> {
                done.incrementAndGet();
                inFlight.release();
            });
            all.add(f);
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (CompletableFuture<Verdict> f : all) {
            verdicts.add(f.get(20, TimeUnit.SECONDS));
        }
        long errors =
                verdicts.stream().filter(v -> v.outcome() == Outcome.ERROR).count();
        long retried = verdicts.stream().filter(v -> v.attempts() > 1).count();
        long aRequests = a.requestCount();
        System.out.printf(
                Locale.ROOT,
                "failover: %d checks, 8 in flight, replica A killed after %d: %d errors, %d "
                        + "checks needed a retry, A served %d requests before dying, B %d%n",
                total,
                total / 4,
                errors,
                retried,
                aRequests,
                b.requestCount());
        assertEquals(
                0,
                errors,
                "no user-visible failure: "
                        + verdicts.stream()
                                .filter(v -> v.outcome() == Outcome.ERROR)
                                .findFirst()
                                .map(Verdict::toString)
                                .orElse(""));
        Endpoint epA = client.executor().endpoints().get(0);
        Nim.await("the probe to mark A down", Duration.ofSeconds(3), () -> !epA.healthy());

        // restart A on the same port: after the probe (and the breaker's half-open trial) its prefixes come back
        NimSimulator restarted = NimSimulator.builder().port(portA).start();
        sims.add(restarted);
        Nim.await("the probe to mark A ready", Duration.ofSeconds(3), epA::healthy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Verdict v;
        do {
            v = preferA.get(0).check(message(1)).get(10, TimeUnit.SECONDS);
            assertEquals(Outcome.SAFE, v.outcome(), v.toString());
            Thread.sleep(50);
        } while (!urlA.equals(v.endpoint().orElseThrow()) && System.nanoTime() < deadline);
        for (NimRail r : preferA) {
            Verdict back = r.check(message(2)).get(10, TimeUnit.SECONDS);
            assertEquals(urlA, back.endpoint().orElseThrow(), "its share came back to A");
        }
        System.out.printf(
                Locale.ROOT,
                "restart: %d of %d prefixes back on A, %d requests served by the new A%n",
                preferA.size(),
                PREFIXES,
                restarted.requestCount());
    }
}
