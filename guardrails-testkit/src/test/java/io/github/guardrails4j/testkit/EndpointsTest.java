package io.github.guardrails4j.testkit;

import static io.github.guardrails4j.testkit.TestHttp.get;
import static io.github.guardrails4j.testkit.TestHttp.parse;
import static io.github.guardrails4j.testkit.TestHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EndpointsTest {

    @RegisterExtension
    NimSimulatorExtension nim = NimSimulatorExtension.create(b -> b.maxModelLength(4096));

    @Test
    void baseUrlIsLoopbackWithoutV1() {
        assertEquals("http://127.0.0.1:" + nim.simulator().port(), nim.baseUrl());
    }

    @Test
    void modelsListsEveryServedModel() {
        HttpResponse<String> response = get(nim.baseUrl() + "/v1/models");
        assertEquals(200, response.statusCode());
        JsonNode list = parse(response.body());
        assertEquals("list", list.get("object").asText());
        List<String> ids = new ArrayList<>();
        for (JsonNode m : list.get("data")) {
            ids.add(m.get("id").asText());
            assertEquals("model", m.get("object").asText());
            assertEquals("system", m.get("owned_by").asText());
            assertEquals(m.get("id"), m.get("root"));
            assertTrue(m.get("parent").isNull());
            assertEquals(4096, m.get("max_model_len").asInt());
            assertTrue(m.get("created").isIntegralNumber());
        }
        assertEquals(
                List.of(
                        "nvidia/llama-3.1-nemoguard-8b-content-safety",
                        "nvidia/llama-3.1-nemotron-safety-guard-8b-v3",
                        "meta-llama/llama-guard-3-8b",
                        "nvidia/nemotron-3.5-content-safety",
                        "nvidia/nemotron-content-safety-reasoning-4b",
                        "nvidia/llama-3.1-nemoguard-8b-topic-control",
                        "nvidia/nemoguard-jailbreak-detect"),
                ids);
    }

    @Test
    void healthProbesAnswerReadyLiveAndNotReady() {
        assertEquals(200, get(nim.baseUrl() + "/v1/health/ready").statusCode());
        assertEquals(
                "{\"object\":\"health-response\",\"message\":\"ready\"}",
                get(nim.baseUrl() + "/v1/health/ready").body());
        assertEquals(
                "{\"object\":\"health-response\",\"message\":\"live\"}",
                get(nim.baseUrl() + "/v1/health/live").body());

        nim.simulator().setReady(false);
        HttpResponse<String> notReady = get(nim.baseUrl() + "/v1/health/ready");
        assertEquals(503, notReady.statusCode());
        assertEquals("{\"object\":\"health-response\",\"message\":\"not ready\"}", notReady.body());
        assertEquals(200, get(nim.baseUrl() + "/v1/health/live").statusCode());
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        HttpResponse<String> notFound = get(nim.baseUrl() + "/v2/whatever");
        assertEquals(404, notFound.statusCode());
        assertEquals("NotFoundError", parse(notFound.body()).get("type").asText());

        HttpResponse<String> wrongMethod = get(nim.baseUrl() + "/v1/chat/completions");
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElse(""));
        assertEquals(405, post(nim.baseUrl() + "/v1/models", "{}").statusCode());
    }

    @Test
    void requestsAreCountedAndRecordedWithHeadersAndBody() {
        post(nim.baseUrl() + "/v1/classify", "{\"input\":\"hi\"}");
        get(nim.baseUrl() + "/v1/health/live");

        assertEquals(2, nim.simulator().requestCount());
        List<RecordedRequest> recorded = nim.simulator().recordedRequests();
        assertEquals(2, recorded.size());
        RecordedRequest first = recorded.get(0);
        assertEquals(1, first.sequence());
        assertEquals("POST", first.method());
        assertEquals("/v1/classify", first.path());
        assertEquals("{\"input\":\"hi\"}", first.body());
        assertEquals("application/json", first.header("CONTENT-TYPE").orElse(""));
        assertFalse(first.model().isPresent());
        nim.simulator().clearRecordedRequests();
        assertTrue(nim.simulator().recordedRequests().isEmpty());
        assertEquals(2, nim.simulator().requestCount());
    }

    @Test
    void recordedRequestsAreBounded() {
        try (NimSimulator sim = NimSimulator.builder().recordedRequestLimit(2).start()) {
            for (int i = 0; i < 3; i++) {
                get(sim.baseUrl() + "/v1/health/live");
            }
            assertEquals(
                    List.of(2L, 3L),
                    sim.recordedRequests().stream()
                            .map(RecordedRequest::sequence)
                            .toList());
        }
    }

    @Test
    void closedSimulatorRefusesConnectionsAndCannotRestart() {
        NimSimulator sim = NimSimulator.builder().start();
        String url = sim.baseUrl() + "/v1/health/live";
        sim.stopAbruptly();
        assertThrows(UncheckedIOException.class, () -> get(url));
        assertThrows(IllegalStateException.class, sim::start);
        assertThrows(IllegalStateException.class, sim::port);
        sim.close(); // idempotent
    }

    @Test
    void unknownModelIdIsRejectedByTheBuilder() {
        assertThrows(
                IllegalArgumentException.class, () -> NimSimulator.builder().models("acme/guard"));
    }
}
