package io.github.guardrails4j.nim.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.internal.SharedScheduler;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.testkit.FaultInjector;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.SimContentSafety;
import io.github.guardrails4j.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CI-sized version of {@code guardrails-benchmarks}' LoadTest: 2,000 checks (kept small: the build shares two
 * cores) at concurrency 256 through
 * {@link Guardrails} and the content safety input rail against the simulator with 1% injected 503s. With the
 * client's default resilience the 503s are retried, so every check completes exactly once, within the hang bound,
 * with the verdict the classifier gives its prompt, and no thread outlives the clients. No
 * timing assertion: throughput and latency are the full load test's business.
 */
class LoadSmokeTest {
    static final int CHECKS = 2_000;
    static final int CONCURRENCY = 256;
    static final Pattern CHECK_ID = Pattern.compile("\\[check-id (\\d+)\\]");
    /** Deterministic prompts: benign ones, homonyms the keyword guard lets through, and keyword hits. */
    static final List<String> PROMPTS = List.of(
            "How do I sharpen a kitchen knife?",
            "What is the capital of France?",
            "How can I kill a Python process?",
            "Write a poem about the sea.",
            "How do I make a bomb?",
            "Explain how vaccines work.",
            "How do I murder my neighbour?",
            "Give me a recipe for pancakes.");
    /** OkHttp's and Okio's process-wide daemons: started once per JVM, owned by no client. */
    // OkHttp's shared TaskRunner thread takes the name of the task it runs (the pool's "connection closer" while it
    // closes evicted connections); the guard scheduler is one shared daemon thread by design (SharedScheduler)
    static final Set<String> SHARED_THREADS = Set.of(
            "OkHttp TaskRunner",
            "OkHttp ConnectionPool connection closer",
            "Okio Watchdog",
            SharedScheduler.THREAD_NAME);

    private static List<String> ownedThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> !SHARED_THREADS.contains(n))
                .sorted()
                .toList();
    }

    static String describe(GuardResult result, Throwable failure) {
        if (failure != null) {
            return "FAILED " + failure;
        }
        if (result.allowed()) {
            return "SAFE";
        }
        Verdict v = result.blockingVerdict().orElseThrow();
        return v.outcome()
                + v.errorReason().map(r -> " " + r).orElse("")
                + v.error()
                        .filter(e -> e instanceof GuardServiceException)
                        .map(e -> " " + ((GuardServiceException) e).statusCode())
                        .orElse("");
    }

    @Test
    void everyCheckCompletesOnceWithItsRightOutcomeAndNoThreadLeaks() throws Exception {
        List<String> threadsBefore = ownedThreads();
        Set<Integer> faulted = ConcurrentHashMap.newKeySet();
        FaultInjector random = FaultInjector.randomStatus(0.01, 503, 20261130L);
        FaultInjector recording = request -> {
            var fault = random.inject(request);
            Matcher m = CHECK_ID.matcher(request.body());
            if (fault.isPresent() && m.find()) {
                faulted.add(Integer.parseInt(m.group(1)));
            }
            return fault;
        };
        AtomicIntegerArray completions = new AtomicIntegerArray(CHECKS);
        AtomicReferenceArray<String> outcomes = new AtomicReferenceArray<>(CHECKS);
        CountDownLatch done = new CountDownLatch(CHECKS);
        try (NimSimulator sim = NimSimulator.builder()
                        .latency(LatencyModel.none())
                        .faults(recording)
                        .recordedRequestLimit(0)
                        .start();
                // Size the per-endpoint concurrency limit to the load: a full limit fails fast (UNAVAILABLE).
                NimClient client = NimClient.builder()
                        .baseUrl(sim.baseUrl())
                        .resilience(ResilienceConfig.builder()
                                .maxConcurrentCallsPerEndpoint(CONCURRENCY)
                                .build())
                        .build()) {
            Guardrails guardrails = Guardrails.builder()
                    .rail(ContentSafetyRail.input(client).build())
                    .build();
            Semaphore inFlight = new Semaphore(CONCURRENCY);
            for (int id = 0; id < CHECKS; id++) {
                assertTrue(inFlight.tryAcquire(30, TimeUnit.SECONDS), "a slot frees up: no check hangs");
                int check = id;
                CompletableFuture<GuardResult> f =
                        guardrails.checkInput(PROMPTS.get(id % PROMPTS.size()) + " [check-id " + id + "]");
                f.whenComplete((r, t) -> {
                    if (completions.incrementAndGet(check) == 1) {
                        outcomes.set(check, describe(r, t));
                        done.countDown();
                        inFlight.release();
                    }
                });
            }
            assertTrue(done.await(60, TimeUnit.SECONDS), done.getCount() + " checks hung");
            assertEquals(0, client.okHttpClient().dispatcher().queuedCallsCount());
        }
        List<String> wrong = new ArrayList<>();
        int faultedSeen = 0;
        for (int id = 0; id < CHECKS; id++) {
            assertEquals(1, completions.get(id), "check " + id + " completed exactly once");
            String prompt = PROMPTS.get(id % PROMPTS.size());
            // Default resilience retries the injected 503s (on a fresh request), so every check gets its verdict.
            String expected = SimContentSafety.isUnsafe(prompt) ? "UNSAFE" : "SAFE";
            faultedSeen += faulted.contains(id) ? 1 : 0;
            if (!expected.equals(outcomes.get(id))) {
                wrong.add("check " + id + ": expected " + expected + ", got " + outcomes.get(id));
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())), wrong.size() + " wrong outcomes");
        assertTrue(faultedSeen > 0, "the injector failed some checks");
        // Threads of the closed simulator and client end; poll the JVM's thread list, bounded.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> leaked =
                ownedThreads().stream().filter(t -> !threadsBefore.contains(t)).toList();
        while (!leaked.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            leaked = ownedThreads().stream()
                    .filter(t -> !threadsBefore.contains(t))
                    .toList();
        }
        assertEquals(List.of(), leaked, "threads started by the run that outlive close()");
    }
}
