package io.github.guardrails4j.testkit;

import static io.github.guardrails4j.testkit.TestHttp.CONTENT_SAFETY;
import static io.github.guardrails4j.testkit.TestHttp.chatBody;
import static io.github.guardrails4j.testkit.TestHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 14: a canary API key sent to the simulator is recorded (tests assert on it through
 * {@link RecordedRequest#header(String)}) but never printed: not by {@link RecordedRequest#toString()}, a list of
 * them, {@link Fault#toString()}, nor the 500 answer to an injector that fails with the request in its message.
 */
class SecretsTest {
    static final String CANARY = "nvapi-CANARY-3b1f9c0e7d5a4f2e8c6b0a9d1e7f3c5b";

    private static HttpResponse<String> chatWithSecrets(String baseUrl) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + CANARY)
                .header("X-Api-Key", CANARY)
                .header("Cookie", "session=" + CANARY)
                .header("X-Request-Id", "req-42")
                .POST(HttpRequest.BodyPublishers.ofString(
                        chatBody(CONTENT_SAFETY, "user", "hi").toString(), StandardCharsets.UTF_8))
                .build());
    }

    @Test
    void recordedRequestKeepsTheKeyForAssertionsButNeverPrintsIt() {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            assertEquals(200, chatWithSecrets(sim.baseUrl()).statusCode());
            RecordedRequest request = sim.recordedRequests().get(0);
            assertEquals(Optional.of("Bearer " + CANARY), request.header("Authorization"));
            String printed = request.toString();
            assertFalse(printed.contains(CANARY), printed);
            assertFalse(sim.recordedRequests().toString().contains(CANARY));
            // what stays readable: the scheme of a credential, and the ordinary headers
            assertTrue(printed.contains("authorization=[Bearer ****]"), printed);
            assertTrue(printed.contains("x-api-key=[****]"), printed);
            assertTrue(printed.contains("cookie=[****]"), printed);
            assertTrue(printed.contains("x-request-id=[req-42]"), printed);
        }
    }

    @Test
    void recordedRequestToStringHasTheRecordShapeWithRedactedHeaders() {
        RecordedRequest r = new RecordedRequest(
                7,
                "POST",
                "/v1/classify",
                Map.of("proxy-authorization", List.of("Basic " + CANARY)),
                "{\"input\":\"hi\"}",
                Optional.empty());
        assertEquals(
                "RecordedRequest[sequence=7, method=POST, path=/v1/classify, headers={proxy-authorization=[Basic ****]}, "
                        + "body={\"input\":\"hi\"}, model=Optional.empty]",
                r.toString());
    }

    @Test
    void faultToStringRedactsCredentialHeaders() {
        Fault f = Fault.status(401).withHeader("WWW-Authenticate", "Bearer").withHeader("X-Echo-Api-Key", CANARY);
        assertFalse(f.toString().contains(CANARY), f.toString());
        assertEquals(Optional.of(CANARY), f.header("x-echo-api-key"));
    }

    @Test
    void anInjectorFailingWithTheRequestInItsMessageDoesNotLeakTheKeyInThe500() {
        FaultInjector failing = request -> {
            throw new IllegalStateException("cannot decide for " + request);
        };
        try (NimSimulator sim = NimSimulator.builder().faults(failing).start()) {
            HttpResponse<String> response = chatWithSecrets(sim.baseUrl());
            assertEquals(500, response.statusCode());
            assertFalse(response.body().contains(CANARY), response.body());
        }
    }
}
