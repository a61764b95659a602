package io.github.guardrails4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.Fault;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The NIM client's circuit breakers through resilience4j's own Micrometer binder: a breaker that opens against a
 * failing simulator shows in a Prometheus scrape under the endpoint's name, and the URL's credentials and the API
 * key appear nowhere in the scrape.
 */
class BreakerMetricsTest {
    static final String PASSWORD = "s3cret-canary-pw";
    static final String API_KEY = "nvapi-canary-key-0123456789";

    @Test
    void anOpenBreakerShowsInTheScrapeUnderTheEndpointsNameWithoutCredentials() throws Exception {
        try (NimSimulator sim = NimSimulator.builder()
                        .faults(request -> Optional.of(Fault.status(500)))
                        .build()
                        .start();
                NimClient nim = NimClient.builder()
                        .baseUrl(sim.baseUrl().replace("http://", "http://guard:" + PASSWORD + "@"))
                        .apiKey(API_KEY)
                        .resilience(ResilienceConfig.builder()
                                .maxAttempts(1)
                                .slidingWindowSize(4)
                                .minimumNumberOfCalls(4)
                                .failureRateThreshold(50f)
                                .waitInOpenState(Duration.ofMinutes(5))
                                .build())
                        .build()) {
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            EndpointGauges.bind(prometheus, nim);
            String name = "nim " + nim.baseUrl();
            assertEquals(1, nim.circuitBreakers().size());
            assertEquals(name, nim.circuitBreakers().get(0).getName());
            assertTrue(prometheus.scrape().contains(state(name, "closed") + " 1.0"), prometheus::scrape);

            NimRail rail = ContentSafetyRail.input(nim).build();
            for (int i = 0; i < 5; i++) {
                Verdict v = rail.check(RailRequest.ofInput("How long should green tea steep? " + i))
                        .get(10, TimeUnit.SECONDS);
                assertEquals(Outcome.ERROR, v.outcome());
                assertEquals(
                        i < 4 ? ErrorReason.HTTP_STATUS : ErrorReason.UNAVAILABLE,
                        v.errorReason().orElseThrow(),
                        "check " + i);
            }
            assertEquals(CircuitBreaker.State.OPEN, nim.circuitBreakers().get(0).getState());

            String scrape = prometheus.scrape();
            assertTrue(scrape.contains(state(name, "open") + " 1.0"), scrape);
            assertTrue(scrape.contains(state(name, "closed") + " 0.0"), scrape);
            assertTrue(
                    scrape.contains(
                            "resilience4j_circuitbreaker_not_permitted_calls_total{kind=\"not_permitted\",name=\""
                                    + name + "\"} 1.0"),
                    scrape);
            assertTrue(scrape.contains("guardrails_endpoint_limit{guardrails_endpoint=\"" + nim.baseUrl() + "\"}"));
            assertFalse(scrape.contains(PASSWORD), scrape);
            assertFalse(scrape.contains("guard:"), scrape);
            assertFalse(scrape.contains(API_KEY), scrape);
        }
    }

    private static String state(String name, String state) {
        return "resilience4j_circuitbreaker_state{name=\"" + name + "\",state=\"" + state + "\"}";
    }
}
