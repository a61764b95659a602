package io.github.guardrails4j.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Verdict;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Where the process CPU of a loopback check goes, layer by layer: {@link LoopbackThroughputBenchmark#paired}
 * generalised to several sides. Each invocation runs one batch of {@value #CONCURRENCY} concurrent checks of every
 * variant below, in an order that rotates from one invocation to the next, against one in-process
 * {@link NimSimulator} ({@link LatencyModel#none()}), all with the identical request bodies; around each batch it
 * reads the process CPU time and the CPU time and allocated bytes of every client-side thread group
 * ({@link ThreadCpu}). Variants that differ by one layer give that layer's cost per check as a
 * difference measured in the same run, under the same load.
 *
 * <ol>
 *   <li>{@code bare}: a bare OkHttp client (same dispatcher limits and pool as the SDK's, OkHttp's default
 *       timeouts) posting the pre-rendered bodies, reading each answer as a string: the baseline.
 *   <li>{@code bareSdkOkHttp}: the same bare callback code, posting with the SDK's own {@link OkHttpClient}
 *       ({@link NimClient#okHttpClient()}): what the SDK's OkHttp settings cost.
 *   <li>{@code clientNoDeadline}: {@link NimClient#chatCompletion} with a pre-rendered request and
 *       {@link ResilienceConfig#disabled()} with no deadline: encode, one attempt, decode, the futures.
 *   <li>{@code clientDisabled}: the same with {@link ResilienceConfig#disabled()} as it is (one attempt, no breaker,
 *       no concurrency limit, but the 15 s per-check deadline timer).
 *   <li>{@code clientDefault}: the default resilience stack (concurrency limit raised to {@value #CONCURRENCY}):
 *       adds the breaker, the bulkhead and the retry budget.
 *   <li>{@code rail}: {@link ContentSafetyRail#check} on that client: adds the rendering and the verdict.
 *   <li>{@code guardrails}: {@link Guardrails#checkInput} over that rail: adds the facade; this is the SDK side of
 *       {@link LoopbackThroughputBenchmark#paired}.
 * </ol>
 *
 * <p>The SDK variants share one {@link OkHttpClient} (the one the {@code clientDefault} client owns and the others
 * borrow), so they differ only by SDK code. At the end of the trial it prints, for the measured iterations, the
 * median per variant of the process CPU per check, of the CPU of the client-side threads and of the rest (the
 * simulator, the garbage collector, the JIT compiler), of the client-side allocation per check, and the CPU and
 * allocation per check of each client thread group.
 *
 * <p>Run: {@code java -jar guardrails-benchmarks/target/benchmarks.jar LoopbackBreakdownBenchmark -wi 40 -i 30 -f 1
 * -w 1s -r 1s} and read the lines after {@code breakdown}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 40, time = 1)
@Measurement(iterations = 30, time = 1)
@Fork(1)
public class LoopbackBreakdownBenchmark {
    /** Checks in flight at once: {@value}. */
    public static final int CONCURRENCY = LoopbackThroughputBenchmark.CONCURRENCY;

    private static final MediaType JSON = MediaType.get("application/json");

    /**
     * The variants measured, in the order of the class documentation, separated by {@code +} (JMH's {@code -p}
     * splits values at commas), for example {@code -p variants=bare+clientDefault+guardrails}.
     */
    @Param({"bare+bareSdkOkHttp+clientNoDeadline+clientDisabled+clientDefault+rail+guardrails"})
    public String variants;

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private NimSimulator simulator;
    private final List<NimClient> clients = new ArrayList<>();
    private OkHttpClient bare;
    private final Map<String, IntFunction<CompletableFuture<?>>> starters = new LinkedHashMap<>();
    private List<String> names;
    private final Map<String, Totals> iteration = new LinkedHashMap<>();
    private final Map<String, List<Totals>> measured = new LinkedHashMap<>();
    private int rotation;

    /** Starts the simulator and every variant's client, and warms the prefix cache. */
    @Setup(Level.Trial)
    public void setUp() {
        simulator = NimSimulator.builder().latency(LatencyModel.none()).start();
        NimClient def = client(
                ResilienceConfig.ofDefaults().toBuilder()
                        .maxConcurrentCallsPerEndpoint(CONCURRENCY)
                        .build(),
                null);
        OkHttpClient shared = def.okHttpClient();
        NimClient disabled = client(ResilienceConfig.disabled(), shared);
        NimClient noDeadline = client(
                ResilienceConfig.disabled().toBuilder()
                        .checkTimeout(Duration.ZERO)
                        .build(),
                shared);
        NimRail rail = ContentSafetyRail.input(def).build();
        Guardrails guardrails = Guardrails.builder().rail(rail).build();
        guardrails.warmUp().join();

        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(NimClient.DEFAULT_MAX_REQUESTS);
        dispatcher.setMaxRequestsPerHost(NimClient.DEFAULT_MAX_REQUESTS_PER_HOST);
        bare = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(NimClient.DEFAULT_MAX_REQUESTS_PER_HOST, 5, TimeUnit.MINUTES))
                .retryOnConnectionFailure(false)
                .build();

        String[] users = new String[CONCURRENCY];
        ChatRequest[] requests = new ChatRequest[CONCURRENCY];
        Request[] bodies = new Request[CONCURRENCY];
        for (int i = 0; i < CONCURRENCY; i++) {
            users[i] = LoopbackThroughputBenchmark.message(i);
            requests[i] = (ChatRequest) rail.request(RailRequest.ofInput(users[i]));
            bodies[i] = new Request.Builder()
                    .url(simulator.baseUrl() + NimClient.CHAT_COMPLETIONS_PATH)
                    .post(RequestBody.create(LoopbackThroughputBenchmark.body(requests[i]), JSON))
                    .build();
        }
        starters.put("bare", i -> post(bare, bodies[i]));
        starters.put("bareSdkOkHttp", i -> post(shared, bodies[i]));
        starters.put("clientNoDeadline", i -> noDeadline.chatCompletion(requests[i]));
        starters.put("clientDisabled", i -> disabled.chatCompletion(requests[i]));
        starters.put("clientDefault", i -> def.chatCompletion(requests[i]));
        starters.put("rail", i -> rail.check(RailRequest.ofInput(users[i])));
        starters.put("guardrails", i -> guardrails.checkInput(users[i]));
        names = List.of(variants.split("[+,]"));
        for (String n : names) {
            if (!starters.containsKey(n)) {
                throw new IllegalArgumentException("unknown variant " + n + "; known: " + starters.keySet());
            }
            measured.put(n, new ArrayList<>());
        }
    }

    private NimClient client(ResilienceConfig resilience, OkHttpClient shared) {
        NimClient c = NimClient.builder()
                .baseUrl(simulator.baseUrl())
                .resilience(resilience)
                .okHttpClient(shared)
                .build();
        clients.add(c);
        return c;
    }

    private static CompletableFuture<String> post(OkHttpClient client, Request request) {
        CompletableFuture<String> f = new CompletableFuture<>();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                f.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    f.complete(response.body().string());
                } catch (IOException e) {
                    f.completeExceptionally(e);
                }
            }
        });
        return f;
    }

    /** Closes the clients (the owning one last) and the simulator. */
    @TearDown(Level.Trial)
    public void tearDown() {
        printSummary();
        for (int i = clients.size() - 1; i >= 0; i--) {
            clients.get(i).close();
        }
        bare.dispatcher().executorService().shutdown();
        bare.connectionPool().evictAll();
        simulator.close();
    }

    /**
     * Keeps the totals of a measured iteration.
     *
     * @param params which iteration ended (warm-up or measurement)
     */
    @TearDown(Level.Iteration)
    public void endIteration(IterationParams params) {
        if (params.getType() == IterationType.MEASUREMENT) {
            iteration.forEach((n, t) -> measured.get(n).add(t));
        }
        iteration.clear();
    }

    /**
     * One batch of every variant, in rotating order.
     *
     * @return a value derived from the answers
     */
    @Benchmark
    public int breakdown() {
        int h = 0;
        int n = names.size();
        rotation++;
        for (int k = 0; k < n; k++) {
            String name = names.get((rotation + k) % n);
            IntFunction<CompletableFuture<?>> start = starters.get(name);
            ThreadCpu before = ThreadCpu.now();
            long t0 = System.nanoTime();
            long c0 = os.getProcessCpuTime();
            List<CompletableFuture<?>> all = new ArrayList<>(CONCURRENCY);
            for (int i = 0; i < CONCURRENCY; i++) {
                all.add(start.apply(i));
            }
            for (CompletableFuture<?> f : all) {
                h += check(f.join());
            }
            long c1 = os.getProcessCpuTime();
            long t1 = System.nanoTime();
            ThreadCpu delta = ThreadCpu.now().minus(before);
            iteration.merge(name, new Totals(1, c1 - c0, t1 - t0, delta), Totals::plus);
        }
        return h;
    }

    private static int check(Object answer) {
        if (answer instanceof GuardResult g && g.blocked()
                || answer instanceof Verdict v && !v.isSafe()
                || answer instanceof ChatAnswer c && c.content() == null) {
            throw new IllegalStateException("a benign check was not allowed: " + answer);
        }
        return answer.hashCode();
    }

    private void printSummary() {
        if (measured.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        TreeSet<String> groups = new TreeSet<>();
        measured.values()
                .forEach(list ->
                        list.forEach(t -> groups.addAll(t.threads.cpuNanos().keySet())));
        StringBuilder out = new StringBuilder("\nbreakdown (medians of the measured iterations, per check):\n");
        out.append(String.format(
                Locale.ROOT,
                "%-18s %12s %14s %14s %16s %10s%n",
                "variant",
                "process us",
                "client thr us",
                "other thr us",
                "client alloc B",
                "checks/s"));
        for (String n : names) {
            List<Totals> list = measured.get(n);
            out.append(String.format(
                    Locale.ROOT,
                    "%-18s %12.1f %14.1f %14.1f %16.0f %10.0f%n",
                    n,
                    median(list, t -> t.cpuNanos / 1e3 / t.checks()),
                    median(list, t -> t.threads.totalCpu() / 1e3 / t.checks()),
                    median(list, t -> (t.cpuNanos - t.threads.totalCpu()) / 1e3 / t.checks()),
                    median(list, t -> (double) t.threads.totalAllocated() / t.checks()),
                    median(list, t -> t.checks() * 1e9 / t.wallNanos)));
        }
        table(out, "CPU us per check by client thread group", groups, t -> t.threads.cpuNanos(), 1e3);
        table(out, "bytes allocated per check by client thread group", groups, t -> t.threads.allocatedBytes(), 1);
        System.out.print(out);
    }

    private void table(
            StringBuilder out,
            String title,
            TreeSet<String> groups,
            Function<Totals, Map<String, Long>> values,
            double unit) {
        out.append('\n').append(title).append(":\n");
        out.append(String.format(Locale.ROOT, "%-28s", "group"));
        names.forEach(n -> out.append(String.format(Locale.ROOT, " %16s", n)));
        out.append('\n');
        for (String g : groups) {
            out.append(String.format(Locale.ROOT, "%-28s", g));
            for (String n : names) {
                out.append(String.format(
                        Locale.ROOT,
                        " %16.1f",
                        median(measured.get(n), t -> values.apply(t).getOrDefault(g, 0L) / unit / t.checks())));
            }
            out.append('\n');
        }
    }

    private static double median(List<Totals> list, ToDoubleFunction<Totals> f) {
        double[] v = list.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** What one variant spent over some batches. */
    private record Totals(long batches, long cpuNanos, long wallNanos, ThreadCpu threads) {
        long checks() {
            return batches * CONCURRENCY;
        }

        Totals plus(Totals o) {
            return new Totals(
                    batches + o.batches, cpuNanos + o.cpuNanos, wallNanos + o.wallNanos, threads.plus(o.threads));
        }
    }
}
