package io.github.guardrails4j.nim.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.faults.FaultBodies;
import io.github.guardrails4j.nim.faults.FaultCase;
import io.github.guardrails4j.nim.faults.FaultServer;
import io.github.guardrails4j.nim.faults.RailUnderTest;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A canary API key forced through every error path never shows up in an exception (message, toString, cause and
 * suppressed chain), a verdict, a guard result, the client's toString or the log (captured at TRACE); user content
 * is never logged above DEBUG; a host's OkHttpClient is used as given and never shut down (docs/security.md).
 */
class SecretsTest {
    static final String CANARY = "nvapi-CANARY-3b1f9c0e7d5a4f2e8c6b0a9d1e7f3c5b";
    /** A marker inside the user's message, to find user content in logs. */
    static final String USER_MARKER = "USER-PII-5d41402abc4b2a76";

    static final Path LOG = Path.of("target", "test-log.txt");
    private static final Pattern RECORD = Pattern.compile("^\\[(TRACE|DEBUG|INFO|WARN|ERROR)\\] ");

    @BeforeAll
    static void warmUp() {
        FaultServer.warmUp();
    }

    static Stream<Arguments> railsTimesFaults() {
        return Stream.of(FaultCase.values())
                .flatMap(f -> Stream.of(RailUnderTest.values()).map(r -> Arguments.of(r, f)));
    }

    private static NimClient canaryClient(String baseUrl) {
        // One attempt keeps the suite fast; retries' suppressed failures are checked in the resilience tests.
        return NimClient.builder()
                .baseUrl(baseUrl)
                .apiKey(CANARY)
                .attemptTimeout(Duration.ofMillis(500))
                .resilience(ResilienceConfig.disabled())
                .build();
    }

    private static long logSize() throws IOException {
        return Files.exists(LOG) ? Files.size(LOG) : 0;
    }

    /** The log written since {@code from}, as records: each starts with its level, stack traces included. */
    private static List<String> logSince(long from) throws IOException {
        byte[] all = Files.exists(LOG) ? Files.readAllBytes(LOG) : new byte[0];
        String text = new String(
                all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8);
        List<String> records = new ArrayList<>();
        StringBuilder current = null;
        // Split before each record's level: the suite runs with a foreign line.separator (which can be empty).
        for (String line : text.split("\\r?\\n|(?=\\[(TRACE|DEBUG|INFO|WARN|ERROR)\\] )")) {
            if (RECORD.matcher(line).find()) {
                if (current != null) {
                    records.add(current.toString());
                }
                current = new StringBuilder(line);
            } else if (current != null) {
                current.append('\n').append(line);
            }
        }
        if (current != null) {
            records.add(current.toString());
        }
        return records;
    }

    private static String stackTraceText(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** Message, localized message and toString of every throwable in the cause and suppressed chain. */
    private static void assertNoCanaryInChain(Throwable t, List<Throwable> seen) {
        if (t == null || seen.stream().anyMatch(s -> s == t)) {
            return;
        }
        seen.add(t);
        assertFalse(String.valueOf(t.getMessage()).contains(CANARY), () -> "message of " + t.getClass());
        assertFalse(String.valueOf(t.getLocalizedMessage()).contains(CANARY), () -> "message of " + t.getClass());
        assertFalse(t.toString().contains(CANARY), () -> "toString of " + t.getClass());
        assertNoCanaryInChain(t.getCause(), seen);
        for (Throwable s : t.getSuppressed()) {
            assertNoCanaryInChain(s, seen);
        }
    }

    private static void assertNoCanary(Verdict v, GuardResult result, NimClient client) {
        v.error().ifPresent(e -> {
            assertNoCanaryInChain(e, new ArrayList<>());
            assertFalse(stackTraceText(e).contains(CANARY), "printed stack trace");
        });
        assertFalse(v.toString().contains(CANARY), "Verdict.toString");
        assertFalse(v.rawOutput().orElse("").contains(CANARY), "Verdict.rawOutput");
        assertFalse(result.toString().contains(CANARY), "GuardResult.toString");
        assertFalse(client.toString().contains(CANARY), "NimClient.toString");
    }

    private static CompletableFuture<GuardResult> guard(RailUnderTest rail, Rail built, String user) {
        Guardrails g = Guardrails.builder().rail(built).build();
        return rail == RailUnderTest.CONTENT_SAFETY_OUTPUT
                ? g.checkOutput(user, RailUnderTest.BOT_RESPONSE)
                : g.checkInput(user);
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("railsTimesFaults")
    void canaryKeyNeverLeaksOnAnyErrorPath(RailUnderTest rail, FaultCase fault) throws Exception {
        long logStart = logSize();
        String user = RailUnderTest.USER_MESSAGE + " " + USER_MARKER;
        try (FaultServer server = FaultServer.start(fault, rail);
                NimClient client = canaryClient(server.baseUrl())) {
            Rail built = rail.build(client);
            Verdict v = built.check(rail.request()).get(5, TimeUnit.SECONDS);
            GuardResult result = guard(rail, built, user).get(5, TimeUnit.SECONDS);
            assertNotEquals(Outcome.SAFE, v.outcome());
            assertTrue(result.blocked(), "every fault blocks a fail-closed rail");
            assertNoCanary(v, result, client);
            assertFalse(built.toString().contains(CANARY), "Rail.toString");
        }
        assertLogClean(logSince(logStart));
    }

    private static void assertLogClean(List<String> records) {
        for (String r : records) {
            assertFalse(r.contains(CANARY), () -> "the API key was logged: " + r);
            Matcher m = RECORD.matcher(r);
            assertTrue(m.find());
            boolean aboveDebug = !m.group(1).equals("TRACE") && !m.group(1).equals("DEBUG");
            if (aboveDebug) {
                assertFalse(r.contains(USER_MARKER), () -> "user content logged at " + m.group(1) + ": " + r);
            }
        }
    }

    @Test
    void logCaptureSeesTraceAndTheClientsFailureLines() throws Exception {
        long logStart = logSize();
        LoggerFactory.getLogger(SecretsTest.class).trace("capture probe");
        try (FaultServer server = FaultServer.start(FaultCase.CONNECTION_REFUSED, RailUnderTest.JAILBREAK_DETECTION);
                NimClient client = canaryClient(server.baseUrl())) {
            RailUnderTest.JAILBREAK_DETECTION
                    .build(client)
                    .check(RailUnderTest.JAILBREAK_DETECTION.request())
                    .get(5, TimeUnit.SECONDS);
        }
        List<String> records = logSince(logStart);
        assertTrue(
                records.stream().anyMatch(r -> r.startsWith("[TRACE] ") && r.contains("capture probe")),
                "slf4j-simple writes TRACE to " + LOG + ": " + records);
        assertTrue(
                records.stream().anyMatch(r -> r.startsWith("[DEBUG] ") && r.contains("guard call to")),
                "the client's failure line is captured: " + records);
    }

    /** Servers and proxies that echo the request's Authorization header back in their answer. */
    static Stream<Arguments> echoingServers() {
        return Stream.of(
                Arguments.of(
                        "401 echoing the header", 401, "application/json", "{\"detail\":\"invalid credentials: %s\"}"),
                Arguments.of(
                        "400 context length echoing the header",
                        400,
                        "application/json",
                        FaultBodies.CONTEXT_LENGTH_400.replace("\"type\"", "\"auth\":\"%s\",\"type\"")),
                Arguments.of("500 echoing the header", 500, "text/plain", "upstream failed; request headers: %s"),
                Arguments.of(
                        "200 HTML echoing the header",
                        200,
                        "text/html",
                        "<html><body>Debug: Authorization=%s</body></html>"),
                Arguments.of(
                        "200 wrong JSON echoing the header",
                        200,
                        "application/json",
                        "{\"error\":{\"authorization\":\"%s\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("echoingServers")
    void keyEchoedByTheServerIsRedactedFromErrors(String name, int status, String contentType, String body)
            throws Exception {
        long logStart = logSize();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    String auth = request.getHeaders().get("Authorization");
                    authorizations.add(auth);
                    return new MockResponse.Builder()
                            .code(status)
                            .addHeader("Content-Type", contentType)
                            .body(String.format(Locale.ROOT, body, auth))
                            .build();
                }
            });
            server.start(InetAddress.getLoopbackAddress(), 0);
            try (NimClient client = canaryClient("http://127.0.0.1:" + server.getPort())) {
                for (RailUnderTest rail : RailUnderTest.values()) {
                    Rail built = rail.build(client);
                    Verdict v = built.check(rail.request()).get(5, TimeUnit.SECONDS);
                    assertEquals(Outcome.ERROR, v.outcome(), () -> rail + ": " + v);
                    GuardResult result =
                            guard(rail, built, RailUnderTest.USER_MESSAGE).get(5, TimeUnit.SECONDS);
                    assertNoCanary(v, result, client);
                }
            }
        }
        assertEquals("Bearer " + CANARY, authorizations.get(0), "the key was sent, and echoed");
        assertLogClean(logSince(logStart));
    }

    @Test
    void nimClientToStringNeverShowsTheKey() {
        try (NimClient c = canaryClient("http://127.0.0.1:9")) {
            assertTrue(c.hasApiKey());
            assertFalse(c.toString().contains(CANARY));
            assertFalse(c.toString().contains("CANARY"));
            NimClient derived =
                    c.newBuilder().attemptTimeout(Duration.ofSeconds(1)).build();
            assertFalse(derived.toString().contains(CANARY));
        }
    }

    @Test
    void hostOkHttpClientIsUsedAsGivenAndNeverShutDown() throws Exception {
        List<Request> seen = new CopyOnWriteArrayList<>();
        okhttp3.Dispatcher hostDispatcher = new okhttp3.Dispatcher();
        // Sized for the default per-endpoint concurrency limit, as NimClient's builder requires.
        hostDispatcher.setMaxRequestsPerHost(ResilienceConfig.DEFAULT_MIN_CONCURRENT_CALLS_PER_ENDPOINT);
        OkHttpClient host = new OkHttpClient.Builder()
                .retryOnConnectionFailure(false)
                .dispatcher(hostDispatcher)
                .addInterceptor(chain -> {
                    seen.add(chain.request());
                    return chain.proceed(chain.request());
                })
                .build();
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse.Builder()
                            .code(200)
                            .addHeader("Content-Type", "application/json")
                            .body(RailUnderTest.JAILBREAK_DETECTION.safeBody())
                            .build();
                }
            });
            server.start(InetAddress.getLoopbackAddress(), 0);
            String url = "http://127.0.0.1:" + server.getPort();
            NimClient borrowed = NimClient.builder()
                    .baseUrl(url)
                    .apiKey(CANARY)
                    .okHttpClient(host)
                    .build();
            // A derived OkHttp client (own read timeout) shares the host's dispatcher, pool and interceptors.
            NimClient derived = NimClient.builder()
                    .baseUrl(url)
                    .okHttpClient(host)
                    .readTimeout(Duration.ofSeconds(3))
                    .build();
            assertFalse(borrowed.ownsOkHttpClient());
            assertFalse(derived.ownsOkHttpClient());
            RailUnderTest rail = RailUnderTest.JAILBREAK_DETECTION;
            assertEquals(
                    Outcome.SAFE,
                    rail.build(borrowed)
                            .check(rail.request())
                            .get(5, TimeUnit.SECONDS)
                            .outcome());
            assertEquals(
                    Outcome.SAFE,
                    rail.build(derived)
                            .check(rail.request())
                            .get(5, TimeUnit.SECONDS)
                            .outcome());
            assertEquals(2, seen.size(), "the host's interceptor sees every call");
            assertEquals("Bearer " + CANARY, seen.get(0).header("Authorization"));
            borrowed.close();
            derived.close();
            assertFalse(host.dispatcher().executorService().isShutdown(), "the host's executor is not shut down");
            assertEquals(
                    "still accepts work",
                    host.dispatcher()
                            .executorService()
                            .submit(() -> "still accepts work")
                            .get(5, TimeUnit.SECONDS));
            // and the host's client still makes calls
            try (okhttp3.Response r = host.newCall(
                            new Request.Builder().url(url + "/v1/health/ready").build())
                    .execute()) {
                assertEquals(200, r.code());
            }
            assertEquals(3, seen.size());
        } finally {
            host.dispatcher().executorService().shutdown();
            host.connectionPool().evictAll();
        }
    }
}
