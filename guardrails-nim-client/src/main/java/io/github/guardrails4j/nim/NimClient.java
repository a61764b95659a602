package io.github.guardrails4j.nim;

import io.github.guardrails4j.async.LinkedFuture;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.exception.GuardTransportException;
import io.github.guardrails4j.exception.GuardUnavailableException;
import io.github.guardrails4j.exception.InputRejectedException;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.model.ClassifyAnswer;
import io.github.guardrails4j.model.ClassifyRequest;
import io.github.guardrails4j.model.GuardAnswer;
import io.github.guardrails4j.model.GuardRequest;
import io.github.guardrails4j.nim.internal.AttemptHeaders;
import io.github.guardrails4j.nim.internal.Attempted;
import io.github.guardrails4j.nim.internal.ConcurrencyLimiter;
import io.github.guardrails4j.nim.internal.Endpoint;
import io.github.guardrails4j.nim.internal.HealthProbes;
import io.github.guardrails4j.nim.internal.NimHttp;
import io.github.guardrails4j.nim.internal.OneRetryLayer;
import io.github.guardrails4j.nim.internal.PrefixedChatEncoder;
import io.github.guardrails4j.nim.internal.Rendezvous;
import io.github.guardrails4j.nim.internal.ResilientExecutor;
import io.github.guardrails4j.nim.internal.ResponseHandler;
import io.github.guardrails4j.nim.internal.SharedScheduler;
import io.github.guardrails4j.nim.internal.SseChatCall;
import io.github.guardrails4j.nim.internal.WireFormat;
import io.github.guardrails4j.nim.resilience.EndpointLoad;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailObserver;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * An asynchronous client for one NIM (or NVIDIA's hosted API): chat completions, jailbreak classification,
 * model listing and readiness.
 *
 * <h2>Sharing</h2>
 * Immutable and thread safe: build one per NIM base URL and share it between rails and threads. Every method
 * returns at once; the call runs on OkHttp's dispatcher and the returned future is completed on an OkHttp
 * dispatcher thread, so never block inside its continuations (use the {@code *Async} variants with your own
 * executor for heavy work). Cancelling a returned future cancels the HTTP call, whatever
 * {@code mayInterruptIfRunning} says.
 *
 * <h2>Deriving</h2>
 * {@link #newBuilder()} copies the settings and shares the same {@link OkHttpClient} (dispatcher, connection pool),
 * for example to reach another NIM on another port.
 *
 * <h2>Closing</h2>
 * {@link #close()} releases only what this client created: when no {@link Builder#okHttpClient(OkHttpClient)
 * OkHttpClient} was supplied, the client owns its OkHttp client and closing cancels its running calls, shuts down
 * its dispatcher's executor and evicts its connection pool. A supplied OkHttp client is borrowed and never shut
 * down. Clients derived with {@link #newBuilder()} borrow their parent's OkHttp client: close the parent last.
 *
 * <h2>Resilience</h2>
 * Chat completions and classifications are retried, bounded by a deadline, and guarded by a circuit breaker and a
 * concurrency limit per endpoint, as {@link Builder#resilience(ResilienceConfig)} says (default
 * {@link ResilienceConfig#ofDefaults()}). With several endpoints ({@link Builder#baseUrls(List)}, NIM replicas of
 * one model) each request prefers one replica by rendezvous hashing of its prompt prefix, so each replica keeps its
 * prefix cache hot, and skips replicas whose breaker is open or that failed their last readiness probe. Retry waits,
 * deadlines and probes run on a scheduler: one daemon scheduler thread shared by all clients, or the host's
 * ({@link Builder#scheduler(ScheduledExecutorService)}). {@link #models()} and {@link #ready()} make one attempt to
 * the first endpoint.
 *
 * <h2>Failures</h2>
 * Futures complete exceptionally with core's typed exceptions: {@link GuardTransportException} (I/O),
 * {@link GuardTimeoutException} (a budget ran out), {@link GuardServiceException} (non-2xx; reason
 * {@code RATE_LIMITED} for 429), {@link InputRejectedException} (HTTP 400 about the context length) and
 * {@link GuardProtocolException} (a 2xx body that is not the API's shape), {@link GuardUnavailableException} (every
 * endpoint's breaker open or concurrency limit full: no call made). After retries the failure is the last attempt's,
 * with the earlier ones as suppressed exceptions. The API key never appears in a message,
 * a log line or {@link #toString()}.
 */
public final class NimClient implements AutoCloseable {
    /** Default budget of one HTTP attempt, connect to last body byte: {@value #DEFAULT_ATTEMPT_TIMEOUT_MILLIS} ms. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    /** Default connect timeout: 2 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Default read timeout (longest silence between two reads): 10 s. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** {@link #DEFAULT_ATTEMPT_TIMEOUT} in milliseconds: {@value}. */
    public static final long DEFAULT_ATTEMPT_TIMEOUT_MILLIS = 10_000;
    /** Concurrent calls per host of an owned OkHttp client (OkHttp's own default is 5): {@value}. */
    public static final int DEFAULT_MAX_REQUESTS_PER_HOST = 64;
    /** Concurrent calls overall of an owned OkHttp client: {@value}. */
    public static final int DEFAULT_MAX_REQUESTS = 256;
    /** Idle keep-alive of an owned connection pool: 5 minutes. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(5);
    /** Path of the chat completions endpoint: {@value}. */
    public static final String CHAT_COMPLETIONS_PATH = "/v1/chat/completions";
    /** Default path of the jailbreak classification endpoint of a local NIM: {@value}. */
    public static final String DEFAULT_CLASSIFY_PATH = "/v1/classify";
    /** Path of the model list: {@value}. */
    public static final String MODELS_PATH = "/v1/models";
    /** Path of the readiness probe: {@value}. */
    public static final String READY_PATH = "/v1/health/ready";

    private static final MediaType JSON = MediaType.get("application/json");

    private final String baseUrl;
    private final List<String> baseUrls;
    private final ResilienceConfig resilience;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final DoubleSupplier random;
    private final ResilientExecutor executor;
    /** Per endpoint: the ceiling of an auto-sized concurrency limit, or 0 for a fixed limit (or none). */
    private final int[] autoCeilings;

    private final Map<String, Integer> perUrlLimits;
    /** The rails built on this client (the auto-sized limits grow with it). */
    private final AtomicInteger rails = new AtomicInteger();

    private final HealthProbes probes;
    private final String apiKey;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration attemptTimeout;
    private final OkHttpClient suppliedClient;
    private final boolean ownsClient;
    private final NimHttp http;
    /** The chat completions URL of every endpoint, parsed once: parsing one per attempt cost more than encoding. */
    private final Map<String, HttpUrl> chatUrls;

    private NimClient(Builder b) {
        this.baseUrls = b.normalizedBaseUrls();
        this.baseUrl = baseUrls.get(0);
        Map<String, HttpUrl> chat = new HashMap<>();
        for (String u : baseUrls) {
            chat.put(u, parseUrl(u, CHAT_COMPLETIONS_PATH));
        }
        this.chatUrls = Map.copyOf(chat);
        this.resilience = b.resilience;
        this.clock = b.clock;
        this.nanoTime = b.nanoTime;
        this.random = b.random;
        this.apiKey = b.apiKey;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.attemptTimeout = b.attemptTimeout;
        this.suppliedClient = b.okHttpClient;
        this.ownsClient = b.okHttpClient == null;
        this.perUrlLimits = b.normalizedPerUrlLimits();
        OkHttpClient client;
        if (ownsClient) {
            // limits agree: OkHttp admits at least as many calls per host as the limits of that host's endpoints
            int perHost = Math.max(DEFAULT_MAX_REQUESTS_PER_HOST, b.limitCallsPerHost(DEFAULT_MAX_REQUESTS_PER_HOST));
            Dispatcher dispatcher = new Dispatcher();
            dispatcher.setMaxRequests(Math.max(DEFAULT_MAX_REQUESTS, perHost));
            dispatcher.setMaxRequestsPerHost(perHost);
            client = new OkHttpClient.Builder()
                    .dispatcher(dispatcher)
                    .connectionPool(new ConnectionPool(perHost, DEFAULT_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
                    .retryOnConnectionFailure(false)
                    // a guard call never follows a redirect: it would post the user's text to another server
                    .followRedirects(false)
                    .followSslRedirects(false)
                    // one retry layer: keep OkHttp from repeating a 503 with Retry-After: 0 by itself
                    .addNetworkInterceptor(OneRetryLayer.INSTANCE)
                    .connectTimeout(orDefault(connectTimeout, DEFAULT_CONNECT_TIMEOUT))
                    .readTimeout(orDefault(readTimeout, DEFAULT_READ_TIMEOUT))
                    .writeTimeout(orDefault(readTimeout, DEFAULT_READ_TIMEOUT))
                    .callTimeout(orDefault(attemptTimeout, DEFAULT_ATTEMPT_TIMEOUT))
                    .build();
        } else if (connectTimeout != null || readTimeout != null) {
            // Derived clients share the supplied client's dispatcher and pool; nothing new to shut down.
            OkHttpClient.Builder derived = b.okHttpClient.newBuilder();
            if (connectTimeout != null) {
                derived.connectTimeout(connectTimeout);
            }
            if (readTimeout != null) {
                derived.readTimeout(readTimeout).writeTimeout(readTimeout);
            }
            client = derived.build();
        } else {
            client = b.okHttpClient;
        }
        this.http = new NimHttp(
                client,
                apiKey,
                orDefault(attemptTimeout, DEFAULT_ATTEMPT_TIMEOUT),
                Duration.ofMillis(client.connectTimeoutMillis()),
                Duration.ofMillis(client.readTimeoutMillis()),
                clock);
        this.scheduler = b.scheduler == null ? SharedScheduler.get() : b.scheduler;
        List<Endpoint> endpoints = new ArrayList<>();
        this.autoCeilings = new int[baseUrls.size()];
        Map<String, Integer> onHost = endpointsPerHost(baseUrls);
        for (int i = 0; i < baseUrls.size(); i++) {
            String url = baseUrls.get(i);
            int fixed = perUrlLimits.getOrDefault(url, resilience.maxConcurrentCallsPerEndpoint());
            int limit;
            if (fixed == ResilienceConfig.AUTO_CONCURRENCY_LIMIT) {
                autoCeilings[i] = ownsClient
                        ? DEFAULT_MAX_REQUESTS_PER_HOST
                        : Math.max(1, client.dispatcher().getMaxRequestsPerHost() / onHost.get(hostOf(url)));
                limit = autoLimit(0, autoCeilings[i]);
            } else {
                limit = fixed == 0 ? ConcurrencyLimiter.UNLIMITED : fixed;
            }
            endpoints.add(new Endpoint(url, resilience, limit, clock, nanoTime));
        }
        this.executor = new ResilientExecutor(endpoints, resilience, scheduler, clock, nanoTime, random);
        this.probes = endpoints.size() > 1 && !resilience.healthCheckInterval().isZero()
                ? new HealthProbes(http, endpoints, READY_PATH, resilience.healthCheckInterval(), scheduler)
                : null;
    }

    private static Duration orDefault(Duration d, Duration fallback) {
        return d != null ? d : fallback;
    }

    /** The auto-sized concurrency limit: see {@link ResilienceConfig#AUTO_CONCURRENCY_LIMIT}. */
    static int autoLimit(int rails, int ceiling) {
        long wanted = Math.max(
                ResilienceConfig.DEFAULT_MIN_CONCURRENT_CALLS_PER_ENDPOINT,
                (long) ResilienceConfig.DEFAULT_CONCURRENT_CALLS_PER_RAIL * rails);
        return (int) Math.min(ceiling, wanted);
    }

    private static String hostOf(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        return parsed == null ? url : parsed.host();
    }

    private static Map<String, Integer> endpointsPerHost(List<String> urls) {
        Map<String, Integer> perHost = new HashMap<>();
        for (String u : urls) {
            perHost.merge(hostOf(u), 1, Integer::sum);
        }
        return perHost;
    }

    /**
     * A rail was built on this client: the auto-sized concurrency limits grow with the rails sharing the endpoints
     * (see {@link ResilienceConfig#AUTO_CONCURRENCY_LIMIT}). Called by {@link NimRail}'s constructor.
     */
    void railAttached() {
        int n = rails.incrementAndGet();
        List<Endpoint> endpoints = executor.endpoints();
        for (int i = 0; i < autoCeilings.length; i++) {
            if (autoCeilings[i] > 0) {
                endpoints.get(i).limiter().ceiling(autoLimit(n, autoCeilings[i]));
            }
        }
    }

    /**
     * A snapshot of every endpoint's concurrency limit: calls in flight, checks waiting for a slot, and the limit, in
     * the order of {@link #baseUrls()}. For metrics (register one gauge per number and endpoint, reading this method)
     * and diagnostics. Cheap (a short lock per endpoint), thread safe, never blocks on I/O.
     *
     * @return one immutable entry per endpoint; an unmodifiable list
     */
    public List<EndpointLoad> endpointLoad() {
        List<Endpoint> endpoints = executor.endpoints();
        List<EndpointLoad> out = new ArrayList<>(endpoints.size());
        for (Endpoint ep : endpoints) {
            ConcurrencyLimiter l = ep.limiter();
            int limit = l.limit();
            out.add(new EndpointLoad(
                    ep.baseUrl(), l.inflight(), l.queued(), limit == ConcurrencyLimiter.UNLIMITED ? 0 : limit));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The circuit breakers of this client's endpoints, for metrics and diagnostics: one per endpoint, in the order of
     * {@link #baseUrls()}, each named {@code nim <base URL>} with the base URL as {@link #baseUrls()} lists it
     * (normalised, never with credentials). Bind them with resilience4j's own Micrometer binders (for example
     * {@code TaggedCircuitBreakerMetricsPublisher.publishMetrics(breaker)}, as {@code guardrails-micrometer}'s
     * {@code EndpointGauges} does) or read their state and metrics. These are the client's live breakers: a transition
     * forced on one (such as {@code transitionToForcedOpenState()}) changes which calls the client lets through.
     * Empty when {@link ResilienceConfig#circuitBreakerEnabled()} is false. Thread safe.
     *
     * @return the breakers; an unmodifiable list
     */
    public List<CircuitBreaker> circuitBreakers() {
        List<CircuitBreaker> out = new ArrayList<>();
        for (Endpoint ep : executor.endpoints()) {
            if (ep.breaker() != null) {
                out.add(ep.breaker());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** {@return a new builder with the defaults; mutable and not thread safe} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this client's settings and sharing its OkHttp client (dispatcher and connection pool),
     * which the derived client borrows.
     *
     * @return a new builder
     */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.baseUrl = baseUrl;
        b.baseUrls = baseUrls;
        b.resilience = resilience;
        b.scheduler = scheduler;
        b.clock = clock;
        b.nanoTime = nanoTime;
        b.random = random;
        b.apiKey = apiKey;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.attemptTimeout = attemptTimeout;
        b.okHttpClient = http.client();
        b.perUrlLimits.putAll(perUrlLimits);
        return b;
    }

    /** {@return the base URL, normalised: no trailing {@code /} or {@code /v1}, for example {@code http://h:8000}} */
    public String baseUrl() {
        return baseUrl;
    }

    /** {@return the base URLs of every endpoint (NIM replica), normalised, in configuration order; unmodifiable} */
    public List<String> baseUrls() {
        return baseUrls;
    }

    /** {@return the resilience settings in effect} */
    public ResilienceConfig resilience() {
        return resilience;
    }

    /**
     * {@return the scheduler that runs retry waits, deadlines and probes: the host's, or the shared one} Never shut it
     * down: the shared scheduler serves every client built without one.
     */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** {@return the endpoint state (breakers, limits, probes), for tests and diagnostics} */
    ResilientExecutor executor() {
        return executor;
    }

    /** {@return true when an API key is configured (the key itself is never exposed)} */
    public boolean hasApiKey() {
        return apiKey != null;
    }

    /** {@return the budget of one HTTP attempt; default {@link #DEFAULT_ATTEMPT_TIMEOUT}} */
    public Duration attemptTimeout() {
        return orDefault(attemptTimeout, DEFAULT_ATTEMPT_TIMEOUT);
    }

    /** {@return the connect timeout in effect (from the OkHttp client in use)} */
    public Duration connectTimeout() {
        return Duration.ofMillis(http.client().connectTimeoutMillis());
    }

    /** {@return the read timeout in effect (from the OkHttp client in use)} */
    public Duration readTimeout() {
        return Duration.ofMillis(http.client().readTimeoutMillis());
    }

    /**
     * The OkHttp client calls are made with. Do not shut it down: it is either this client's own (closed by
     * {@link #close()}) or the host's.
     *
     * @return the OkHttp client in use
     */
    public OkHttpClient okHttpClient() {
        return http.client();
    }

    /** {@return true when this client created its OkHttp client and {@link #close()} releases it} */
    public boolean ownsOkHttpClient() {
        return ownsClient;
    }

    /**
     * {@code POST {base}/v1/chat/completions}, with the resilience of {@link Builder#resilience(ResilienceConfig)}
     * (retries, deadline, circuit breakers, concurrency limits; with several endpoints, the one the first message
     * prefers by prefix affinity).
     *
     * @param request the request
     * @return a future of the first choice; completed on an OkHttp thread; cancelling it cancels the call; fails
     *     with the typed exceptions listed on this class (after retries, the last attempt's, with the earlier ones
     *     as suppressed exceptions)
     * @throws NullPointerException when request is null
     */
    public CompletableFuture<ChatAnswer> chatCompletion(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return unwrap(send(
                request, CHAT_COMPLETIONS_PATH, Rendezvous.hash(defaultAffinityKey(request)), RailObserver.NONE, null));
    }

    /**
     * {@code POST {base}/v1/chat/completions} streamed: sends the request with {@code "stream": true} and
     * {@code "stream_options": {"include_usage": true}} and reads the server-sent events as they arrive, with the
     * same resilience as {@link #chatCompletion} (an attempt that fails is retried from the start).
     *
     * <p>{@code onDelta} receives every non-empty content delta in order, on the OkHttp dispatcher thread that
     * reads the stream; it must be fast, must not block and should not throw (a throw cancels the call and fails
     * the future with that exception). A retried attempt streams its deltas again from the start. The returned
     * future completes on the same thread when the stream ends, with the whole text, the finish reason (null when
     * the stream was cut before any chunk carried one) and the usage of the last chunk (null when the server sent
     * none).
     *
     * @param request the request
     * @param onDelta receives the content deltas
     * @return a future of the whole answer; cancelling it cancels the call, also mid-stream; fails with the typed
     *     exceptions listed on this class (a chunk carrying an {@code error} object is a
     *     {@link GuardProtocolException})
     * @throws NullPointerException when an argument is null
     */
    public CompletableFuture<ChatAnswer> chatCompletionStream(ChatRequest request, Consumer<String> onDelta) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(onDelta, "onDelta");
        return unwrap(
                stream(request, Rendezvous.hash(defaultAffinityKey(request)), RailObserver.NONE, () -> onDelta, null));
    }

    /**
     * {@code POST {base}/v1/classify} with {@code {"input": TEXT}}: NemoGuard JailbreakDetect on a local NIM.
     *
     * @param input the text to classify, verbatim
     * @return a future of the classification's fields, for example {@code {"jailbreak": true, "score": 0.97}}
     * @throws NullPointerException when input is null
     */
    public CompletableFuture<ClassifyAnswer> classify(String input) {
        return classify(DEFAULT_CLASSIFY_PATH, input);
    }

    /**
     * {@code POST} {@code {"input": TEXT}} to a classification endpoint, with the resilience of
     * {@link #chatCompletion}.
     *
     * @param path a path below the base URL such as {@link #DEFAULT_CLASSIFY_PATH}, or a full {@code http(s)} URL
     *     such as {@code https://ai.api.nvidia.com/v1/security/nvidia/nemoguard-jailbreak-detect} (the hosted
     *     form, which needs an API key)
     * @param input the text to classify, verbatim
     * @return a future of the classification's fields
     * @throws NullPointerException when an argument is null
     * @throws ConfigurationException when path is not a valid path or URL
     */
    public CompletableFuture<ClassifyAnswer> classify(String path, String input) {
        Objects.requireNonNull(input, "input");
        url(path);
        return unwrap(send(new ClassifyRequest(input), path, Rendezvous.hash(path), RailObserver.NONE, null));
    }

    /**
     * One resilient guard call, for {@link NimRail}.
     *
     * @param request a chat or classify request
     * @param path the path (or full URL) it goes to
     * @param affinityHash {@link Rendezvous#hash(String)} of the prefix-affinity key
     * @param observer receives attempts and retries
     * @param encoder the rail's encoder of chat requests (same bytes as {@link WireFormat#encodeChat}), or null
     * @return a future that completes normally with the outcome; cancelling it cancels the call
     */
    CompletableFuture<Attempted<GuardAnswer>> send(
            GuardRequest request, String path, long affinityHash, RailObserver observer, PrefixedChatEncoder encoder) {
        return send(encode(request, encoder), request instanceof ChatRequest, path, affinityHash, observer);
    }

    /**
     * The body {@link #send} posts for a request.
     *
     * @param request a chat or classify request
     * @param encoder the rail's encoder of chat requests (same bytes as {@link WireFormat#encodeChat}), or null
     * @return the exact bytes sent
     */
    static byte[] encode(GuardRequest request, PrefixedChatEncoder encoder) {
        if (request instanceof ChatRequest) {
            ChatRequest chat = (ChatRequest) request;
            return encoder != null ? encoder.encode(chat) : WireFormat.encodeChat(chat, false);
        }
        return WireFormat.encodeClassify(((ClassifyRequest) request).input());
    }

    /**
     * One resilient guard call of a body already encoded by {@link #encode}.
     *
     * @param json the body
     * @param chat true for a chat completion, false for a classification
     * @param path the path (or full URL) it goes to
     * @param affinityHash {@link Rendezvous#hash(String)} of the prefix-affinity key
     * @param observer receives attempts and retries
     * @return a future that completes normally with the outcome; cancelling it cancels the call
     */
    CompletableFuture<Attempted<GuardAnswer>> send(
            byte[] json, boolean chat, String path, long affinityHash, RailObserver observer) {
        ResponseHandler<GuardAnswer> handler = chat ? CHAT_HANDLER : CLASSIFY_HANDLER;
        RequestBody body = RequestBody.create(json, JSON);
        return executor.execute(
                affinityHash,
                base -> http.execute(
                        new Request.Builder()
                                .url(url(base, path))
                                .headers(AttemptHeaders.of(observer, base))
                                .post(body)
                                .build(),
                        handler),
                observer);
    }

    /**
     * One resilient streamed chat completion, for {@link NimRail}'s early decision.
     *
     * @param request the request
     * @param affinityHash {@link Rendezvous#hash(String)} of the prefix-affinity key
     * @param observer receives attempts and retries
     * @param onDelta makes the delta consumer of each attempt (a retry starts reading from scratch)
     * @param encoder the rail's encoder of streamed chat requests (same bytes as {@link WireFormat#encodeChat}), or
     *     null
     * @return a future that completes normally with the outcome; cancelling it cancels the stream
     */
    CompletableFuture<Attempted<ChatAnswer>> stream(
            ChatRequest request,
            long affinityHash,
            RailObserver observer,
            Supplier<Consumer<String>> onDelta,
            PrefixedChatEncoder encoder) {
        byte[] json = encoder != null ? encoder.encode(request) : WireFormat.encodeChat(request, true);
        return executor.execute(
                affinityHash,
                base -> SseChatCall.start(
                        http.client(),
                        apiKey,
                        attemptTimeout(),
                        url(base, CHAT_COMPLETIONS_PATH),
                        AttemptHeaders.of(observer, base),
                        json,
                        onDelta.get()),
                observer);
    }

    private static final ResponseHandler<GuardAnswer> CHAT_HANDLER = (url, status, body) -> {
        if (status / 100 != 2) {
            throw NimHttp.statusFailure(url, status, body);
        }
        return WireFormat.decodeChatCompletion(url, body);
    };

    private static final ResponseHandler<GuardAnswer> CLASSIFY_HANDLER = (url, status, body) -> {
        if (status / 100 != 2) {
            throw NimHttp.statusFailure(url, status, body);
        }
        return WireFormat.decodeClassification(url, body);
    };

    /** The model and the start of the first message: for templated prompts, the fixed prefix. */
    private static String defaultAffinityKey(ChatRequest request) {
        String first = request.messages().get(0).content();
        return request.model() + "\n" + first.substring(0, Math.min(first.length(), 1024));
    }

    @SuppressWarnings("unchecked")
    private static <T> CompletableFuture<T> unwrap(CompletableFuture<? extends Attempted<?>> attempted) {
        LinkedFuture<T> out = new LinkedFuture<>();
        out.link(attempted);
        attempted.whenComplete((a, failure) -> {
            if (failure != null) {
                out.completeExceptionally(LinkedFuture.unwrap(failure));
            } else if (a.ok()) {
                out.complete((T) a.value());
            } else {
                out.completeExceptionally(a.error());
            }
        });
        return out;
    }

    /**
     * {@code GET {base}/v1/models}.
     *
     * @return a future of the served model ids, in the server's order; unmodifiable
     */
    public CompletableFuture<List<String>> models() {
        Request r = new Request.Builder().url(url(MODELS_PATH)).get().build();
        return http.execute(r, (url, status, body) -> {
            if (status / 100 != 2) {
                throw NimHttp.statusFailure(url, status, body);
            }
            return WireFormat.decodeModels(url, body);
        });
    }

    /**
     * {@code GET {base}/v1/health/ready}.
     *
     * @return a future of true for a 2xx answer, false for any other status (a NIM answers 503 while loading);
     *         fails with {@link GuardTransportException} or {@link GuardTimeoutException} when nothing answers
     */
    public CompletableFuture<Boolean> ready() {
        Request r = new Request.Builder().url(url(READY_PATH)).get().build();
        return http.execute(r, (url, status, body) -> status / 100 == 2);
    }

    private HttpUrl url(String path) {
        return url(baseUrl, path);
    }

    /** The URL of a path below an endpoint's base URL; the chat completions URLs are parsed once, up front. */
    private HttpUrl url(String base, String path) {
        if (CHAT_COMPLETIONS_PATH.equals(path)) {
            HttpUrl u = chatUrls.get(base);
            if (u != null) {
                return u;
            }
        }
        return parseUrl(base, path);
    }

    private static HttpUrl parseUrl(String base, String path) {
        Objects.requireNonNull(path, "path");
        String full;
        if (path.startsWith("http://") || path.startsWith("https://")) {
            full = path;
        } else {
            full = base + (path.startsWith("/") ? path : "/" + path);
        }
        HttpUrl url = HttpUrl.parse(full);
        if (url == null) {
            throw new ConfigurationException(
                    "not a valid URL: " + full + "; use a path such as /v1/classify or a full http(s) URL");
        }
        return url;
    }

    /**
     * Releases what this client created (see the class documentation): stops the health probes and shuts down an
     * owned OkHttp client; every check still running or waiting for a retry completes at once with a
     * {@link GuardUnavailableException} saying the client was closed (its calls and timers cancelled), and so does
     * every check started afterwards. A supplied OkHttp client or scheduler, and the shared scheduler, are left
     * running. Idempotent. Calls still running on an owned client are cancelled.
     */
    @Override
    public void close() {
        // first: end every check still running or waiting for a retry (cancelling its timers), and refuse new ones
        executor.closeAll("the NimClient was closed while the check was running or waiting for a "
                + "retry; checks on a closed client fail at once: build a new NimClient, and close it only after "
                + "its last check");
        if (probes != null) {
            probes.close();
        }
        if (ownsClient) {
            OkHttpClient client = http.client();
            client.dispatcher().cancelAll();
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /** Never prints the API key. */
    @Override
    public String toString() {
        return "NimClient{baseUrl" + (baseUrls.size() == 1 ? "=" + baseUrl : "s=" + baseUrls) + ", apiKey="
                + (apiKey == null ? "none" : "****")
                + ", attemptTimeout=" + attemptTimeout() + ", okHttpClient=" + (ownsClient ? "owned" : "borrowed")
                + ", resilience=" + resilience + '}';
    }

    static String normalize(String baseUrl) {
        String s = withoutUserInfo(baseUrl.strip());
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("/v1")) {
            s = s.substring(0, s.length() - 3);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /**
     * Drops {@code user:password@} from a URL: OkHttp never sends URL credentials, and a URL is printed in
     * {@code toString()}, error messages, logs and the CLI, so credentials must never be part of it.
     */
    private static String withoutUserInfo(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int authority = scheme + 3;
        int end = url.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = url.indexOf(c, authority);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        return at < authority ? url : url.substring(0, authority) + url.substring(at + 1);
    }

    /**
     * Builds a {@link NimClient}. Mutable and not thread safe; {@link #build()} copies its state.
     */
    public static final class Builder {
        private String baseUrl;
        private List<String> baseUrls;
        private ResilienceConfig resilience = ResilienceConfig.ofDefaults();
        private ScheduledExecutorService scheduler;
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoTime = System::nanoTime;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private String apiKey;
        private OkHttpClient okHttpClient;
        private Duration connectTimeout;
        private Duration readTimeout;
        private Duration attemptTimeout;
        private final Map<String, Integer> perUrlLimits = new LinkedHashMap<>();

        private Builder() {}

        /**
         * The NIM's base URL, with or without a trailing {@code /} or {@code /v1}: {@code http://127.0.0.1:8000},
         * {@code https://integrate.api.nvidia.com/v1}. Required.
         *
         * @param baseUrl an {@code http} or {@code https} URL without a query or a fragment ({@link #build()} rejects
         *     them); user info ({@code user:password@}) is dropped, never sent nor printed: use
         *     {@link #apiKey(String)}
         * @return this
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            this.baseUrls = null;
            return this;
        }

        /**
         * Several endpoints serving the same model: NIM replicas, for example one URL per pod of a Kubernetes
         * Deployment (through a headless Service). Each endpoint gets its own circuit breaker, concurrency limit and
         * retry budget. A request prefers one replica by rendezvous hashing of its prompt prefix (so each replica's
         * prefix cache stays hot), skips replicas whose breaker is open or whose last readiness probe failed, and a
         * retry goes to the next healthy replica. Replaces {@link #baseUrl(String)}; the first URL is
         * {@link NimClient#baseUrl()}. Default: none (set this or {@code baseUrl}).
         *
         * @param baseUrls one or more distinct http(s) base URLs, each as {@link #baseUrl(String)} takes it
         * @return this
         */
        public Builder baseUrls(List<String> baseUrls) {
            this.baseUrls = baseUrls == null ? null : new ArrayList<>(baseUrls);
            this.baseUrl = null;
            return this;
        }

        /**
         * Retries, deadline, circuit breakers, concurrency limits and health probes. Default
         * {@link ResilienceConfig#ofDefaults()}; {@link ResilienceConfig#disabled()} makes one attempt per call.
         *
         * @param resilience the settings
         * @return this
         */
        public Builder resilience(ResilienceConfig resilience) {
            this.resilience = Objects.requireNonNull(resilience, "resilience");
            return this;
        }

        /**
         * The scheduler that runs retry waits, check deadlines and health probes. Borrowed: never shut down by
         * {@link NimClient#close()}; its tasks are short (they start an HTTP call or complete a future, and
         * continuations of a check that failed on its deadline run there), so one thread serves many clients.
         * Default: none; the client uses the one daemon scheduler thread shared by every such client (named
         * {@code guardrails4j-nim-scheduler}, created on first use, never shut down; {@code close()} cancels the
         * client's own tasks), so unclosed clients do not each keep a thread.
         *
         * @param scheduler the host's scheduler, or null to let the client own one
         * @return this
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** Test seam: the wall clock of breakers and {@code Retry-After} dates. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Test seam: the monotonic clock of deadlines and retry budgets. */
        Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /** Test seam: uniform values in [0, 1) for backoff jitter. */
        Builder random(DoubleSupplier random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        private List<String> rawBaseUrls() {
            if (baseUrls != null) {
                return baseUrls;
            }
            return baseUrl == null ? List.of() : Collections.singletonList(baseUrl);
        }

        List<String> normalizedBaseUrls() {
            return rawBaseUrls().stream().map(NimClient::normalize).toList();
        }

        /** The per-URL limits keyed by normalised URL. */
        Map<String, Integer> normalizedPerUrlLimits() {
            Map<String, Integer> out = new LinkedHashMap<>();
            perUrlLimits.forEach((u, calls) -> out.put(normalize(u), calls));
            return Map.copyOf(out);
        }

        /** The limit an endpoint is configured with: a fixed one, 0 for none, or AUTO. */
        private int configuredLimit(String normalizedUrl, Map<String, Integer> perUrl) {
            return perUrl.getOrDefault(normalizedUrl, resilience.maxConcurrentCallsPerEndpoint());
        }

        /**
         * The most concurrent calls the endpoints' limits allow to one host (OkHttp limits per host name, not port).
         *
         * @param autoCeiling what an auto-sized limit counts for, or 0 to count only fixed limits
         */
        int limitCallsPerHost(int autoCeiling) {
            Map<String, Integer> perUrl = normalizedPerUrlLimits();
            Map<String, Integer> perHost = new HashMap<>();
            for (String u : normalizedBaseUrls()) {
                int limit = configuredLimit(u, perUrl);
                int counted = limit == ResilienceConfig.AUTO_CONCURRENCY_LIMIT ? autoCeiling : limit;
                HttpUrl url = HttpUrl.parse(u);
                if (url != null && counted > 0) {
                    perHost.merge(url.host(), counted, Integer::sum);
                }
            }
            return perHost.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        /**
         * The concurrency limit of one endpoint, overriding {@link ResilienceConfig#maxConcurrentCallsPerEndpoint()}
         * for it: for example a gateway URL (a Kubernetes Service, an inference gateway) in front of many replicas,
         * whose limit should be the fleet's, not one replica's (see {@code docs/scaling.md}). Calls over it wait in
         * the endpoint's queue within the check's timeout, as {@link ResilienceConfig.Builder#maxConcurrentCallsPerEndpoint(int)}
         * describes. On a supplied OkHttp client the dispatcher must allow it ({@link #build()} checks); an owned
         * client is sized to it. Default: none (the {@code ResilienceConfig} value applies).
         *
         * @param baseUrl one of the base URLs, as given to {@link #baseUrl(String)} or {@link #baseUrls(List)} (it is
         *     normalised the same way)
         * @param calls 0 (no limit) or 1 to 100000, or {@link ResilienceConfig#AUTO_CONCURRENCY_LIMIT}
         * @return this
         */
        public Builder maxConcurrentCalls(String baseUrl, int calls) {
            perUrlLimits.put(Objects.requireNonNull(baseUrl, "baseUrl"), calls);
            return this;
        }

        /**
         * The API key sent as {@code Authorization: Bearer KEY} (hosted API: env {@code NVIDIA_API_KEY}). Default:
         * none, and no {@code Authorization} header is sent (a local NIM needs none).
         *
         * @param apiKey the key, or null or blank for none
         * @return this
         */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            return this;
        }

        /**
         * An OkHttp client to make calls with. Borrowed: used as given (its dispatcher, pool, interceptors) and
         * never shut down by {@link NimClient#close()}. Size its dispatcher for parallel rails
         * ({@code maxRequestsPerHost}, OkHttp's default 5, queues silently) and turn off its
         * {@code retryOnConnectionFailure} to keep one retry layer (OkHttp also repeats a 503 that carries
         * {@code Retry-After: 0} once by itself; the client the NimClient owns prevents that with a network
         * interceptor, a borrowed one is left as it is). Also build it with {@code followRedirects(false)} and
         * {@code followSslRedirects(false)}: a guard call never follows a redirect, and an answer that arrives after
         * one (OkHttp's default follows them) is refused as a {@code GuardProtocolException}, but by then the
         * request has gone to the redirect's target. When {@link #connectTimeout(Duration)} or
         * {@link #readTimeout(Duration)} is set, a derived client ({@code newBuilder()}) sharing its dispatcher and
         * pool is used. Default: none; the NimClient builds and owns one with {@link #DEFAULT_MAX_REQUESTS_PER_HOST}
         * calls per host, {@link #DEFAULT_MAX_REQUESTS} overall, a pool of {@link #DEFAULT_MAX_REQUESTS_PER_HOST}
         * idle connections and no silent retries.
         *
         * @param okHttpClient the host's client, or null to let the NimClient own one
         * @return this
         */
        public Builder okHttpClient(OkHttpClient okHttpClient) {
            this.okHttpClient = okHttpClient;
            return this;
        }

        /**
         * Connect timeout per attempt. Default {@link #DEFAULT_CONNECT_TIMEOUT} (2 s) on an owned client; a supplied
         * client keeps its own unless this is set. {@code Duration.ZERO} means no timeout.
         *
         * @param timeout non-negative
         * @return this
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Read (and write) timeout: the longest silence between two reads of one attempt. Default
         * {@link #DEFAULT_READ_TIMEOUT} (10 s) on an owned client; a supplied client keeps its own unless this is
         * set. {@code Duration.ZERO} means no timeout.
         *
         * @param timeout non-negative
         * @return this
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /**
         * The budget of one HTTP attempt, from DNS and connect to the last byte of the body; when it runs out the
         * call is cancelled and the future fails with {@link GuardTimeoutException}. Always applied, to supplied
         * clients too (per call). Default {@link #DEFAULT_ATTEMPT_TIMEOUT} (10 s). {@code Duration.ZERO} means no
         * timeout (not recommended: a hung guard would hold the check).
         *
         * @param timeout non-negative
         * @return this
         */
        public Builder attemptTimeout(Duration timeout) {
            this.attemptTimeout = timeout;
            return this;
        }

        /**
         * Returns the client.
         *
         * @return the client
         * @throws ConfigurationException when the base URL is missing or not an http(s) URL, or a timeout is
         *         negative
         */
        public NimClient build() {
            List<String> raw = rawBaseUrls();
            if (raw.isEmpty()) {
                throw new ConfigurationException("NimClient needs a base URL, for example http://127.0.0.1:8000 or "
                        + "https://integrate.api.nvidia.com/v1; set it with baseUrl(...) or baseUrls(...)");
            }
            for (String u : raw) {
                if (u == null || u.isBlank()) {
                    throw new ConfigurationException("NimClient needs a base URL, for example http://127.0.0.1:8000 "
                            + "or https://integrate.api.nvidia.com/v1; set it with baseUrl(...) or baseUrls(...)");
                }
                HttpUrl parsed = HttpUrl.parse(normalize(u));
                if (parsed == null) {
                    throw new ConfigurationException("the base URL '" + redactedForMessage(u)
                            + "' is not an http(s) URL; use for example http://127.0.0.1:8000");
                }
                if (parsed.encodedQuery() != null || parsed.encodedFragment() != null) {
                    throw new ConfigurationException("the base URL " + NimHttp.redacted(parsed)
                            + " has a query or a fragment ('?...' or '#...', not shown), which would end up around the "
                            + "API path; give the scheme, host, port and path prefix only, for example "
                            + "http://127.0.0.1:8000 or https://integrate.api.nvidia.com/v1");
                }
            }
            List<String> normalized = normalizedBaseUrls();
            if (new HashSet<>(normalized).size() != normalized.size()) {
                throw new ConfigurationException(
                        "baseUrls lists the same endpoint twice: " + normalized + "; list each NIM replica once");
            }
            checkTimeout("connectTimeout", connectTimeout);
            checkTimeout("readTimeout", readTimeout);
            checkTimeout("attemptTimeout", attemptTimeout);
            Map<String, Integer> perUrl = normalizedPerUrlLimits();
            for (Map.Entry<String, Integer> e : perUrl.entrySet()) {
                if (!normalized.contains(e.getKey())) {
                    throw new ConfigurationException("maxConcurrentCalls names " + e.getKey() + ", which is not one "
                            + "of the base URLs " + normalized + "; give the limit of a configured endpoint");
                }
                int calls = e.getValue();
                if (calls < ResilienceConfig.AUTO_CONCURRENCY_LIMIT || calls > 100_000) {
                    throw new ConfigurationException("maxConcurrentCalls of " + e.getKey() + " must be 0 (no limit), "
                            + "1 to 100000, or ResilienceConfig.AUTO_CONCURRENCY_LIMIT; got " + calls);
                }
            }
            int perHost = limitCallsPerHost(0);
            if (okHttpClient != null && perHost > okHttpClient.dispatcher().getMaxRequestsPerHost()) {
                throw new ConfigurationException("the supplied OkHttpClient's dispatcher allows "
                        + okHttpClient.dispatcher().getMaxRequestsPerHost() + " concurrent calls per host, but the "
                        + "concurrency limits of this client's endpoints allow " + perHost + " to one host "
                        + "(maxConcurrentCallsPerEndpoint " + resilience.maxConcurrentCallsPerEndpoint()
                        + ", per URL " + perUrl + "); calls over the dispatcher's limit would queue silently inside "
                        + "OkHttp. Raise "
                        + "dispatcher.setMaxRequestsPerHost(" + perHost + ") (and size its ConnectionPool to match) or "
                        + "lower ResilienceConfig.maxConcurrentCallsPerEndpoint");
            }
            if (okHttpClient != null && perHost > okHttpClient.dispatcher().getMaxRequests()) {
                throw new ConfigurationException("the supplied OkHttpClient's dispatcher allows "
                        + okHttpClient.dispatcher().getMaxRequests() + " concurrent calls in all, fewer than the "
                        + perHost + " the endpoints' concurrency limits allow to one host; raise "
                        + "dispatcher.setMaxRequests or lower ResilienceConfig.maxConcurrentCallsPerEndpoint");
            }
            return new NimClient(this);
        }

        private static String redactedForMessage(String url) {
            int at = url.indexOf('@');
            return at < 0 ? url : "(credentials hidden)" + url.substring(at);
        }

        private static void checkTimeout(String name, Duration d) {
            if (d != null && d.isNegative()) {
                throw new ConfigurationException(name + " must be >= 0 (0 means none), got " + d);
            }
        }
    }
}
