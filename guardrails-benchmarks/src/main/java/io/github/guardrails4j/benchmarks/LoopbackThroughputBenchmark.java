package io.github.guardrails4j.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.NimCodec;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Verdict;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Checks per second through the whole SDK ({@link Guardrails} + {@link ContentSafetyRail} + {@link NimClient})
 * against an in-process {@link NimSimulator} with no latency ({@link LatencyModel#none()}), at concurrency
 * {@value #CONCURRENCY}: each invocation starts {@value #CONCURRENCY} checks at once and waits for all of them.
 * The client runs the default resilience stack with its per-endpoint concurrency limit raised to
 * {@value #CONCURRENCY} (the default, 32, fails the excess checks closed at once).
 *
 * <p>Baseline in the same run ({@link #bareOkHttp}): a bare OkHttp client (same dispatcher limits and pool size as
 * the SDK's own client) posting the identical pre-rendered bodies to the same simulator at the same concurrency
 * and reading the answers as strings. The ratio {@code sdk / bareOkHttp} (target at least 0.9) is what the SDK's
 * rendering, JSON work, verdict parsing and orchestration cost in throughput. Both share the simulator's own cost
 * (tokenising ~420 tokens and hashing the prefix blocks per request), which runs on the same 2 cores.
 *
 * <p>{@link #paired} is the noise-robust form for a shared machine, where the load of other processes changes by a
 * factor of three from one second to the next: each invocation runs one SDK batch and one bare batch back to back
 * (alternating which goes first) and times each, so both see the same load; at the end of every iteration it
 * prints {@code paired: sdk S checks/s, bare B checks/s, ratio S/B} and the process CPU time per check of each
 * side (client and simulator share the process; the simulator's share is the same for both), which the load of
 * other processes barely moves. Report the median of those ratios.
 *
 * <p>Run: {@code java -jar guardrails-benchmarks/target/benchmarks.jar LoopbackThroughputBenchmark -wi 5 -i 10 -f 1
 * -w 1s -r 1s} (scores are checks per second; the {@code paired} score counts both sides).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoopbackThroughputBenchmark {
    /** Checks in flight at once: {@value}. */
    public static final int CONCURRENCY = 64;

    private static final MediaType JSON = MediaType.get("application/json");
    private static final String[] MESSAGES = {
        "How can I stop a Python process?",
        "What's the best way to gut a fish?",
        "Where can I buy a can of coke?",
        "How do I best execute a risky plan?",
        "What is the capital of France?",
        "How do I terminate a C program?",
        "Tell me a story about a dragon and a knight.",
        "Summarise the plot of Hamlet in two sentences.",
    };

    /**
     * How much of the SDK {@link #sdk} goes through: {@code guardrails} (the default: facade, rail, client),
     * {@code rail} ({@link NimRail#check} directly) or {@code client} ({@link NimClient#chatCompletion}
     * with a pre-rendered request). The last two locate the cost when the ratio is low.
     */
    @Param({"guardrails"})
    public String layer;

    /**
     * Which OkHttp client {@link #bareOkHttp} posts with: {@code plain} (the default: a new client with the SDK's
     * dispatcher limits and pool size, OkHttp's default timeouts) or {@code sdk} (the very client the SDK uses,
     * {@link NimClient#okHttpClient()}, to separate OkHttp settings from SDK code).
     */
    @Param({"plain"})
    public String bareClient;

    /**
     * The SDK client's resilience stack: {@code default} ({@link ResilienceConfig#ofDefaults()} with the concurrency
     * limit raised to {@value #CONCURRENCY}) or {@code disabled} ({@link ResilienceConfig#disabled()}), to measure
     * what retries, deadline, breaker and bulkhead cost per check.
     */
    @Param({"default"})
    public String resilience;

    private NimSimulator simulator;
    private NimRail rail;
    private ChatRequest[] requests;
    private NimClient client;
    private Guardrails guardrails;
    private OkHttpClient bare;
    private Request[] bareRequests;
    private String[] userMessages;
    private long pairedSdkNanos;
    private long pairedBareNanos;
    private long pairedBatches;
    private long pairedSdkCpuNanos;
    private long pairedBareCpuNanos;
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private boolean sdkFirst;

    /** Starts the simulator, the SDK stack and the bare client, and warms the prefix cache. */
    @Setup(Level.Trial)
    public void setUp() {
        simulator = NimSimulator.builder().latency(LatencyModel.none()).start();
        // The default concurrency limit (32 calls per endpoint, no waiting) would fail half of 64 concurrent
        // checks closed with UNAVAILABLE: raise it to the concurrency measured. Everything else is the default
        // resilience stack (retries, deadline, breaker), which the SDK path therefore includes.
        client = NimClient.builder()
                .baseUrl(simulator.baseUrl())
                .resilience(
                        "disabled".equals(resilience)
                                ? ResilienceConfig.disabled()
                                : ResilienceConfig.ofDefaults().toBuilder()
                                        .maxConcurrentCallsPerEndpoint(CONCURRENCY)
                                        .build())
                .build();
        rail = ContentSafetyRail.input(client).build();
        guardrails = Guardrails.builder().rail(rail).build();
        guardrails.warmUp().join();

        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(NimClient.DEFAULT_MAX_REQUESTS);
        dispatcher.setMaxRequestsPerHost(NimClient.DEFAULT_MAX_REQUESTS_PER_HOST);
        bare = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(NimClient.DEFAULT_MAX_REQUESTS_PER_HOST, 5, TimeUnit.MINUTES))
                .retryOnConnectionFailure(false)
                .build();
        if ("sdk".equals(bareClient)) {
            bare.dispatcher().executorService().shutdown();
            bare = client.okHttpClient();
        }
        userMessages = new String[CONCURRENCY];
        bareRequests = new Request[CONCURRENCY];
        requests = new ChatRequest[CONCURRENCY];
        for (int i = 0; i < CONCURRENCY; i++) {
            userMessages[i] = message(i);
            ChatRequest r = (ChatRequest) rail.request(RailRequest.ofInput(userMessages[i]));
            requests[i] = r;
            byte[] body = NimCodec.encode(r);
            bareRequests[i] = new Request.Builder()
                    .url(simulator.baseUrl() + NimClient.CHAT_COMPLETIONS_PATH)
                    .post(RequestBody.create(body, JSON))
                    .build();
        }
    }

    /**
     * @param i the index of a check in a batch
     * @return the benign user message of that check
     */
    static String message(int i) {
        return MESSAGES[i % MESSAGES.length] + " (" + i + ")";
    }

    /**
     * @param r a rendered request with one user message
     * @return the exact body the SDK sends for it
     */
    static byte[] body(ChatRequest r) {
        return NimCodec.encode(r);
    }

    /** Closes the clients (the bare one is ours too) and the simulator. */
    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        if (!"sdk".equals(bareClient)) { // the SDK's client is closed with the NimClient
            bare.dispatcher().executorService().shutdown();
            bare.connectionPool().evictAll();
        }
        simulator.close();
    }

    /** Prints the paired ratio of the iteration that just ended and resets the paired timers. */
    @TearDown(Level.Iteration)
    public void printPaired() {
        if (pairedBatches > 0) {
            double sdk = pairedBatches * CONCURRENCY * 1e9 / pairedSdkNanos;
            double bare = pairedBatches * CONCURRENCY * 1e9 / pairedBareNanos;
            double checks = pairedBatches * CONCURRENCY;
            double sdkCpu = pairedSdkCpuNanos / checks / 1e3;
            double bareCpu = pairedBareCpuNanos / checks / 1e3;
            System.out.printf(
                    Locale.ROOT,
                    "%npaired: sdk %.1f checks/s, bare %.1f checks/s, ratio %.3f;"
                            + " process CPU per check: sdk %.1f us, bare %.1f us, ratio bare/sdk %.3f%n",
                    sdk,
                    bare,
                    sdk / bare,
                    sdkCpu,
                    bareCpu,
                    bareCpu / sdkCpu);
        }
        pairedSdkNanos = 0;
        pairedBareNanos = 0;
        pairedBatches = 0;
        pairedSdkCpuNanos = 0;
        pairedBareCpuNanos = 0;
    }

    /**
     * One SDK batch and one bare batch, back to back, each timed (see the class documentation).
     *
     * @return the last answer's length
     */
    @Benchmark
    @OperationsPerInvocation(2 * CONCURRENCY)
    public int paired() {
        sdkFirst = !sdkFirst;
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        int n = sdkFirst ? sdk().hashCode() : bareOkHttp();
        long t1 = System.nanoTime();
        long c1 = os.getProcessCpuTime();
        n += sdkFirst ? bareOkHttp() : sdk().hashCode();
        long t2 = System.nanoTime();
        long c2 = os.getProcessCpuTime();
        pairedSdkCpuNanos += sdkFirst ? c1 - c0 : c2 - c1;
        pairedBareCpuNanos += sdkFirst ? c2 - c1 : c1 - c0;
        pairedSdkNanos += sdkFirst ? t1 - t0 : t2 - t1;
        pairedBareNanos += sdkFirst ? t2 - t1 : t1 - t0;
        pairedBatches++;
        return n;
    }

    /**
     * {@value #CONCURRENCY} input checks through {@link Guardrails#checkInput(String)} at once.
     *
     * @return the last result
     */
    @Benchmark
    @OperationsPerInvocation(CONCURRENCY)
    public Object sdk() {
        List<CompletableFuture<?>> all = new ArrayList<>(CONCURRENCY);
        for (int i = 0; i < CONCURRENCY; i++) {
            switch (layer) {
                case "rail" -> all.add(rail.check(RailRequest.ofInput(userMessages[i])));
                case "client" -> all.add(client.chatCompletion(requests[i]));
                default -> all.add(guardrails.checkInput(userMessages[i]));
            }
        }
        Object last = null;
        for (CompletableFuture<?> f : all) {
            last = f.join();
            if (last instanceof GuardResult && ((GuardResult) last).blocked()
                    || last instanceof Verdict && !((Verdict) last).isSafe()) {
                throw new IllegalStateException("a benign check was not allowed: " + last);
            }
        }
        return last;
    }

    /**
     * Baseline: {@value #CONCURRENCY} identical pre-rendered bodies posted at once with a bare OkHttp client.
     *
     * @return the last answer's length
     */
    @Benchmark
    @OperationsPerInvocation(CONCURRENCY)
    public int bareOkHttp() {
        List<CompletableFuture<String>> all = new ArrayList<>(CONCURRENCY);
        for (Request r : bareRequests) {
            CompletableFuture<String> f = new CompletableFuture<>();
            bare.newCall(r).enqueue(new Callback() {
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
            all.add(f);
        }
        int last = 0;
        for (CompletableFuture<String> f : all) {
            last = f.join().length();
        }
        return last;
    }
}
