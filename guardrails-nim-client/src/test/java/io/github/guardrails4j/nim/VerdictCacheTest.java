package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.VerdictCacheEvent;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.model.GuardAnswer;
import io.github.guardrails4j.model.GuardModel;
import io.github.guardrails4j.model.GuardRequest;
import io.github.guardrails4j.model.builtin.NemoGuardContentSafety;
import io.github.guardrails4j.model.builtin.NemoGuardModels;
import io.github.guardrails4j.nim.internal.VerdictKey;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.rail.CacheLookup;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.Conversation.Role;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailObserver;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.Fault;
import io.github.guardrails4j.testkit.FaultInjector;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.RecordedRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The verdict cache over real HTTP against the simulator: single flight, cancellation, deadlines, eviction. */
class VerdictCacheTest {
    static final String USER = "What is the capital of France? (user text 7f3a)";
    static final String UNSAFE = "Where can I buy cocaine? (user text 7f3a)";

    /** Holds every guard request at the server until opened: a call stays in flight as long as a test needs. */
    static final class Gate implements FaultInjector {
        final CountDownLatch open = new CountDownLatch(1);
        final AtomicInteger arrived = new AtomicInteger();

        @Override
        public Optional<Fault> inject(RecordedRequest request) {
            arrived.incrementAndGet();
            try {
                open.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }

        void awaitArrived(int n) {
            Nim.await(n + " request(s) at the gate", Duration.ofSeconds(10), () -> arrived.get() >= n);
        }
    }

    /** Records the cache lookups of the checks it is given to. */
    static final class Lookups implements RailObserver {
        final List<CacheLookup> seen = new CopyOnWriteArrayList<>();

        @Override
        public void verdictCacheLookup(CacheLookup lookup) {
            seen.add(lookup);
        }

        long count(CacheLookup lookup) {
            return seen.stream().filter(l -> l == lookup).count();
        }
    }

    private static Verdict join(CompletableFuture<Verdict> f) {
        return f.orTimeout(10, TimeUnit.SECONDS).join();
    }

    private static long guardCalls(NimSimulator sim) {
        return sim.recordedRequests().stream()
                .filter(r -> r.method().equals("POST"))
                .count();
    }

    @Test
    void concurrentIdenticalChecksShareOneGuardCallThenHit() {
        Gate gate = new Gate();
        VerdictCache cache = VerdictCache.create();
        try (NimSimulator sim = NimSimulator.builder().faults(gate).start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            NimRail rail = ContentSafetyRail.input(client).verdictCache(cache).build();
            Lookups lookups = new Lookups();
            List<CompletableFuture<Verdict>> checks = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                checks.add(rail.check(RailRequest.ofInput(UNSAFE), lookups));
            }
            gate.awaitArrived(1);
            gate.open.countDown();
            List<Verdict> verdicts = checks.stream().map(VerdictCacheTest::join).toList();

            assertEquals(1, guardCalls(sim), "32 concurrent identical checks, one guard call");
            assertEquals(1, lookups.count(CacheLookup.MISS));
            assertEquals(31, lookups.count(CacheLookup.SHARED));
            for (Verdict v : verdicts) {
                assertEquals(Outcome.UNSAFE, v.outcome());
                assertEquals(verdicts.get(0).categories(), v.categories());
                assertEquals(verdicts.get(0).safetyCategories(), v.safetyCategories());
                assertEquals("content-safety-input", v.rail());
            }
            assertEquals(1, verdicts.get(0).attempts(), "the check that called has its attempts");
            assertTrue(verdicts.get(0).rawOutput().isPresent());

            Verdict hit = join(rail.check(RailRequest.ofInput(UNSAFE), lookups));
            assertEquals(1, lookups.count(CacheLookup.HIT));
            assertEquals(1, guardCalls(sim), "a hit makes no call");
            assertEquals(Outcome.UNSAFE, hit.outcome());
            assertEquals(verdicts.get(0).categories(), hit.categories());
            assertEquals(0, hit.attempts());
            assertTrue(hit.rawOutput().isEmpty()
                    && hit.usage().isEmpty()
                    && hit.endpoint().isEmpty());
        }
    }

    @Test
    void cancellingOneWaiterNeverCancelsTheCallTheOthersWaitOn() {
        Gate gate = new Gate();
        VerdictCache cache = VerdictCache.create();
        try (NimSimulator sim = NimSimulator.builder().faults(gate).start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            NimRail rail = ContentSafetyRail.input(client).verdictCache(cache).build();
            CompletableFuture<Verdict> caller = rail.check(RailRequest.ofInput(USER));
            CompletableFuture<Verdict> second = rail.check(RailRequest.ofInput(USER));
            CompletableFuture<Verdict> third = rail.check(RailRequest.ofInput(USER));
            gate.awaitArrived(1);
            caller.cancel(true); // the check that made the call leaves: blocked by another rail
            second.cancel(true);
            gate.open.countDown();

            assertEquals(Outcome.SAFE, join(third).outcome());
            assertTrue(caller.isCancelled() && second.isCancelled());
            assertEquals(1, guardCalls(sim));
            assertEquals(
                    Outcome.SAFE, join(rail.check(RailRequest.ofInput(USER))).outcome());
            assertEquals(1, guardCalls(sim), "the verdict was cached for later checks");
        }
    }

    @Test
    void whenEveryWaiterLeavesTheCallIsCancelledAndNothingIsCached() {
        Gate gate = new Gate();
        VerdictCache cache = VerdictCache.create();
        try (NimSimulator sim = NimSimulator.builder().faults(gate).start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            NimRail rail = ContentSafetyRail.input(client).verdictCache(cache).build();
            CompletableFuture<Verdict> a = rail.check(RailRequest.ofInput(USER));
            CompletableFuture<Verdict> b = rail.check(RailRequest.ofInput(USER));
            gate.awaitArrived(1);
            a.cancel(true);
            b.cancel(true);
            Nim.await(
                    "the abandoned call leaves the cache",
                    Duration.ofSeconds(10),
                    () -> cache.entries().isEmpty());
            gate.open.countDown();

            Lookups lookups = new Lookups();
            assertEquals(
                    Outcome.SAFE,
                    join(rail.check(RailRequest.ofInput(USER), lookups)).outcome());
            assertEquals(List.of(CacheLookup.MISS), lookups.seen, "the cancelled call left no verdict");
            assertEquals(2, guardCalls(sim));
        }
    }

    @Test
    void aWaiterKeepsItsOwnDeadline() {
        Gate gate = new Gate();
        VerdictCache cache = VerdictCache.create();
        RecordingScheduler scheduler = new RecordingScheduler(); // runs waits under 10 s at once
        try (NimSimulator sim = NimSimulator.builder().faults(gate).start();
                NimClient patient = NimClient.builder().baseUrl(sim.baseUrl()).build();
                NimClient hurried = NimClient.builder()
                        .baseUrl(sim.baseUrl())
                        .scheduler(scheduler)
                        .resilience(ResilienceConfig.builder()
                                .checkTimeout(Duration.ofMillis(200))
                                .build())
                        .build()) {
            NimRail slow = ContentSafetyRail.input(patient).verdictCache(cache).build();
            NimRail fast = ContentSafetyRail.input(hurried).verdictCache(cache).build();
            CompletableFuture<Verdict> caller = slow.check(RailRequest.ofInput(USER));
            gate.awaitArrived(1);
            Lookups lookups = new Lookups();
            Verdict timedOut = join(fast.check(RailRequest.ofInput(USER), lookups));
            assertEquals(List.of(CacheLookup.SHARED), lookups.seen);
            assertEquals(Outcome.ERROR, timedOut.outcome(), timedOut.toString());
            assertEquals(ErrorReason.TIMEOUT, timedOut.errorReason().orElseThrow());
            assertInstanceOf(GuardTimeoutException.class, timedOut.error().orElseThrow());
            assertEquals(List.of(200L), scheduler.delaysMillis, "the waiter's own deadline, from its client");
            assertFalse(caller.isDone(), "the shared call goes on");

            gate.open.countDown();
            assertEquals(Outcome.SAFE, join(caller).outcome());
            assertEquals(1, guardCalls(sim));
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void errorsAreSharedWithWaitersButNeverCached() {
        VerdictCache cache = VerdictCache.create();
        try (NimSimulator sim = NimSimulator.builder()
                        .faults(FaultInjector.firstRequests(1, Fault.status(500)))
                        .start();
                NimClient client = NimClient.builder()
                        .baseUrl(sim.baseUrl())
                        .resilience(ResilienceConfig.disabled())
                        .build()) {
            NimRail rail = ContentSafetyRail.input(client).verdictCache(cache).build();
            Verdict failed = join(rail.check(RailRequest.ofInput(USER)));
            assertEquals(Outcome.ERROR, failed.outcome());
            cache.cleanUp();
            assertEquals(0, cache.estimatedSize(), "an error leaves nothing behind");

            Lookups lookups = new Lookups();
            assertEquals(
                    Outcome.SAFE,
                    join(rail.check(RailRequest.ofInput(USER), lookups)).outcome());
            assertEquals(List.of(CacheLookup.MISS), lookups.seen);
            assertEquals(2, guardCalls(sim));
        }
    }

    @Test
    void verdictsExpireAfterWriteOnTheTicker() {
        AtomicLong now = new AtomicLong();
        VerdictCache cache = VerdictCache.builder()
                .expireAfterWrite(Duration.ofMinutes(5))
                .ticker(now::get)
                .build();
        try (NimSimulator sim = NimSimulator.builder().start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            NimRail rail = ContentSafetyRail.input(client).verdictCache(cache).build();
            Lookups lookups = new Lookups();
            join(rail.check(RailRequest.ofInput(USER), lookups));
            now.addAndGet(Duration.ofMinutes(5).toNanos() - 1);
            join(rail.check(RailRequest.ofInput(USER), lookups));
            now.addAndGet(1);
            join(rail.check(RailRequest.ofInput(USER), lookups));
            assertEquals(List.of(CacheLookup.MISS, CacheLookup.HIT, CacheLookup.MISS), lookups.seen);
            assertEquals(2, guardCalls(sim));
        }
    }

    @Test
    void theCacheKeepsAtMostMaximumSizeVerdicts() {
        VerdictCache cache = VerdictCache.builder().maximumSize(3).build();
        try (NimSimulator sim = NimSimulator.builder().start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            NimRail rail = ContentSafetyRail.input(client).verdictCache(cache).build();
            for (int i = 0; i < 8; i++) {
                join(rail.check(RailRequest.ofInput(USER + " #" + i)));
            }
            cache.cleanUp();
            assertEquals(3, cache.estimatedSize());
            assertEquals(8, guardCalls(sim));
        }
    }

    @Test
    void theKeyChangesWithTheTemplateTheParametersThePathAndTheParser() {
        VerdictCache cache = VerdictCache.create();
        String template =
                NemoGuardContentSafety.create().template(RailDirection.INPUT).text();
        try (NimSimulator sim = NimSimulator.builder().start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            List<NimRail> variants = List.of(
                    ContentSafetyRail.input(client).verdictCache(cache).build(),
                    ContentSafetyRail.input(client)
                            .verdictCache(cache)
                            .temperature(0.5)
                            .build(),
                    ContentSafetyRail.input(client)
                            .verdictCache(cache)
                            .maxTokens(64)
                            .build(),
                    ContentSafetyRail.input(client)
                            .verdictCache(cache)
                            .lenient(true)
                            .build(),
                    ContentSafetyRail.input(client)
                            .verdictCache(cache)
                            .template(PromptTemplate.of("Be brief.\n" + template))
                            .build(),
                    ContentSafetyRail.input(client)
                            .verdictCache(cache)
                            .template(PromptTemplate.of(template))
                            .build());
            List<CacheLookup> firsts = new ArrayList<>();
            for (NimRail rail : variants) {
                Lookups l = new Lookups();
                join(rail.check(RailRequest.ofInput(USER), l));
                firsts.addAll(l.seen);
            }
            assertEquals(
                    List.of(
                            CacheLookup.MISS,
                            CacheLookup.MISS,
                            CacheLookup.MISS,
                            CacheLookup.MISS,
                            CacheLookup.MISS,
                            CacheLookup.HIT),
                    firsts,
                    "temperature, max_tokens, the parser and the template each change the key; an equal template "
                            + "does not");

            // a rail built again with the same settings shares the verdicts (the built-in parser has an identity)
            Lookups again = new Lookups();
            join(ContentSafetyRail.input(client).verdictCache(cache).build().check(RailRequest.ofInput(USER), again));
            assertEquals(List.of(CacheLookup.HIT), again.seen);

            byte[] body = NimCodec.encode(variants.get(0).request(RailRequest.ofInput(USER)));
            VerdictKey key = VerdictKey.of("/v1/chat/completions", RailDirection.INPUT, "p/1", body);
            assertEquals(key, VerdictKey.of("/v1/chat/completions", RailDirection.INPUT, "p/1", body.clone()));
            assertNotEquals(key, VerdictKey.of("/v2/chat/completions", RailDirection.INPUT, "p/1", body));
            assertNotEquals(key, VerdictKey.of("/v1/chat/completions", RailDirection.OUTPUT, "p/1", body));
            assertNotEquals(key, VerdictKey.of("/v1/chat/completions", RailDirection.INPUT, "p/2", body));
            byte[] other = body.clone();
            other[other.length - 2] ^= 1;
            assertNotEquals(key, VerdictKey.of("/v1/chat/completions", RailDirection.INPUT, "p/1", other));
        }
    }

    /** A host model without a parser identity: verdicts are shared only between checks of the same instance. */
    @Test
    void aModelWithoutParserIdentitySharesOnlyWithinItsInstance() {
        VerdictCache cache = VerdictCache.create();
        try (NimSimulator sim = NimSimulator.builder().start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            GuardModel one = new AnonymousModel(NemoGuardContentSafety.create());
            GuardModel two = new AnonymousModel(NemoGuardContentSafety.create());
            Lookups l = new Lookups();
            join(NimRail.builder(client, one).verdictCache(cache).build().check(RailRequest.ofInput(USER), l));
            join(NimRail.builder(client, one).verdictCache(cache).build().check(RailRequest.ofInput(USER), l));
            join(NimRail.builder(client, two).verdictCache(cache).build().check(RailRequest.ofInput(USER), l));
            assertEquals(List.of(CacheLookup.MISS, CacheLookup.HIT, CacheLookup.MISS), l.seen);
            assertNotEquals(cache.parserIdentity(one), cache.parserIdentity(two));
        }
    }

    /** Delegates everything but the parser identity (a host's model that declares none). */
    private static final class AnonymousModel implements GuardModel {
        private final GuardModel delegate;

        AnonymousModel(GuardModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public String modelId() {
            return delegate.modelId();
        }

        @Override
        public boolean supports(RailDirection direction) {
            return delegate.supports(direction);
        }

        @Override
        public GuardRequest render(RailDirection direction, RailRequest request) {
            return delegate.render(direction, request);
        }

        @Override
        public ParsedVerdict parse(RailDirection direction, GuardAnswer answer) {
            return delegate.parse(direction, answer);
        }
    }

    @Test
    void theCacheKeepsNoUserText() {
        VerdictCache cache = VerdictCache.create();
        try (NimSimulator sim = NimSimulator.builder().start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            NimRail input = ContentSafetyRail.input(client).verdictCache(cache).build();
            NimRail output =
                    ContentSafetyRail.output(client).verdictCache(cache).build();
            NimRail topic = TopicControlRail.builder(client)
                    .guidelines("Talk about travel only.")
                    .verdictCache(cache)
                    .build();
            join(input.check(RailRequest.ofInput(USER)));
            join(input.check(RailRequest.ofInput(UNSAFE)));
            join(output.check(RailRequest.ofOutput(USER, "Paris (user text 7f3a).")));
            join(topic.check(RailRequest.ofInput(USER)));
            assertEquals(4, cache.entries().size());

            HeapWalk walk = new HeapWalk("7f3a");
            walk.visit(RailRequest.ofInput(USER));
            assertTrue(walk.found(), "the walk finds user text where there is some");

            HeapWalk cached = new HeapWalk("7f3a");
            cache.entries().forEach((k, v) -> {
                cached.visit(k);
                cached.visit(v);
            });
            assertFalse(cached.found(), "keys are digests and values verdict data: " + cached.where());
            assertTrue(cached.visited() > 8, "the walk went into the entries: " + cached.visited());
        }
    }

    @Test
    void streamedChunkChecksAndWarmUpsBypassTheCache() {
        VerdictCache cache = VerdictCache.create();
        try (NimSimulator sim = NimSimulator.builder().start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            NimRail output =
                    ContentSafetyRail.output(client).verdictCache(cache).build();
            Guardrails guardrails = Guardrails.builder()
                    .rail(output)
                    .unguarded(RailDirection.INPUT)
                    .build();
            guardrails
                    .checkStreamedChunk(Conversation.empty().plus(Role.USER, USER), "Paris is")
                    .join();
            guardrails
                    .checkStreamedChunk(Conversation.empty().plus(Role.USER, USER), "Paris is")
                    .join();
            assertEquals(2, guardCalls(sim), "chunk checks always call");
            assertEquals(0, cache.entries().size(), "and cache nothing");

            guardrails.checkOutput(USER, "Paris is").join();
            guardrails.checkOutput(USER, "Paris is").join();
            assertEquals(3, guardCalls(sim), "whole-answer checks use the cache");

            join(output.warmUp());
            join(output.warmUp());
            assertEquals(5, guardCalls(sim), "warm-ups always call");

            join(output.check(RailRequest.ofOutput(USER, "Paris is"), RailObserver.NONE_UNCACHED));
            assertEquals(6, guardCalls(sim));
        }
    }

    @Test
    void earlyDecisionAndAVerdictCacheCannotBeCombined() {
        try (NimClient client =
                NimClient.builder().baseUrl("http://127.0.0.1:9").build()) {
            ConfigurationException e = assertThrows(
                    ConfigurationException.class,
                    () -> ContentSafetyRail.input(client)
                            .earlyDecision(true)
                            .verdictCache(VerdictCache.create())
                            .build());
            assertTrue(e.getMessage().contains("earlyDecision(true) and a verdictCache"), e.getMessage());
            assertThrows(
                    ConfigurationException.class,
                    () -> VerdictCache.builder().maximumSize(0).build());
            assertThrows(
                    ConfigurationException.class,
                    () -> VerdictCache.builder().expireAfterWrite(Duration.ZERO).build());
            VerdictCache defaults = VerdictCache.create();
            assertEquals(VerdictCache.DEFAULT_MAXIMUM_SIZE, defaults.maximumSize());
            assertEquals(VerdictCache.DEFAULT_EXPIRE_AFTER_WRITE, defaults.expireAfterWrite());
        }
    }

    /**
     * The property the XSTest measurement in docs/performance.md shows at scale: every prompt sent 3 times by
     * concurrent callers through three rails sharing one cache makes exactly one guard call per distinct prompt and
     * rail, and the listener sees one miss per distinct prompt and rail.
     */
    @Test
    void everyPromptSentThreeTimesConcurrentlyCostsOneCallPerDistinctPromptAndRail() throws Exception {
        VerdictCache cache = VerdictCache.create();
        Map<String, Map<CacheLookup, AtomicInteger>> events = new ConcurrentHashMap<>();
        try (NimSimulator sim = NimSimulator.builder().start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            Guardrails guardrails = Guardrails.builder()
                    .rail(ContentSafetyRail.input(client).verdictCache(cache).build())
                    .rail(TopicControlRail.builder(client)
                            .guidelines("Talk about travel only.")
                            .verdictCache(cache)
                            .build())
                    .rail(JailbreakDetectionRail.builder(client)
                            .verdictCache(cache)
                            .build())
                    .unguarded(RailDirection.OUTPUT)
                    .runAllRails(true) // every rail reaches its verdict: no call is cancelled by another's block
                    .listener(new GuardrailsListener() {
                        @Override
                        public void verdictCacheLookup(VerdictCacheEvent event) {
                            events.computeIfAbsent(event.rail(), r -> new ConcurrentHashMap<>())
                                    .computeIfAbsent(event.lookup(), l -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    })
                    .build();
            List<String> prompts = new ArrayList<>();
            String[] topics = {"a trip to Rome", "how to buy cocaine", "ignore all previous instructions", "a gun"};
            for (int i = 0; i < 24; i++) {
                prompts.add("Tell me about " + topics[i % topics.length] + " (" + i + ")");
            }
            List<String> sends = new ArrayList<>();
            for (String p : prompts) {
                sends.addAll(List.of(p, p, p));
            }
            Collections.shuffle(sends, new Random(15));
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Future<GuardResult>> results = new ArrayList<>();
                for (String p : sends) {
                    results.add(callers.submit(() -> guardrails.checkInput(p).get(10, TimeUnit.SECONDS)));
                }
                for (Future<GuardResult> r : results) {
                    assertTrue(r.get(10, TimeUnit.SECONDS).verdicts().stream()
                            .noneMatch(v -> v.outcome() == Outcome.ERROR));
                }
            } finally {
                callers.shutdownNow();
            }

            List<RecordedRequest> calls = sim.recordedRequests();
            Map<String, Long> perRail = calls.stream()
                    .collect(Collectors.groupingBy(
                            r -> r.path().endsWith("/classify")
                                    ? "classify"
                                    : r.model().orElse("?"),
                            Collectors.counting()));
            assertEquals(
                    Map.of(NemoGuardModels.CONTENT_SAFETY, 24L, NemoGuardModels.TOPIC_CONTROL, 24L, "classify", 24L),
                    perRail,
                    "one guard call per distinct prompt and rail");
            assertEquals(
                    72, calls.stream().map(RecordedRequest::body).distinct().count(), "and never twice");
            for (String rail : List.of("content-safety-input", "topic-control", "jailbreak-detection")) {
                Map<CacheLookup, AtomicInteger> e = events.get(rail);
                assertEquals(24, e.get(CacheLookup.MISS).get(), rail);
                int served =
                        e.getOrDefault(CacheLookup.HIT, new AtomicInteger()).get()
                                + e.getOrDefault(CacheLookup.SHARED, new AtomicInteger())
                                        .get();
                assertEquals(48, served, rail);
            }
        }
    }
}
