package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The canary key and URL credentials never appear in messages or {@code toString()}, on every path: plain,
 * streamed (early decision), an answer that echoes the key, and a base URL with user info.
 */
class SecretsEveryPathTest extends NimServerTest {
    private static final String KEY = NimClientTest.CANARY;
    private static final String PASSWORD = "hunter2-CANARY";

    private static String echo401() {
        return "{\"status\":401,\"title\":\"Unauthorized\",\"detail\":\"bad header Authorization: Bearer " + KEY
                + "\"}";
    }

    private static List<String> texts(Verdict v) {
        List<String> out = new ArrayList<>();
        out.add(v.toString());
        Throwable t = v.error().orElse(null);
        collect(t, out);
        return out;
    }

    private static void collect(Throwable t, List<String> out) {
        if (t == null) {
            return;
        }
        out.add(String.valueOf(t.getMessage()));
        out.add(t.toString());
        for (Throwable s : t.getSuppressed()) {
            collect(s, out);
        }
        collect(t.getCause(), out);
    }

    private static void assertClean(List<String> texts, String secret) {
        for (String t : texts) {
            assertFalse(t.contains(secret), "leaked: " + t);
        }
    }

    @Test
    void anEchoedKeyIsMaskedOnThePlainAndTheStreamedPath() {
        NimClient keyed = clientBuilder().apiKey(KEY).build();
        for (boolean early : new boolean[] {false, true}) {
            server.enqueue(Nim.json(401, echo401()));
            Verdict v = ContentSafetyRail.input(keyed)
                    .earlyDecision(early)
                    .build()
                    .check(RailRequest.ofInput("hello"))
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            assertEquals(Outcome.ERROR, v.outcome());
            assertEquals(ErrorReason.HTTP_STATUS, v.errorReason().orElseThrow(), v::toString);
            List<String> texts = texts(v);
            assertClean(texts, KEY);
            assertTrue(
                    texts.stream()
                            .anyMatch(t ->
                                    t.contains("Bearer " + io.github.guardrails4j.nim.internal.NimHttp.REDACTED_KEY)),
                    () -> "early=" + early + ": " + texts);
        }
        keyed.close();
    }

    @Test
    void urlUserInfoIsNeverPrinted() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        List<String> texts = new ArrayList<>();
        for (String base : List.of(
                "http://guard:" + PASSWORD + "@" + server.getHostName() + ":" + server.getPort(),
                "http://guard:" + PASSWORD + "@127.0.0.1:" + closedPort)) {
            try (NimClient c = NimClient.builder()
                    .baseUrl(base)
                    .resilience(ResilienceConfig.ofDefaults().toBuilder()
                            .maxAttempts(1)
                            .build())
                    .build()) {
                texts.add(c.toString());
                texts.add(c.baseUrl());
                texts.add(c.baseUrls().toString());
                NimRail rail = ContentSafetyRail.input(c).build();
                texts.add(rail.toString());
                server.enqueue(Nim.json(503, "{\"detail\":\"down\"}"));
                texts.addAll(texts(rail.check(RailRequest.ofInput("hello"))
                        .orTimeout(10, TimeUnit.SECONDS)
                        .join()));
                server.enqueue(Nim.json(401, "{\"detail\":\"no\"}"));
                texts.addAll(texts(ContentSafetyRail.input(c)
                        .earlyDecision(true)
                        .build()
                        .check(RailRequest.ofInput("hello"))
                        .orTimeout(10, TimeUnit.SECONDS)
                        .join()));
            }
        }
        assertClean(texts, PASSWORD);
        assertTrue(texts.size() > 10);
    }
}
