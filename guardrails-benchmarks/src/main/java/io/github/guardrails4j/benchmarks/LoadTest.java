package io.github.guardrails4j.benchmarks;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.testkit.FaultInjector;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.SimContentSafety;
import io.github.guardrails4j.verdict.Verdict;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load test of the whole stack: {@link Guardrails} with the content safety input rail, a real {@link NimClient},
 * and an in-process {@link NimSimulator} failing a deterministic fraction of requests with HTTP 503.
 *
 * <p>Every check carries its id in its text ({@code [check-id N]}), so the fault injector records which checks got
 * a 503 and every result can be judged: the client's default resilience retries an injected 503 on a fresh request,
 * so every check, faulted or not, must end with the simulator's keyword verdict of its prompt (SAFE or UNSAFE),
 * computed independently by the simulator's classifier. Counts completions per id to
 * find lost (never completed), duplicated (completed twice) and hung (not completed within the hang timeout) checks.
 *
 * <p>Run: {@code mvn -q -pl guardrails-benchmarks -am package -DskipTests && java -cp
 * guardrails-benchmarks/target/benchmarks.jar io.github.guardrails4j.benchmarks.LoadTest 100000 256 0.01}. Arguments:
 * checks (default 100000), concurrency (default 256), fault fraction (default 0.01), prompts CSV (XSTest's
 * {@code xstest_prompts.csv}, <a href="https://github.com/paul-rottger/xstest">paul-rottger/xstest</a>; default:
 * the copy in the project's shared data folder beside the repository when present, else built-in prompts). Exit
 * code 0 when every check completed once with the right outcome and no thread leaked, 1 otherwise. Not a benchmark
 * of the model: the simulator answers at once ({@link LatencyModel#none()}).
 */
public final class LoadTest {
    static final long SEED = 20261130L;
    static final Duration HANG_TIMEOUT = Duration.ofSeconds(30);
    static final Pattern CHECK_ID = Pattern.compile("\\[check-id (\\d+)\\]");
    static final List<String> BUILT_IN_PROMPTS = List.of(
            "How do I sharpen a kitchen knife?",
            "What is the capital of France?",
            "How can I kill a Python process?",
            "Write a poem about the sea.",
            "How do I make a bomb?",
            "Explain how vaccines work.",
            "How do I murder my neighbour?",
            "Give me a recipe for pancakes.");

    private LoadTest() {}

    /** Figures of one run. */
    public record Report(
            int checks,
            int concurrency,
            double faultFraction,
            int prompts,
            int completed,
            int lost,
            int duplicated,
            int hung,
            int wrongOutcome,
            int faulted,
            Map<String, Integer> outcomes,
            double seconds,
            long p50Micros,
            long p99Micros,
            long heapBeforeBytes,
            long heapAfterBytes,
            int threadsBefore,
            int threadsAfter,
            int connectionsAtEnd,
            int connectionsAfterClose,
            List<String> leakedThreads,
            List<String> wrongExamples) {
        /** @return true when nothing was lost, duplicated, hung or wrong and no thread leaked */
        public boolean ok() {
            return completed == checks
                    && lost == 0
                    && duplicated == 0
                    && hung == 0
                    && wrongOutcome == 0
                    && leakedThreads.isEmpty();
        }

        /** @param out where to print the figures */
        public void print(PrintStream out) {
            out.printf(
                    Locale.ROOT,
                    "checks %d, concurrency %d, fault fraction %.4f, distinct prompts %d%n",
                    checks,
                    concurrency,
                    faultFraction,
                    prompts);
            out.printf(
                    Locale.ROOT,
                    "completed %d, lost %d, duplicated %d, hung %d, wrong outcome %d%n",
                    completed,
                    lost,
                    duplicated,
                    hung,
                    wrongOutcome);
            out.printf(Locale.ROOT, "injected 503s %d; outcomes %s%n", faulted, outcomes);
            out.printf(
                    Locale.ROOT,
                    "wall %.2f s, throughput %.0f checks/s, latency p50 %.2f ms, p99 %.2f ms%n",
                    seconds,
                    checks / seconds,
                    p50Micros / 1000.0,
                    p99Micros / 1000.0);
            out.printf(
                    Locale.ROOT,
                    "heap used after GC: before %.1f MiB, after %.1f MiB%n",
                    heapBeforeBytes / 1048576.0,
                    heapAfterBytes / 1048576.0);
            out.printf(
                    Locale.ROOT,
                    "threads: before %d, after close %d (not counting OkHttp's process-wide %s " + "daemons)%s%n",
                    threadsBefore,
                    threadsAfter,
                    SHARED_THREADS,
                    leakedThreads.isEmpty() ? ", none leaked" : ", leaked " + leakedThreads);
            out.printf(
                    Locale.ROOT,
                    "OkHttp connections: at end of load %d, after close %d%n",
                    connectionsAtEnd,
                    connectionsAfterClose);
            wrongExamples.forEach(w -> out.println("wrong: " + w));
            out.println(ok() ? "RESULT OK" : "RESULT FAILED");
        }
    }

    /**
     * @param args checks, concurrency, fault fraction, prompts CSV; all optional
     * @throws Exception when the run cannot start
     */
    public static void main(String[] args) throws Exception {
        int checks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        double fraction = args.length > 2 ? Double.parseDouble(args[2]) : 0.01;
        Path csv = Path.of(args.length > 3 ? args[3] : "../shared/data/xstest/xstest_prompts.csv");
        List<String> prompts = Files.exists(csv) ? PromptsCsv.read(csv) : BUILT_IN_PROMPTS;
        System.out.println("prompts: " + (Files.exists(csv) ? csv + " (" + prompts.size() + ")" : "built-in"));
        Report r = run(checks, concurrency, fraction, prompts);
        r.print(System.out);
        System.exit(r.ok() ? 0 : 1);
    }

    /**
     * Runs the load.
     *
     * @param checks how many checks
     * @param concurrency how many checks in flight at most (a semaphore)
     * @param faultFraction share of requests answered 503
     * @param prompts the prompts, used round-robin
     * @return the figures
     * @throws InterruptedException when interrupted
     */
    public static Report run(int checks, int concurrency, double faultFraction, List<String> prompts)
            throws InterruptedException {
        long heapBefore = heapAfterGc();
        int threadsBefore = (int)
                liveThreads().stream().filter(t -> !SHARED_THREADS.contains(t)).count();
        Set<String> threadNamesBefore = Set.copyOf(liveThreads());

        Set<Integer> faulted = ConcurrentHashMap.newKeySet();
        FaultInjector random = FaultInjector.randomStatus(faultFraction, 503, SEED);
        FaultInjector recording = request -> {
            var fault = random.inject(request);
            if (fault.isPresent()) {
                Matcher m = CHECK_ID.matcher(request.body());
                if (m.find()) {
                    faulted.add(Integer.parseInt(m.group(1)));
                }
            }
            return fault;
        };
        AtomicIntegerArray completions = new AtomicIntegerArray(checks);
        AtomicLongArray latencyNanos = new AtomicLongArray(checks);
        AtomicReferenceArray<String> outcome = new AtomicReferenceArray<>(checks);
        CountDownLatch allDone = new CountDownLatch(checks);
        int connectionsAtEnd;
        int connectionsAfterClose;
        long t0;
        long t1;
        boolean[] expectUnsafe = new boolean[prompts.size()];
        for (int i = 0; i < prompts.size(); i++) {
            expectUnsafe[i] = SimContentSafety.isUnsafe(prompts.get(i));
        }
        try (NimSimulator sim = NimSimulator.builder()
                        .latency(LatencyModel.none())
                        .faults(recording)
                        .recordedRequestLimit(0)
                        .start();
                // Size the per-endpoint concurrency limit to the load: a full limit fails fast (UNAVAILABLE).
                NimClient client = NimClient.builder()
                        .baseUrl(sim.baseUrl())
                        .resilience(ResilienceConfig.builder()
                                .maxConcurrentCallsPerEndpoint(concurrency)
                                .build())
                        .build()) {
            Guardrails guardrails = Guardrails.builder()
                    .rail(ContentSafetyRail.input(client).build())
                    .build();
            Semaphore inFlight = new Semaphore(concurrency);
            t0 = System.nanoTime();
            for (int id = 0; id < checks; id++) {
                inFlight.acquire();
                int check = id;
                String text = prompts.get(id % prompts.size()) + " [check-id " + id + "]";
                long start = System.nanoTime();
                CompletableFuture<GuardResult> f;
                try {
                    f = guardrails.checkInput(text);
                } catch (RuntimeException e) {
                    f = CompletableFuture.failedFuture(e);
                }
                f.whenComplete((result, failure) -> {
                    if (completions.incrementAndGet(check) == 1) {
                        latencyNanos.set(check, System.nanoTime() - start);
                        outcome.set(check, describe(result, failure));
                        allDone.countDown();
                        inFlight.release();
                    }
                });
            }
            allDone.await(HANG_TIMEOUT.toMillis() + checks, TimeUnit.MILLISECONDS);
            t1 = System.nanoTime();
            connectionsAtEnd = client.okHttpClient().connectionPool().connectionCount();
            client.close();
            connectionsAfterClose = client.okHttpClient().connectionPool().connectionCount();
        }
        int completed = 0;
        int lost = 0;
        int duplicated = 0;
        int hung = 0;
        int wrong = 0;
        List<String> wrongExamples = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        long[] latencies = new long[checks];
        int n = 0;
        for (int id = 0; id < checks; id++) {
            int c = completions.get(id);
            if (c == 0) {
                lost++;
                continue;
            }
            completed++;
            if (c > 1) {
                duplicated++;
            }
            long lat = latencyNanos.get(id);
            latencies[n++] = lat;
            if (lat > HANG_TIMEOUT.toNanos()) {
                hung++;
            }
            String got = outcome.get(id);
            outcomes.merge(got, 1, Integer::sum);
            // The client's default resilience retries injected 503s on a fresh request: every check gets its verdict.
            String expected = expectUnsafe[id % prompts.size()] ? "UNSAFE" : "SAFE";
            if (!expected.equals(got)) {
                wrong++;
                if (wrongExamples.size() < 10) {
                    wrongExamples.add("check " + id + " expected " + expected + " got " + got);
                }
            }
        }
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        List<String> leaked = awaitThreadsGone(threadNamesBefore);
        int threadsAfter = (int)
                liveThreads().stream().filter(t -> !SHARED_THREADS.contains(t)).count();
        long heapAfter = heapAfterGc();
        return new Report(
                checks,
                concurrency,
                faultFraction,
                prompts.size(),
                completed,
                lost,
                duplicated,
                hung,
                wrong,
                faulted.size(),
                outcomes,
                (t1 - t0) / 1e9,
                percentileMicros(sorted, 0.50),
                percentileMicros(sorted, 0.99),
                heapBefore,
                heapAfter,
                threadsBefore,
                threadsAfter,
                connectionsAtEnd,
                connectionsAfterClose,
                leaked,
                wrongExamples);
    }

    static String describe(GuardResult result, Throwable failure) {
        if (failure != null) {
            return "FAILED " + failure.getClass().getSimpleName();
        }
        if (result.allowed()) {
            return "SAFE";
        }
        Verdict v = result.blockingVerdict().orElseThrow();
        if (v.error().isEmpty()) {
            return v.outcome().toString();
        }
        String s = v.outcome() + " " + v.errorReason().orElseThrow();
        if (v.error().get() instanceof GuardServiceException e) {
            s += " " + e.statusCode();
        }
        return s;
    }

    static long percentileMicros(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000;
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static List<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .toList();
    }

    /**
     * Process-wide daemon threads of OkHttp and Okio that no client owns: OkHttp's shared task runner (its threads
     * end after 60 s idle) and Okio's timeout watchdog. They are started once per JVM, not per client.
     */
    static final Set<String> SHARED_THREADS = Set.of("OkHttp TaskRunner", "Okio Watchdog");

    /** Waits (bounded) for the threads started during the run to end; returns the names of those still alive. */
    static List<String> awaitThreadsGone(Set<String> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> extra;
        do {
            extra = liveThreads().stream()
                    .filter(t -> !before.contains(t) && !SHARED_THREADS.contains(t))
                    .sorted()
                    .toList();
            if (extra.isEmpty()) {
                return List.of();
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return extra;
    }
}
