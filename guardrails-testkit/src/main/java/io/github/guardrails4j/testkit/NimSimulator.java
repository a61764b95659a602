package io.github.guardrails4j.testkit;

import com.sun.net.httpserver.HttpServer;
import io.github.guardrails4j.testkit.internal.KeywordClassifier;
import io.github.guardrails4j.testkit.internal.KeywordMatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process NIM simulator: a real HTTP server on loopback that speaks the NVIDIA NIM /
 * OpenAI-compatible wire format of the NemoGuard safety models, for tests and demos.
 *
 * <p><strong>This is a deterministic keyword classifier, not a safety model.</strong> It flags
 * only the keywords of its fixed table ({@link KeywordClassifier#TABLE}), jailbreak marker phrases
 * and off-topic keywords; everything else is "safe". Never use it to protect anything.
 *
 * <h2>Endpoints</h2>
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: chat completions, streamed (server-sent events) or not,
 *       with {@code usage.prompt_tokens_details.cached_tokens} from a simulated block prefix cache;
 *       the answer format depends on the {@link ModelFormat} of the model id. Any other model id is the
 *       application LLM: see below.
 *   <li>{@code POST /v1/classify}: jailbreak detection, {@code {"input": TEXT}} to {@code
 *       {"jailbreak": bool, "score": float}}; also at the path of NVIDIA's hosted endpoint,
 *       {@code POST /v1/security/nvidia/nemoguard-jailbreak-detect}, which NeMo Guardrails configurations name.
 *   <li>{@code GET /v1/models}, {@code GET /v1/health/ready}, {@code GET /v1/health/live}, {@code
 *       GET /v1/metrics} (Prometheus text with prefix-cache counters).
 * </ul>
 * Errors use the vLLM/NIM shape {@code {"object":"error","message":...,"type":...,"param":null,
 * "code":N}}.
 *
 * <h2>The application LLM</h2>
 * A chat completion for a model id that is not a guard model ({@link #models()}; a well-known guard id
 * left out of {@link Builder#models(String...)} still answers 404, as on a NIM serving another model) is answered by the
 * {@link ApplicationModel} ({@link ApplicationModel#harmless()} by default, {@link ApplicationReply#DEFAULT_TEXT})
 * in the OpenAI wire format, plain or streamed, text or tool calls, so a host test needs one server for its chat
 * model and its rails. Point an OpenAI-compatible client at {@link #baseUrl()} {@code + "/v1"} with any model id,
 * e.g. {@link #DEFAULT_APPLICATION_MODEL_ID}. Choose the answers per test with {@link
 * #applicationModel(ApplicationModel)}; read what was answered, and whether a stream was closed by the client and
 * when, from {@link #applicationCalls()} (the requests are in {@link #recordedRequests()} as well).
 *
 * <pre>{@code
 * sim.applicationModel(ApplicationModel.fixed(ApplicationReply.harmlessTokens(400).atRate(50)));
 * // ... stream through the client under test, then:
 * ApplicationCall call = sim.awaitApplicationCalls(1, Duration.ofSeconds(5)).get(0);
 * assertEquals(ApplicationCall.Outcome.CLIENT_CLOSED, call.outcome());
 * }</pre>
 *
 * <h2>Tokens and latency</h2>
 * Prompt tokens are counted with {@code cl100k_base} (an approximation of Llama 3's tokenizer)
 * after the Llama 3.1 chat template; completion tokens are the answer's tokens plus the end token.
 * Answers are delayed as the {@link LatencyModel} says ({@link LatencyModel#none()} by default).
 *
 * <h2>Lifecycle</h2>
 * {@code NimSimulator.builder()...build()} makes a stopped simulator; {@link #start()} binds the
 * port ({@code builder().start()} does both). {@link #close()} stops the server and its threads; a
 * closed simulator cannot be restarted (build a new one, with {@link Builder#port(int)} to reuse
 * the port).
 *
 * <h2>Streaming and Nagle</h2>
 * Server-sent events are small writes; so that they are not held back by Nagle's algorithm, the
 * first use of this class sets the JDK server's system property {@code sun.net.httpserver.nodelay}
 * to {@code true} unless the host already set it (it only affects {@code com.sun.net.httpserver}); likewise
 * {@code sun.net.httpserver.maxIdleConnections} to {@link #MAX_IDLE_CONNECTIONS}, so that a client pooling hundreds
 * of keep-alive connections under load is not reset by the server.
 *
 * <h2>Thread safety</h2>
 * Thread safe. Requests are served concurrently on a worker pool owned by the simulator ({@link
 * Builder#workerThreads(int)} threads, created on demand), which {@link #close()} shuts down.
 */
public final class NimSimulator implements AutoCloseable {

    /** Default port: 0, an ephemeral port chosen by the operating system. */
    public static final int DEFAULT_PORT = 0;
    /** Default context length of every model: 8192 tokens. */
    public static final int DEFAULT_MAX_MODEL_LENGTH = 8192;
    /** Default prefix-cache block size: 16 tokens, as in vLLM. */
    public static final int DEFAULT_BLOCK_SIZE = 16;
    /** Default prefix-cache capacity: 65,536 blocks. */
    public static final int DEFAULT_CACHE_CAPACITY_BLOCKS = 65_536;
    /** Default worker threads: 512, enough for 256 concurrent sleeping requests with headroom. */
    public static final int DEFAULT_WORKER_THREADS = 512;
    /** Default number of requests kept by {@link #recordedRequests()}: 1,000. */
    public static final int DEFAULT_RECORDED_REQUEST_LIMIT = 1_000;
    /**
     * Default off-topic keyword patterns of the topic-control model (lower case; a trailing {@code *}
     * matches any word ending; Latin words match at word boundaries).
     */
    public static final List<String> DEFAULT_OFF_TOPIC_KEYWORDS = List.of(
            "politic*",
            "election*",
            "president*",
            "stock",
            "stocks",
            "crypto*",
            "bitcoin*",
            "weather",
            "recipe*",
            "sports",
            "football",
            "celebrit*");

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /**
     * A model id for the application LLM in examples and tests: {@value}. Any id that is not a guard model works
     * the same.
     */
    public static final String DEFAULT_APPLICATION_MODEL_ID = "simulated-app-model";

    /** Idle keep-alive connections the JDK server keeps: {@value} (its own default, 200, is below load tests). */
    public static final int MAX_IDLE_CONNECTIONS = 1024;

    static {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // The JDK server closes keep-alive connections beyond 200 idle ones; a client pooling more (a load test at
        // concurrency 256) then reuses dropped sockets and sees resets that a real NIM would not send.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", String.valueOf(MAX_IDLE_CONNECTIONS));
        }
    }

    private final SimulatorSettings settings;
    private final int requestedPort;
    private final int workerThreads;
    private final NimHandler handler;
    private final Object lock = new Object();
    private HttpServer server;
    private ThreadPoolExecutor executor;
    private boolean closed;

    private NimSimulator(Builder b) {
        this.settings = new SimulatorSettings(
                b.models,
                b.maxModelLength,
                b.prefixCaching,
                b.reportCachedTokens,
                b.blockSize,
                b.cacheCapacityBlocks,
                b.latency,
                b.latencyByModel,
                b.faults,
                b.offTopicKeywords,
                b.recordedRequestLimit,
                b.clock,
                b.applicationModel);
        this.requestedPort = b.port;
        this.workerThreads = b.workerThreads;
        this.handler = new NimHandler(settings);
        handler.maxConcurrentRequests(b.maxConcurrentRequests);
    }

    /**
     * Starts a builder with every default: all {@link ModelFormat} model ids served, ephemeral port,
     * no latency, no faults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the loopback port and starts serving.
     *
     * @return this simulator
     * @throws IllegalStateException if already started or closed
     * @throws UncheckedIOException if the port cannot be bound
     */
    public NimSimulator start() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("This NimSimulator is closed; build a new one to serve again.");
            }
            if (server != null) {
                throw new IllegalStateException("This NimSimulator is already started on port " + port() + ".");
            }
            int id = INSTANCES.incrementAndGet();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(
                    workerThreads,
                    workerThreads,
                    10,
                    TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(),
                    daemonThreads("nim-simulator-" + id + "-worker-"));
            pool.allowCoreThreadTimeOut(true);
            try {
                HttpServer s =
                        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 1024);
                s.createContext("/", handler);
                s.setExecutor(pool);
                s.start();
                this.server = s;
                this.executor = pool;
            } catch (IOException e) {
                pool.shutdownNow();
                throw new UncheckedIOException(
                        "Could not bind the NIM simulator to 127.0.0.1:" + requestedPort
                                + "; choose another port or 0 for an ephemeral one",
                        e);
            }
            return this;
        }
    }

    /**
     * The base URL clients append {@code /v1/...} to, e.g. {@code http://127.0.0.1:41234} (no
     * trailing slash, no {@code /v1}).
     *
     * @return the base URL
     * @throws IllegalStateException if not started
     */
    public String baseUrl() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    /**
     * The bound port.
     *
     * @return the port, 1 to 65535
     * @throws IllegalStateException if not started
     */
    public int port() {
        synchronized (lock) {
            if (server == null) {
                throw new IllegalStateException(
                        closed
                                ? "The NimSimulator is closed."
                                : "The NimSimulator is not started; call start() first.");
            }
            return server.getAddress().getPort();
        }
    }

    /** {@return the served model ids in listing order (unmodifiable)} */
    public List<String> models() {
        return List.copyOf(settings.models().keySet());
    }

    /**
     * Switches the readiness probe: {@code GET /v1/health/ready} answers 200 when ready (the
     * default), 503 {@code {"object":"health-response","message":"not ready"}} otherwise. Other
     * endpoints are unaffected.
     *
     * @param ready the new readiness
     */
    public void setReady(boolean ready) {
        handler.ready(ready);
    }

    /** {@return how many requests arrived since start, faulted and failed ones included} */
    public long requestCount() {
        return handler.requestCount();
    }

    /**
     * The most recent requests (at most {@link Builder#recordedRequestLimit(int)}), oldest first.
     *
     * @return an immutable snapshot
     */
    public List<RecordedRequest> recordedRequests() {
        return handler.recordedRequests();
    }

    /**
     * The most requests this simulator served at once (what the NIM saw as its concurrency), since it started or
     * since {@link #resetMaxObservedConcurrency()}. Requests refused with 429 over
     * {@link Builder#maxConcurrentRequests(int)} count too: they arrived.
     *
     * @return 0 or more
     */
    public int maxObservedConcurrency() {
        return handler.maxObservedConcurrency();
    }

    /** {@return the requests being served now} */
    public int inflightRequests() {
        return handler.inflightRequests();
    }

    /** Starts {@link #maxObservedConcurrency()} again from the requests being served now. */
    public void resetMaxObservedConcurrency() {
        handler.resetMaxObservedConcurrency();
    }

    /** Forgets the recorded requests and {@link #applicationCalls()}; {@link #requestCount()} is unchanged. */
    public void clearRecordedRequests() {
        handler.clearRecordedRequests();
    }

    /**
     * Sets the application model for requests that arrive from now on (a request in progress keeps its reply).
     * The builder's {@link Builder#applicationModel(ApplicationModel)} sets the first one.
     *
     * @param model the application model; must be thread safe
     * @throws NullPointerException if {@code model} is null
     */
    public void applicationModel(ApplicationModel model) {
        handler.application().model(model);
    }

    /**
     * The most recent answers of the application model (at most {@link Builder#recordedRequestLimit(int)}),
     * oldest first, each recorded when it ended (completed or closed by the client).
     *
     * @return an immutable snapshot
     */
    public List<ApplicationCall> applicationCalls() {
        return handler.application().calls().snapshot();
    }

    /**
     * Waits until at least {@code count} answers of the application model have ended (see {@link
     * #applicationCalls()}); use it to see a stream that a client closed.
     *
     * @param count how many answers to wait for, 1 or more
     * @param timeout the longest wait
     * @return the recorded answers, oldest first (immutable snapshot, at least {@code count} entries)
     * @throws IllegalStateException if fewer answers ended within {@code timeout}, or the waiting thread is
     *     interrupted (its interrupt flag is set again)
     */
    public List<ApplicationCall> awaitApplicationCalls(int count, Duration timeout) {
        try {
            return handler.application().calls().await(count, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + count + " application calls", e);
        }
    }

    /**
     * Prefix-cache statistics in tokens since start or the last {@link #resetCache()}. When prefix
     * caching is disabled nothing is counted.
     *
     * @return a snapshot
     */
    public CacheStats cacheStats() {
        return handler.cacheStats();
    }

    /** Empties the prefix cache (every model) and zeroes its statistics. */
    public void resetCache() {
        handler.resetCache();
    }

    /**
     * Stops the server at once, like a killed replica: open connections are closed and requests in
     * progress are interrupted. Same as {@link #close()}.
     */
    public void stopAbruptly() {
        close();
    }

    /**
     * Stops the server and its worker threads without waiting for requests in progress (they are
     * interrupted and their connections closed). Idempotent; also closes a never-started simulator.
     */
    @Override
    public void close() {
        HttpServer s;
        ThreadPoolExecutor pool;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = server;
            pool = executor;
            server = null;
            executor = null;
        }
        if (s != null) {
            s.stop(0);
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "NimSimulator{" + (server == null ? (closed ? "closed" : "not started") : baseUrl()) + ", models="
                    + settings.models().keySet() + '}';
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Builds a {@link NimSimulator}. Every setter states its default.
     *
     * <p>Mutable and not thread safe.
     */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private final Map<String, ModelFormat> models = new LinkedHashMap<>();
        private int maxModelLength = DEFAULT_MAX_MODEL_LENGTH;
        private boolean prefixCaching = true;
        private boolean reportCachedTokens = true;
        private int blockSize = DEFAULT_BLOCK_SIZE;
        private int cacheCapacityBlocks = DEFAULT_CACHE_CAPACITY_BLOCKS;
        private LatencyModel latency = LatencyModel.none();
        private final Map<String, LatencyModel> latencyByModel = new HashMap<>();
        private FaultInjector faults = FaultInjector.none();
        private List<String> offTopicKeywords = DEFAULT_OFF_TOPIC_KEYWORDS;
        private int recordedRequestLimit = DEFAULT_RECORDED_REQUEST_LIMIT;
        private int workerThreads = DEFAULT_WORKER_THREADS;
        private int maxConcurrentRequests;
        private Clock clock = Clock.systemUTC();
        private ApplicationModel applicationModel = ApplicationModel.harmless();

        private Builder() {
            for (ModelFormat format : ModelFormat.values()) {
                format.defaultModelIds().forEach(id -> models.put(id, format));
            }
        }

        /**
         * Sets the loopback port. Default {@link #DEFAULT_PORT} (0 = ephemeral).
         *
         * @param port 0 to 65535
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Serves exactly these well-known model ids (replacing the default of all of them), each in the
         * format {@link ModelFormat#forModelId(String)} gives.
         *
         * @param modelIds well-known ids, at least one
         * @return this builder
         * @throws IllegalArgumentException if an id is unknown (use {@link #model(String, ModelFormat)})
         *     or none is given
         */
        public Builder models(String... modelIds) {
            return models(Arrays.asList(modelIds));
        }

        /**
         * Collection form of {@link #models(String...)}.
         *
         * @param modelIds well-known ids, at least one
         * @return this builder
         * @throws IllegalArgumentException if an id is unknown or none is given
         */
        public Builder models(Collection<String> modelIds) {
            if (modelIds.isEmpty()) {
                throw new IllegalArgumentException("models must name at least one model id");
            }
            Map<String, ModelFormat> chosen = new LinkedHashMap<>();
            for (String id : modelIds) {
                ModelFormat format = ModelFormat.forModelId(id)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "Unknown model id '" + id + "'; known ids are the defaultModelIds() of ModelFormat, "
                                        + "or serve it with model(id, format)"));
                chosen.put(id, format);
            }
            models.clear();
            models.putAll(chosen);
            return this;
        }

        /**
         * Serves one more model id (or re-maps one) in the given format, e.g. the name a local NIM
         * was started with.
         *
         * @param modelId the id clients send
         * @param format the answer format
         * @return this builder
         */
        public Builder model(String modelId, ModelFormat format) {
            models.put(Objects.requireNonNull(modelId, "modelId"), Objects.requireNonNull(format, "format"));
            return this;
        }

        /**
         * Sets the context length of every model; longer prompts get HTTP 400 "maximum context
         * length". Default {@link #DEFAULT_MAX_MODEL_LENGTH} tokens.
         *
         * @param tokens 1 or more
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder maxModelLength(int tokens) {
            this.maxModelLength = positive("maxModelLength", tokens);
            return this;
        }

        /**
         * Switches the simulated prefix cache. Default true; when false {@code cached_tokens} is
         * always 0.
         *
         * @param enabled whether prompts are cached
         * @return this builder
         */
        public Builder prefixCaching(boolean enabled) {
            this.prefixCaching = enabled;
            return this;
        }

        /**
         * Whether {@code usage.prompt_tokens_details} carries {@code cached_tokens}. Default true; when
         * false it is sent as {@code null}, as many servers do.
         *
         * @param report whether to report cached tokens
         * @return this builder
         */
        public Builder reportCachedTokens(boolean report) {
            this.reportCachedTokens = report;
            return this;
        }

        /**
         * Sets the prefix-cache block size. Default {@link #DEFAULT_BLOCK_SIZE} tokens (vLLM; use 32
         * for TensorRT-LLM).
         *
         * @param tokens 1 or more
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder blockSize(int tokens) {
            this.blockSize = positive("blockSize", tokens);
            return this;
        }

        /**
         * Sets the prefix-cache capacity; the least recently used blocks are evicted beyond it.
         * Default {@link #DEFAULT_CACHE_CAPACITY_BLOCKS} blocks.
         *
         * @param blocks 1 or more
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder cacheCapacityBlocks(int blocks) {
            this.cacheCapacityBlocks = positive("cacheCapacityBlocks", blocks);
            return this;
        }

        /**
         * Sets the latency of every model without an override. Default {@link LatencyModel#none()}.
         *
         * @param latency the latency model
         * @return this builder
         */
        public Builder latency(LatencyModel latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /**
         * Sets the latency of one model id (chat completions, or {@code /v1/classify} for the
         * jailbreak model, where only the prefill part applies). Default: the {@link
         * #latency(LatencyModel)} of all models.
         *
         * @param modelId the model id
         * @param latency its latency model
         * @return this builder
         */
        public Builder latency(String modelId, LatencyModel latency) {
            latencyByModel.put(Objects.requireNonNull(modelId, "modelId"), Objects.requireNonNull(latency, "latency"));
            return this;
        }

        /**
         * Sets the fault injector consulted for every request. Default {@link FaultInjector#none()}.
         *
         * @param faults the injector; must be thread safe
         * @return this builder
         */
        public Builder faults(FaultInjector faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /**
         * Sets the topic-control model's off-topic keyword patterns (lower case, trailing {@code *} for
         * a stem). Default {@link #DEFAULT_OFF_TOPIC_KEYWORDS}.
         *
         * @param keywords the patterns; may be empty (everything on-topic)
         * @return this builder
         * @throws IllegalArgumentException if a pattern is empty
         */
        public Builder offTopicKeywords(Collection<String> keywords) {
            keywords.forEach(KeywordMatcher::new);
            this.offTopicKeywords = List.copyOf(keywords);
            return this;
        }

        /**
         * Sets how many recent requests {@link #recordedRequests()} keeps. Default {@link
         * #DEFAULT_RECORDED_REQUEST_LIMIT}.
         *
         * @param limit 0 (record nothing) or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder recordedRequestLimit(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("recordedRequestLimit must be 0 or more, got " + limit);
            }
            this.recordedRequestLimit = limit;
            return this;
        }

        /**
         * Sets the size of the owned worker pool (threads are created on demand and retire after 10 s
         * idle); requests beyond it queue. Default {@link #DEFAULT_WORKER_THREADS}.
         *
         * @param threads 1 or more
         * @return this builder
         * @throws IllegalArgumentException if less than 1
         */
        public Builder workerThreads(int threads) {
            this.workerThreads = positive("workerThreads", threads);
            return this;
        }

        /**
         * Sets the concurrency limit of an overloaded replica: a guard call ({@code POST /v1/chat/completions} or
         * {@code /v1/classify}) that arrives while this many are being served is answered HTTP 429
         * ({@code TooManyRequests}) at once, as a full NIM or gateway would. Default 0: no limit.
         *
         * @param limit 0 (no limit) or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxConcurrentRequests(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("maxConcurrentRequests must be 0 or more, got " + limit);
            }
            this.maxConcurrentRequests = limit;
            return this;
        }

        /**
         * Sets the clock for {@code created} timestamps. Default {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the first application model, which answers chat completions for every model id that is not a
         * guard model (see {@link NimSimulator#applicationModel(ApplicationModel)} to change it later). Default
         * {@link ApplicationModel#harmless()}.
         *
         * @param model the application model; must be thread safe
         * @return this builder
         */
        public Builder applicationModel(ApplicationModel model) {
            this.applicationModel = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * Builds a stopped simulator.
         *
         * @return the simulator; call {@link NimSimulator#start()}
         */
        public NimSimulator build() {
            return new NimSimulator(this);
        }

        /**
         * Builds and starts a simulator.
         *
         * @return the started simulator
         * @throws UncheckedIOException if the port cannot be bound
         */
        public NimSimulator start() {
            return build().start();
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be 1 or more, got " + value);
            }
            return value;
        }
    }
}
