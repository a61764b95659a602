package io.github.guardrails4j.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.JailbreakDetectionRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.nim.resilience.EndpointLoad;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The load figures of the per-endpoint concurrency queue (issue 10 item 15), in {@code docs/reliability.md}:
 *
 * <ol>
 *   <li>Three input rails (content safety, topic control, jailbreak detection) on one {@link NimSimulator} with the
 *       realistic latency model, default {@link ResilienceConfig}: N checks at concurrency 8, 32, 128 and 512;
 *       outcomes (blocked as UNAVAILABLE must be 0 at 8 and 32), p50/p99 of a check, and the most requests the
 *       simulator served at once.</li>
 *   <li>Four simulator replicas, each limited to 32 concurrent requests (HTTP 429 over it), behind one URL (a
 *       round-robin proxy in this process): N checks at concurrency 128, with the default limit and with a per-URL
 *       limit sized for the fleet plus AIMD adaptation.</li>
 * </ol>
 *
 * <p>Run: {@code java -cp guardrails-benchmarks/target/benchmarks.jar
 * io.github.guardrails4j.benchmarks.EndpointQueueLoad [checks]} (default 2000 checks per row).
 */
public final class EndpointQueueLoad {
    private static final String GUIDELINES =
            "You are a customer service assistant of a bakery. Answer questions about bread, flour, baking and "
                    + "orders. Decline anything else.";
    private static final int REPLICAS = 4;
    private static final int REPLICA_LIMIT = 32;

    private EndpointQueueLoad() {}

    /**
     * Runs both parts and prints one table row per run.
     *
     * @param args optional: checks per row (default 2000)
     * @throws Exception on a setup failure
     */
    public static void main(String[] args) throws Exception {
        int checks = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        PrintStream out = System.out;
        out.println("| Setup | Concurrency | Checks | Allowed | Blocked UNAVAILABLE | Blocked TIMEOUT | Other blocked "
                + "| p50 ms | p99 ms | Client limit | NIM max concurrency | Wall s |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        try (NimSimulator sim = NimSimulator.builder()
                .latency(LatencyModel.realistic())
                .recordedRequestLimit(0)
                .start()) {
            for (int concurrency : new int[] {8, 32, 128, 512}) {
                try (NimClient client =
                        NimClient.builder().baseUrl(sim.baseUrl()).build()) {
                    sim.resetMaxObservedConcurrency();
                    Row row = run(client, checks, concurrency);
                    out.println(row.format("1 simulator, 3 rails, defaults", sim.maxObservedConcurrency()));
                }
            }
        }
        List<NimSimulator> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < REPLICAS; i++) {
                replicas.add(NimSimulator.builder()
                        .latency(LatencyModel.realistic())
                        .maxConcurrentRequests(REPLICA_LIMIT)
                        .recordedRequestLimit(0)
                        .start());
            }
            try (RoundRobinProxy proxy = new RoundRobinProxy(replicas)) {
                String url = proxy.baseUrl();
                try (NimClient client = NimClient.builder().baseUrl(url).build()) {
                    Row row = run(client, checks, 128);
                    out.println(row.format(
                            "4 replicas x 32 behind 1 URL, defaults", maxOver(replicas), proxy.rejected.get()));
                }
                replicas.forEach(NimSimulator::resetMaxObservedConcurrency);
                proxy.rejected.set(0);
                int fleet = REPLICAS * REPLICA_LIMIT * 3 / 4;
                try (NimClient client = NimClient.builder()
                        .baseUrl(url)
                        .maxConcurrentCalls(url, fleet)
                        .resilience(ResilienceConfig.builder()
                                .adaptiveConcurrency(true)
                                .build())
                        .build()) {
                    Row row = run(client, checks, 128);
                    out.println(row.format(
                            "4 replicas x 32 behind 1 URL, maxConcurrentCalls(url, " + fleet + "), adaptive",
                            maxOver(replicas),
                            proxy.rejected.get()));
                }
            }
        } finally {
            replicas.forEach(NimSimulator::close);
        }
    }

    private static String maxOver(List<NimSimulator> replicas) {
        int max = 0;
        for (NimSimulator r : replicas) {
            max = Math.max(max, r.maxObservedConcurrency());
        }
        return String.valueOf(max) + " per replica";
    }

    private static Row run(NimClient client, int checks, int concurrency) throws InterruptedException {
        Guardrails guardrails = Guardrails.builder()
                .rail(ContentSafetyRail.input(client).build())
                .rail(TopicControlRail.builder(client).guidelines(GUIDELINES).build())
                .rail(JailbreakDetectionRail.builder(client).build())
                .unguarded(RailDirection.OUTPUT)
                .build();
        AtomicLongArray latency = new AtomicLongArray(checks);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(checks);
        long t0 = System.nanoTime();
        for (int i = 0; i < checks; i++) {
            inFlight.acquire();
            int id = i;
            long start = System.nanoTime();
            guardrails
                    .checkInput("How long should I knead a whole wheat bread dough? (order " + id + ")")
                    .whenComplete((result, failure) -> {
                        latency.set(id, System.nanoTime() - start);
                        outcomes.merge(LoadTest.describe(result, failure), 1, Integer::sum);
                        inFlight.release();
                        done.countDown();
                    });
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("checks hung: " + done.getCount() + " not done");
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        long[] sorted = new long[checks];
        for (int i = 0; i < checks; i++) {
            sorted[i] = latency.get(i);
        }
        Arrays.sort(sorted);
        EndpointLoad load = client.endpointLoad().get(0);
        return new Row(concurrency, checks, new TreeMap<>(outcomes), sorted, load.limit(), wall);
    }

    private record Row(
            int concurrency, int checks, Map<String, Integer> outcomes, long[] sorted, int limit, double wall) {
        String format(String setup, int nimMax) {
            return format(setup, String.valueOf(nimMax));
        }

        String format(String setup, String nimMax, int rejected) {
            return format(setup, nimMax + ", " + rejected + " answered 429");
        }

        String format(String setup, String nimMax) {
            int allowed = outcomes.getOrDefault("SAFE", 0);
            int unavailable = outcomes.getOrDefault("ERROR UNAVAILABLE", 0);
            int timeout = outcomes.getOrDefault("ERROR TIMEOUT", 0);
            int other = checks - allowed - unavailable - timeout;
            return String.format(
                    Locale.ROOT,
                    "| %s | %d | %d | %d | %d | %d | %d%s | %.1f | %.1f | %d | %s | %.1f |",
                    setup,
                    concurrency,
                    checks,
                    allowed,
                    unavailable,
                    timeout,
                    other,
                    other == 0 ? "" : " " + outcomes,
                    LoadTest.percentileMicros(sorted, 0.50) / 1000.0,
                    LoadTest.percentileMicros(sorted, 0.99) / 1000.0,
                    limit,
                    nimMax,
                    wall);
        }
    }

    /** A round-robin reverse proxy on loopback: one URL in front of the replicas, as a Kubernetes Service is. */
    private static final class RoundRobinProxy implements AutoCloseable {
        private final List<NimSimulator> replicas;
        private final HttpServer server;
        private final ExecutorService pool = Executors.newFixedThreadPool(512);
        private final OkHttpClient http = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(512, 5, TimeUnit.MINUTES))
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .readTimeout(Duration.ofSeconds(60))
                .build();
        private final AtomicInteger next = new AtomicInteger();
        final AtomicInteger rejected = new AtomicInteger();

        RoundRobinProxy(List<NimSimulator> replicas) throws IOException {
            this.replicas = replicas;
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            server.createContext("/", this::forward);
            server.setExecutor(pool);
            server.start();
        }

        String baseUrl() {
            return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                    + server.getAddress().getPort();
        }

        private void forward(HttpExchange exchange) throws IOException {
            try (exchange) {
                NimSimulator target = replicas.get(Math.floorMod(next.getAndIncrement(), replicas.size()));
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                String method = exchange.getRequestMethod();
                Request request = new Request.Builder()
                        .url(target.baseUrl() + exchange.getRequestURI())
                        .method(
                                method,
                                "GET".equals(method)
                                        ? null
                                        : RequestBody.create(body, type == null ? null : MediaType.parse(type)))
                        .build();
                int status;
                byte[] bytes;
                String contentType;
                String retryAfter;
                try (Response response = http.newCall(request).execute()) {
                    status = response.code();
                    bytes = response.body().bytes();
                    contentType = response.header("Content-Type");
                    retryAfter = response.header("Retry-After");
                }
                if (status == 429) {
                    rejected.incrementAndGet();
                }
                if (contentType != null) {
                    exchange.getResponseHeaders().set("Content-Type", contentType);
                }
                if (retryAfter != null) {
                    exchange.getResponseHeaders().set("Retry-After", retryAfter);
                }
                exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(bytes);
                    }
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
            pool.shutdownNow();
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
