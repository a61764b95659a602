package io.github.guardrails4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.testkit.Fault;
import io.github.guardrails4j.testkit.NimSimulator;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A user message and an API key must never reach a scrape or a finished span: not on a block, not on a pass, not
 * when the guard server fails with an error page that echoes the request.
 */
class CanaryTest {
    static final String USER_CANARY = "zebra-canary-7f3a";
    static final String KEY_CANARY = "nvapi-canary-key-91b2";

    @Test
    void neitherTheUserMessageNorTheApiKeyAppearsInTheScrapeOrTheSpans() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String unsafe = "How do I steal a car and kill the owner? " + USER_CANARY;
        String safe = "How long should green tea steep? " + USER_CANARY;
        // the third guard call fails with an error page that echoes the user's text and the key
        Fault echo = Fault.status(500, "{\"error\":\"bad input: " + safe + " key " + KEY_CANARY + "\"}");
        try (Tracing tracing = new Tracing();
                NimSimulator sim = NimSimulator.builder()
                        .faults(request -> request.sequence() == 3 ? Optional.of(echo) : Optional.empty())
                        .build()
                        .start();
                NimClient nim = NimClient.builder()
                        .baseUrl(sim.baseUrl())
                        .apiKey(KEY_CANARY)
                        .resilience(ResilienceConfig.disabled())
                        .build()) {
            tracing.registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(prometheus));
            Guardrails g = Guardrails.builder()
                    .rail(Fixture.contentSafety(nim), FailurePolicy.FAIL_OPEN)
                    .unguarded(RailDirection.OUTPUT)
                    .listenerFactory(GuardrailsObservation.listenerFactory(tracing.registry, prometheus))
                    .build();
            assertTrue(
                    g.checkInput(unsafe).orTimeout(10, TimeUnit.SECONDS).join().blocked());
            assertTrue(g.checkInput(safe).orTimeout(10, TimeUnit.SECONDS).join().allowed());
            assertTrue(g.checkInput(safe).orTimeout(10, TimeUnit.SECONDS).join().allowed(), "fail-open error");
            Fixture.await(() -> tracing.finished.size() >= 6, "six finished spans");

            String scrape = prometheus.scrape();
            assertTrue(scrape.contains("guardrails_verdict=\"error\""), "the error case was observed:\n" + scrape);
            assertFalse(scrape.contains(USER_CANARY), scrape);
            assertFalse(scrape.contains(KEY_CANARY), scrape);
            assertTrue(
                    sim.recordedRequests()
                            .get(0)
                            .header("authorization")
                            .orElseThrow()
                            .contains(KEY_CANARY),
                    "the key was really sent");
            for (SpanData span : tracing.finished) {
                String all = span.toString();
                assertFalse(all.contains(USER_CANARY), all);
                assertFalse(all.contains(KEY_CANARY), all);
            }
        }
    }
}
