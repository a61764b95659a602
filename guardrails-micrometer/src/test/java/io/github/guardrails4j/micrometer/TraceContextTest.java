package io.github.guardrails4j.micrometer;

import static io.github.guardrails4j.micrometer.Fixture.SAFE_QUESTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.testkit.Fault;
import io.github.guardrails4j.testkit.FaultInjector;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.RecordedRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Spans through Micrometer Tracing's OpenTelemetry bridge, and the trace context each guard call carries. */
class TraceContextTest {
    @Test
    void everyAttemptCarriesTheRailSpansTraceparentAndItsOwnRequestId() {
        try (Tracing tracing = new Tracing();
                NimSimulator sim = NimSimulator.builder()
                        .faults(FaultInjector.firstRequests(1, Fault.status(503)))
                        .build()
                        .start();
                NimClient nim = Fixture.nim(sim.baseUrl(), ResilienceConfig.ofDefaults())) {
            Guardrails g = Guardrails.builder()
                    .rail(Fixture.contentSafety(nim))
                    .unguarded(RailDirection.OUTPUT)
                    .listenerFactory(GuardrailsObservation.listenerFactory(tracing.registry))
                    .build();
            String cs = Fixture.contentSafety(nim).name();
            assertTrue(g.checkInput(SAFE_QUESTION)
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join()
                    .allowed());
            Fixture.await(() -> tracing.finished.size() >= 2, "two finished spans");

            SpanData request = tracing.named("guardrails.request input");
            SpanData rail = tracing.named("guardrails.rail " + cs);
            assertEquals(request.getSpanId(), rail.getParentSpanId(), "the rail span is a child of the check's");
            assertEquals(request.getTraceId(), rail.getTraceId());
            assertEquals(SpanKind.CLIENT, rail.getKind(), "a rail span is the client side of the guard calls");
            assertEquals("safe", rail.getAttributes().get(AttributeKey.stringKey("guardrails.verdict")));
            assertEquals("2", rail.getAttributes().get(AttributeKey.stringKey("guardrails.attempts")));
            List<String> events =
                    rail.getEvents().stream().map(EventData::getName).toList();
            assertEquals(
                    1,
                    events.stream()
                            .filter(e -> e.startsWith("retry after attempt 1"))
                            .count(),
                    events.toString());

            List<RecordedRequest> calls = sim.recordedRequests();
            assertEquals(2, calls.size(), "one failed attempt, one retry");
            String traceparent = "00-" + rail.getTraceId() + "-" + rail.getSpanId() + "-"
                    + rail.getSpanContext().getTraceFlags().asHex();
            for (RecordedRequest call : calls) {
                assertEquals(traceparent, call.header("traceparent").orElseThrow(), "W3C trace context of the rail");
                assertTrue(call.header("x-request-id").orElseThrow().matches("[0-9a-f]{32}"));
            }
            String first = calls.get(0).header("x-request-id").orElseThrow();
            String second = calls.get(1).header("x-request-id").orElseThrow();
            assertNotEquals(first, second, "a fresh request id per attempt");
            assertEquals(
                    second,
                    rail.getAttributes().get(AttributeKey.stringKey("guardrails.request.id")),
                    "the span names the request id of its last attempt, as the NIM logged it");
        }
    }
}
