package io.github.guardrails4j.benchmarks;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.ChatCompletionRequest;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.internal.WireFormat;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Checks per second through the whole SDK ({@link Guardrails} + {@link ContentSafetyRail} + {@link NimClient})
 * against an in-process {@link NimSimulator} with no latency ({@link LatencyModel#none()}), at concurrency
 * {@value #CONCURRENCY}: each invocation starts {@value #CONCURRENCY} checks at once and waits for all of them.
 *
 * <p>Baseline in the same run ({@link #bareOkHttp}): a bare OkHttp client (same dispatcher limits and pool size as
 * the SDK's own client) posting the identical pre-rendered bodies to the same simulator at the same concurrency
 * and reading the answers as strings. The ratio {@code sdk / bareOkHttp} (target at least 0.9) is what the SDK's
 * rendering, JSON work, verdict parsing and orchestration cost in throughput. Both share the simulator's own cost
 * (tokenising ~420 tokens and hashing the prefix blocks per request), which runs on the same 2 cores.
 *
 * <p>Run: {@code java -jar guardrails-benchmarks/target/benchmarks.jar LoopbackThroughputBenchmark -wi 3 -i 5 -f 1
 * -w 1s -r 1s} (scores are checks per second).
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

    private NimSimulator simulator;
    private NimClient client;
    private Guardrails guardrails;
    private OkHttpClient bare;
    private Request[] bareRequests;
    private String[] userMessages;

    /** Starts the simulator, the SDK stack and the bare client, and warms the prefix cache. */
    @Setup(Level.Trial)
    public void setUp() {
        simulator = NimSimulator.builder().latency(LatencyModel.none()).start();
        client = NimClient.builder().baseUrl(simulator.baseUrl()).build();
        ContentSafetyRail rail = ContentSafetyRail.input(client).build();
        guardrails = Guardrails.builder().rail(rail).build();
        guardrails.warmUp().join();

        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(NimClient.DEFAULT_MAX_REQUESTS);
        dispatcher.setMaxRequestsPerHost(NimClient.DEFAULT_MAX_REQUESTS_PER_HOST);
        bare = new OkHttpClient.Builder().dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(NimClient.DEFAULT_MAX_REQUESTS_PER_HOST, 5, TimeUnit.MINUTES))
                .retryOnConnectionFailure(false).build();
        userMessages = new String[CONCURRENCY];
        bareRequests = new Request[CONCURRENCY];
        for (int i = 0; i < CONCURRENCY; i++) {
            userMessages[i] = MESSAGES[i % MESSAGES.length] + " (" + i + ")";
            ChatCompletionRequest r = rail.chatRequest(RailRequest.ofInput(userMessages[i]));
            byte[] body = WireFormat.encodeChat(r.model(), List.of(new WireFormat.Message("user",
                    r.messages().get(0).content())), r.temperature(), r.maxTokens(), r.stream());
            bareRequests[i] = new Request.Builder().url(simulator.baseUrl() + NimClient.CHAT_COMPLETIONS_PATH)
                    .post(RequestBody.create(body, JSON)).build();
        }
    }

    /** Closes the clients (the bare one is ours too) and the simulator. */
    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        bare.dispatcher().executorService().shutdown();
        bare.connectionPool().evictAll();
        simulator.close();
    }

    /**
     * {@value #CONCURRENCY} input checks through {@link Guardrails#checkInput(String)} at once.
     *
     * @return the last result
     */
    @Benchmark
    @OperationsPerInvocation(CONCURRENCY)
    public GuardResult sdk() {
        List<CompletableFuture<GuardResult>> all = new ArrayList<>(CONCURRENCY);
        for (String m : userMessages) {
            all.add(guardrails.checkInput(m));
        }
        GuardResult last = null;
        for (CompletableFuture<GuardResult> f : all) {
            last = f.join();
            if (last.blocked()) {
                throw new IllegalStateException("a benign check was blocked: " + last);
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
