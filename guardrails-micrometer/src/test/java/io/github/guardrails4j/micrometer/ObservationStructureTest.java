package io.github.guardrails4j.micrometer;

import static io.github.guardrails4j.micrometer.Fixture.SAFE_QUESTION;
import static io.github.guardrails4j.micrometer.Fixture.UNSAFE_QUESTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.model.builtin.NemoGuardModels;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.testkit.Fault;
import io.github.guardrails4j.testkit.FaultInjector;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Names, tags and parent/child structure of the observations, with TestObservationRegistry over real HTTP. */
class ObservationStructureTest {
    final TestObservationRegistry registry = TestObservationRegistry.create();
    final Fixture.Stopped stopped = new Fixture.Stopped();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    ObservationStructureTest() {
        registry.observationConfig().observationHandler(stopped);
    }

    static Map<String, String> low(Observation.Context c) {
        Map<String, String> m = new TreeMap<>();
        for (KeyValue kv : c.getLowCardinalityKeyValues()) {
            m.put(kv.getKey(), kv.getValue());
        }
        return m;
    }

    static String high(Observation.Context c, String key) {
        KeyValue kv = c.getHighCardinalityKeyValue(key);
        return kv == null ? null : kv.getValue();
    }

    @Test
    void blockedInputIsTheParentOfItsRailsAndTheLosingRailsEndCancelled() {
        try (NimSimulator sim = NimSimulator.builder()
                        .latency(NemoGuardModels.TOPIC_CONTROL, LatencyModel.fixed(Duration.ofSeconds(3)))
                        .latency(NemoGuardModels.JAILBREAK_DETECT, LatencyModel.fixed(Duration.ofSeconds(3)))
                        .build()
                        .start();
                NimClient nim = Fixture.nim(sim.baseUrl(), ResilienceConfig.disabled())) {
            Guardrails g = Fixture.threeInputRails(
                    nim, FailurePolicy.FAIL_CLOSED, GuardrailsObservation.listenerFactory(registry, meters));
            String cs = Fixture.contentSafety(nim).name();
            GuardResult r = g.checkInput(UNSAFE_QUESTION)
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            assertTrue(r.blocked(), r.toString());
            stopped.awaitStopped(GuardrailsMetricNames.REQUEST, 1);
            stopped.awaitStopped(GuardrailsMetricNames.RAIL, 3);

            TestObservationRegistryAssert.assertThat(registry)
                    .hasNumberOfObservationsWithNameEqualTo(GuardrailsMetricNames.REQUEST, 1)
                    .hasNumberOfObservationsWithNameEqualTo(GuardrailsMetricNames.RAIL, 3);
            Observation.Context request =
                    stopped.named(GuardrailsMetricNames.REQUEST).get(0);
            assertEquals(
                    Map.of(
                            "rail.type", "input",
                            "guardrails.outcome", "blocked",
                            "guardrails.blocked.by", cs),
                    low(request));
            assertEquals("guardrails.request input", request.getContextualName());

            List<Observation.Context> rails = stopped.named(GuardrailsMetricNames.RAIL);
            Map<String, String> verdicts = new TreeMap<>();
            for (Observation.Context rail : rails) {
                assertSame(request, rail.getParentObservation().getContextView(), "rails are children of the check");
                RailContext rc = assertInstanceOf(RailContext.class, rail);
                verdicts.put(rc.rail(), low(rail).get("guardrails.verdict"));
                assertEquals("guardrails.rail " + rc.rail(), rail.getContextualName());
                assertEquals(rc.model(), low(rail).get("gen_ai.request.model"));
                assertEquals("input", low(rail).get("rail.type"));
            }
            assertEquals(
                    Map.of(
                            cs,
                            "unsafe",
                            Fixture.topicControl(nim).name(),
                            "cancelled",
                            Fixture.jailbreak(nim).name(),
                            "cancelled"),
                    verdicts);
            // the rail that decided is stopped first; the losers after it
            assertEquals(cs, ((RailContext) rails.get(0)).rail());
            RailContext decided = (RailContext) rails.get(0);
            assertEquals("1", high(decided, "guardrails.attempts"));
            assertEquals(
                    sim.baseUrl().replaceAll("/$", ""),
                    high(decided, "guardrails.endpoint").replaceAll("/$", ""));
            assertNotNull(high(decided, "guardrails.categories"), "the taxonomy categories are on the span");
            assertEquals(
                    1.0,
                    meters.get("guardrails.requests.blocked")
                            .tag("rail.type", "input")
                            .counter()
                            .count());
            assertTrue(
                    meters.get("guardrails.violations").tag("rail.name", cs).counters().stream()
                                    .mapToDouble(c -> c.count())
                                    .sum()
                            >= 1.0,
                    "violations counted per category");
        }
    }

    @Test
    void anErrorUnderFailOpenEndsTheRailWithTheErrorAndAllowsTheCheck() {
        try (NimSimulator sim = NimSimulator.builder()
                        .faults(FaultInjector.firstRequests(100, Fault.status(500)))
                        .build()
                        .start();
                NimClient nim = Fixture.nim(sim.baseUrl(), ResilienceConfig.disabled())) {
            Guardrails g = Guardrails.builder()
                    .rail(Fixture.contentSafety(nim), FailurePolicy.FAIL_OPEN)
                    .unguarded(RailDirection.OUTPUT)
                    .listenerFactory(GuardrailsObservation.listenerFactory(registry, meters))
                    .build();
            GuardResult r =
                    g.checkInput(SAFE_QUESTION).orTimeout(10, TimeUnit.SECONDS).join();
            assertTrue(r.allowed(), "fail-open lets the text through: " + r);
            stopped.awaitStopped(GuardrailsMetricNames.REQUEST, 1);

            Observation.Context rail = stopped.named(GuardrailsMetricNames.RAIL).get(0);
            assertEquals("error", low(rail).get("guardrails.verdict"));
            assertEquals("RailFailure", rail.getError().getClass().getSimpleName());
            assertEquals(
                    "http_status (GuardServiceException)",
                    rail.getError().getMessage(),
                    "the reason and the type, never the server's error text");
            assertEquals("http_status", high(rail, "guardrails.error.reason"));
            Observation.Context request =
                    stopped.named(GuardrailsMetricNames.REQUEST).get(0);
            assertEquals("allowed", low(request).get("guardrails.outcome"));
            assertEquals("none", low(request).get("guardrails.blocked.by"));
            assertNull(request.getError(), "the check itself did not fail");
            assertEquals(
                    0.0,
                    meters.get("guardrails.requests.blocked")
                            .tag("rail.type", "input")
                            .counter()
                            .count());
        }
    }

    @Test
    void retriesAreEventsOnTheRailAndAreCountedByReason() {
        try (NimSimulator sim = NimSimulator.builder()
                        .faults(FaultInjector.firstRequests(1, Fault.status(503)))
                        .build()
                        .start();
                NimClient nim = Fixture.nim(sim.baseUrl(), ResilienceConfig.ofDefaults())) {
            Guardrails g = Guardrails.builder()
                    .rail(Fixture.contentSafety(nim))
                    .unguarded(RailDirection.OUTPUT)
                    .listenerFactory(GuardrailsObservation.listenerFactory(registry, meters))
                    .build();
            String cs = Fixture.contentSafety(nim).name();
            GuardResult r =
                    g.checkInput(SAFE_QUESTION).orTimeout(10, TimeUnit.SECONDS).join();
            assertTrue(r.allowed(), r.toString());
            stopped.awaitStopped(GuardrailsMetricNames.REQUEST, 1);

            TestObservationRegistryAssert.assertThat(registry)
                    .hasObservationWithNameEqualTo(GuardrailsMetricNames.RAIL)
                    .that()
                    .hasEvent(GuardrailsMetricNames.RETRY_EVENT)
                    .hasLowCardinalityKeyValue("guardrails.verdict", "safe")
                    .hasHighCardinalityKeyValue("guardrails.attempts", "2");
            assertEquals(
                    1.0,
                    meters.get("guardrails.retries")
                            .tag("rail.name", cs)
                            .tag("reason", "http_status")
                            .counter()
                            .count());
            assertFalse(sim.recordedRequests().isEmpty());
        }
    }
}
