package io.github.guardrails4j.micrometer;

import static io.github.guardrails4j.micrometer.Fixture.SAFE_QUESTION;
import static io.github.guardrails4j.micrometer.Fixture.UNSAFE_QUESTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The series a Prometheus scrape exposes, and the prefix-cache hit ratio as one division of two counters: the same
 * series through observations timed by Micrometer's handler and on the metrics-only path (a no-op observation
 * registry and a meter registry, where the listener records the timers itself).
 */
class PrometheusScrapeTest {
    final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final ObservationRegistry observations = ObservationRegistry.create();

    PrometheusScrapeTest() {
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(prometheus));
    }

    static Set<String> seriesNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int end = line.indexOf('{');
                names.add(end < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, end));
            }
        }
        return names;
    }

    @ParameterizedTest(name = "metrics only: {0}")
    @ValueSource(booleans = {false, true})
    void exposesEveryMeterUnderItsPrometheusNameAndTheCacheRatioIsOneDivision(boolean metricsOnly) {
        try (NimSimulator sim = NimSimulator.builder()
                        .prefixCaching(true)
                        .reportCachedTokens(true)
                        .build()
                        .start();
                NimClient nim = Fixture.nim(sim.baseUrl(), ResilienceConfig.disabled())) {
            Guardrails g = Guardrails.builder()
                    .rail(Fixture.contentSafety(nim))
                    .unguarded(RailDirection.OUTPUT)
                    .listenerFactory(GuardrailsObservation.listenerFactory(
                            metricsOnly ? ObservationRegistry.NOOP : observations, prometheus))
                    .build();
            long prompt = 0;
            long cached = 0;
            for (String text : new String[] {SAFE_QUESTION, UNSAFE_QUESTION, SAFE_QUESTION + " Thanks."}) {
                GuardResult r =
                        g.checkInput(text).orTimeout(10, TimeUnit.SECONDS).join();
                for (Verdict v : r.verdicts()) {
                    TokenUsage u = v.usage().orElseThrow();
                    prompt += u.promptTokens();
                    cached += u.cachedPromptTokens().orElseThrow();
                }
            }
            long expectedPrompt = prompt;
            long expectedCached = cached;
            assertTrue(expectedCached > 0, "the simulator's prefix cache is hit from the second check on");
            Fixture.await(() -> prometheus.scrape().contains("guardrails_request_seconds_count"), "the last check");
            Fixture.await(
                    () -> counter("gen_ai.client.inference.usage.input_tokens") == expectedPrompt,
                    "the token counters");

            String scrape = prometheus.scrape();
            Set<String> names = seriesNames(scrape);
            for (String expected : new String[] {
                "guardrails_request_seconds_count",
                "guardrails_request_seconds_sum",
                "guardrails_request_seconds_max",
                "guardrails_request_active_seconds_count",
                "guardrails_rail_seconds_count",
                "guardrails_rail_seconds_sum",
                "guardrails_rail_active_seconds_count",
                "guardrails_requests_blocked_total",
                "guardrails_violations_total",
                "gen_ai_client_token_usage_tokens_count",
                "gen_ai_client_token_usage_tokens_sum",
                "gen_ai_client_inference_usage_input_tokens_total",
                "gen_ai_client_inference_usage_cache_read_input_tokens_total",
            }) {
                assertTrue(names.contains(expected), expected + " missing from " + names);
            }
            assertTrue(
                    scrape.contains("guardrails_rail_seconds_count{error=\"none\",gen_ai_request_model="),
                    "the rail timer is tagged with the model and Micrometer's error tag:\n" + scrape);
            assertTrue(scrape.contains("guardrails_verdict=\"unsafe\""), scrape);
            assertEquals(expectedPrompt, counter("gen_ai.client.inference.usage.input_tokens"));
            assertEquals(expectedCached, counter("gen_ai.client.inference.usage.cache_read.input_tokens"));
        }
    }

    private long counter(String name) {
        return (long) prometheus.find(name).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }
}
