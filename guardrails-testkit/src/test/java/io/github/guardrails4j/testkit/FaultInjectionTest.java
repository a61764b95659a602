package io.github.guardrails4j.testkit;

import static io.github.guardrails4j.testkit.TestHttp.CONTENT_SAFETY;
import static io.github.guardrails4j.testkit.TestHttp.chat;
import static io.github.guardrails4j.testkit.TestHttp.chatBody;
import static io.github.guardrails4j.testkit.TestHttp.get;
import static io.github.guardrails4j.testkit.TestHttp.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {

    @Test
    void firstRequestsFailWithRetryAfterThenSucceed() {
        FaultInjector faults = FaultInjector.firstRequests(2, Fault.tooManyRequests(Duration.ofMillis(1500)));
        try (NimSimulator sim = NimSimulator.builder().faults(faults).start()) {
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> response = chat(sim.baseUrl(), chatBody(CONTENT_SAFETY, "user", "hi"));
                assertEquals(429, response.statusCode());
                assertEquals("2", response.headers().firstValue("Retry-After").orElse(""));
                assertEquals(429, parse(response.body()).get("code").asInt());
            }
            assertEquals(
                    200,
                    chat(sim.baseUrl(), chatBody(CONTENT_SAFETY, "user", "hi")).statusCode());
            assertEquals(3, sim.requestCount());
        }
    }

    @Test
    void injectorSeesPathAndModel() {
        FaultInjector faults = request -> request.model()
                .filter("meta-llama/llama-guard-3-8b"::equals)
                .map(m -> Fault.status(503, "{\"object\":\"error\",\"message\":\"overloaded\"}"));
        try (NimSimulator sim = NimSimulator.builder().faults(faults).start()) {
            assertEquals(
                    503,
                    chat(sim.baseUrl(), chatBody("meta-llama/llama-guard-3-8b", "user", "hi"))
                            .statusCode());
            assertEquals(
                    200,
                    chat(sim.baseUrl(), chatBody(CONTENT_SAFETY, "user", "hi")).statusCode());
        }
    }

    @Test
    void droppedConnectionGivesTheClientAnIoError() {
        FaultInjector faults = request ->
                "/v1/health/live".equals(request.path()) ? Optional.of(Fault.dropConnection()) : Optional.empty();
        try (NimSimulator sim = NimSimulator.builder().faults(faults).start()) {
            assertThrows(UncheckedIOException.class, () -> get(sim.baseUrl() + "/v1/health/live"));
            assertEquals(200, get(sim.baseUrl() + "/v1/health/ready").statusCode());
        }
    }

    @Test
    void randomStatusFailsTheSameArrivalNumbersForTheSameSeed() {
        assertEquals(failingSequences(7L), failingSequences(7L));
        List<Long> failing = failingSequences(7L);
        // About 30% of 40 requests; a fixed seed gives a fixed count.
        assertEquals(failing.size(), failingSequences(7L).size());
        assertTrue(failing.size() > 3 && failing.size() < 25, failing.toString());
    }

    @Test
    void randomStatusExtremesAreNeverAndAlways() {
        RecordedRequest r = new RecordedRequest(1, "GET", "/", Map.of(), "", Optional.empty());
        assertEquals(Optional.empty(), FaultInjector.randomStatus(0.0, 500, 1).inject(r));
        assertEquals(
                500,
                FaultInjector.randomStatus(1.0, 500, 1).inject(r).orElseThrow().status());
    }

    private static List<Long> failingSequences(long seed) {
        FaultInjector injector = FaultInjector.randomStatus(0.3, 500, seed);
        List<Long> failing = new ArrayList<>();
        for (long n = 1; n <= 40; n++) {
            RecordedRequest r = new RecordedRequest(n, "POST", "/v1/classify", Map.of(), "", Optional.empty());
            if (injector.inject(r).isPresent()) {
                failing.add(n);
            }
        }
        return failing;
    }
}
