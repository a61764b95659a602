package io.github.guardrails4j.micrometer;

import static io.github.guardrails4j.micrometer.Fixture.SAFE_QUESTION;
import static io.github.guardrails4j.micrometer.Fixture.UNSAFE_QUESTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.model.builtin.NemoGuardModels;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.testkit.Fault;
import io.github.guardrails4j.testkit.FaultInjector;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The metrics-only path (a meter registry and an observation registry with no handler: the listener records the
 * timers itself) makes exactly the meters (names, tags, counts) that the observation path makes with Micrometer's
 * {@link DefaultMeterObservationHandler}, over real HTTP against the simulator: a check retried once, an unsafe
 * check, a check whose rail fails after two attempts (fail closed), an error under fail-open, and a blocked check
 * whose two losing rails are cancelled.
 */
class MetricsOnlyTest {
    /** The checks of {@link MeterHandlerTest#run}, then an error under fail-open and a block with two losers. */
    static Map<String, Double> run(MeterRegistry meters, ObservationRegistry observations) {
        MeterHandlerTest.run(meters, observations);
        try (NimSimulator sim = NimSimulator.builder()
                        .faults(FaultInjector.firstRequests(1, Fault.status(500)))
                        .latency(NemoGuardModels.TOPIC_CONTROL, LatencyModel.fixed(Duration.ofSeconds(2)))
                        .latency(NemoGuardModels.JAILBREAK_DETECT, LatencyModel.fixed(Duration.ofSeconds(2)))
                        .build()
                        .start();
                NimClient nim = Fixture.nim(sim.baseUrl(), ResilienceConfig.disabled())) {
            Guardrails failOpen = Guardrails.builder()
                    .rail(Fixture.contentSafety(nim), FailurePolicy.FAIL_OPEN)
                    .unguarded(RailDirection.OUTPUT)
                    .listenerFactory(GuardrailsObservation.listenerFactory(observations, meters))
                    .build();
            GuardResult allowed = failOpen.checkInput(SAFE_QUESTION)
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            assertTrue(allowed.allowed(), "fail-open lets the text through: " + allowed);
            Guardrails three = Fixture.threeInputRails(
                    nim, FailurePolicy.FAIL_CLOSED, GuardrailsObservation.listenerFactory(observations, meters));
            GuardResult blocked = three.checkInput(UNSAFE_QUESTION)
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            assertTrue(blocked.blocked(), blocked.toString());
            // 3 + 1 + 3 rails and 3 + 1 + 1 checks, each timed once its observation (or span) stopped
            Fixture.await(
                    () -> MeterHandlerTest.count(meters, GuardrailsMetricNames.RAIL) == 7
                            && MeterHandlerTest.count(meters, GuardrailsMetricNames.REQUEST) == 5,
                    "every check and rail timed");
        }
        Map<String, Double> snapshot = MeterHandlerTest.snapshot(meters);
        // MeterHandlerTest.run also makes a host observation: Micrometer times it, a no-op registry does not
        snapshot.keySet().removeIf(k -> k.startsWith("host.work"));
        return snapshot;
    }

    @Test
    void aNoopObservationRegistryGivesExactlyTheMetersOfObservationsTimedByMicrometersHandler() {
        Map<String, Double> actual = sameOnBothPaths(MetricsOnlyTest::run);
        assertTrue(
                actual.keySet().stream()
                        .anyMatch(k -> k.startsWith("guardrails.rail[") && k.contains("guardrails.verdict=cancelled")),
                actual::toString);
        assertTrue(
                actual.keySet().stream().anyMatch(k -> k.startsWith("guardrails.rail[") && k.contains("RailFailure")),
                actual::toString);
        assertTrue(actual.keySet().stream().anyMatch(k -> k.startsWith("guardrails.rail.retry[")), actual::toString);
        assertTrue(actual.keySet().stream().anyMatch(k -> k.startsWith("guardrails.rail.active[")), actual::toString);
        assertTrue(
                actual.keySet().stream().anyMatch(k -> k.startsWith("guardrails.request.active[")), actual::toString);
        assertFalse(actual.containsValue(-1.0), actual::toString);
    }

    /** A host's conventions (a tag on every rail, another name for the checks): one block, two losers cancelled. */
    static Map<String, Double> unsafeCheckWithHostConventions(MeterRegistry meters, ObservationRegistry observations) {
        try (NimSimulator sim = NimSimulator.builder()
                        .latency(NemoGuardModels.TOPIC_CONTROL, LatencyModel.fixed(Duration.ofSeconds(2)))
                        .latency(NemoGuardModels.JAILBREAK_DETECT, LatencyModel.fixed(Duration.ofSeconds(2)))
                        .build()
                        .start();
                NimClient nim = Fixture.nim(sim.baseUrl(), ResilienceConfig.disabled())) {
            Guardrails g = Fixture.threeInputRails(
                    nim,
                    FailurePolicy.FAIL_CLOSED,
                    GuardrailsObservation.builder(observations)
                            .meterRegistry(meters)
                            .railConvention(new DefaultRailObservationConvention() {
                                @Override
                                public KeyValues getLowCardinalityKeyValues(RailContext context) {
                                    return super.getLowCardinalityKeyValues(context)
                                            .and(KeyValue.of("team", "safety"));
                                }
                            })
                            .requestConvention(new DefaultRequestObservationConvention() {
                                @Override
                                public String getName() {
                                    return "host.guard";
                                }
                            })
                            .build());
            g.checkInput(UNSAFE_QUESTION).orTimeout(10, TimeUnit.SECONDS).join();
            Fixture.await(
                    () -> MeterHandlerTest.count(meters, GuardrailsMetricNames.RAIL) == 3
                            && MeterHandlerTest.count(meters, "host.guard") == 1,
                    "the check and its three rails timed");
        }
        return MeterHandlerTest.snapshot(meters);
    }

    @Test
    void aHostsConventionsGiveTheSameMetersOnBothPaths() {
        Map<String, Double> actual = sameOnBothPaths(MetricsOnlyTest::unsafeCheckWithHostConventions);
        assertTrue(actual.keySet().stream().anyMatch(k -> k.startsWith("host.guard[")), actual::toString);
        assertTrue(
                actual.keySet().stream()
                        .anyMatch(k -> k.startsWith("guardrails.rail[") && k.contains("tag(team=safety)")),
                actual::toString);
    }

    @Test
    void aRegistryWithoutHandlersIsNoopToo() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry noHandler = ObservationRegistry.create();
        assertTrue(noHandler.isNoop());
        try (NimSimulator sim = NimSimulator.builder().build().start();
                NimClient nim = Fixture.nim(sim.baseUrl(), ResilienceConfig.disabled())) {
            Guardrails g = Guardrails.builder()
                    .rail(Fixture.contentSafety(nim))
                    .unguarded(RailDirection.OUTPUT)
                    .listenerFactory(GuardrailsObservation.listenerFactory(noHandler, meters))
                    .build();
            g.checkInput(UNSAFE_QUESTION).orTimeout(10, TimeUnit.SECONDS).join();
        }
        assertEquals(
                1,
                meters.get(GuardrailsMetricNames.REQUEST)
                        .tag("guardrails.outcome", "blocked")
                        .tag("error", "none")
                        .timer()
                        .count());
        assertEquals(
                1,
                meters.get(GuardrailsMetricNames.RAIL)
                        .tag("guardrails.verdict", "unsafe")
                        .timer()
                        .count());
    }

    @Test
    void withoutHandlerOrMeterRegistryAChecksListenerIsNone() {
        ObservationRegistry noHandler = ObservationRegistry.create();
        GuardrailsListener.Factory factory = GuardrailsObservation.listenerFactory(noHandler);
        CheckEvent started =
                new CheckEvent(RailDirection.INPUT, List.of("content_safety"), 0, 0, CheckEvent.STARTED, null);
        // the core reports nothing to NONE: a host that switched observations off pays no event per check
        assertSame(GuardrailsListener.NONE, factory.create(started));
        assertNotSame(
                GuardrailsListener.NONE,
                GuardrailsObservation.listenerFactory(noHandler, new SimpleMeterRegistry())
                        .create(started));
        noHandler.observationConfig().observationHandler(context -> true);
        assertNotSame(GuardrailsListener.NONE, factory.create(started));
    }

    /** One rail name on both directions (its meters resolved again at each switch), checks alternating. */
    static Map<String, Double> oneNameBothDirections(MeterRegistry meters, ObservationRegistry observations) {
        try (NimSimulator sim = NimSimulator.builder().build().start();
                NimClient nim = Fixture.nim(sim.baseUrl(), ResilienceConfig.disabled())) {
            Guardrails g = Guardrails.builder()
                    .rail(ContentSafetyRail.input(nim).name("safety").build())
                    .rail(ContentSafetyRail.output(nim).name("safety").build())
                    .listenerFactory(GuardrailsObservation.listenerFactory(observations, meters))
                    .build();
            for (int i = 0; i < 2; i++) {
                assertTrue(g.checkInput(SAFE_QUESTION)
                        .orTimeout(10, TimeUnit.SECONDS)
                        .join()
                        .allowed());
                assertTrue(g.checkOutput(SAFE_QUESTION, "Two to three minutes.")
                        .orTimeout(10, TimeUnit.SECONDS)
                        .join()
                        .allowed());
                assertTrue(g.checkInput(UNSAFE_QUESTION)
                        .orTimeout(10, TimeUnit.SECONDS)
                        .join()
                        .blocked());
            }
            Fixture.await(
                    () -> MeterHandlerTest.count(meters, GuardrailsMetricNames.RAIL) == 6
                            && MeterHandlerTest.count(meters, GuardrailsMetricNames.REQUEST) == 6,
                    "every check and rail timed");
        }
        return MeterHandlerTest.snapshot(meters);
    }

    @Test
    void aRailNameOnBothDirectionsGivesTheSameMetersOnBothPaths() {
        Map<String, Double> actual = sameOnBothPaths(MetricsOnlyTest::oneNameBothDirections);
        assertTrue(
                actual.keySet().stream()
                        .anyMatch(k -> k.startsWith("guardrails.rail[") && k.contains("rail.type=output")),
                actual::toString);
        assertTrue(actual.keySet().stream().anyMatch(k -> k.startsWith("gen_ai.")), actual::toString);
    }

    /**
     * A host's rail convention whose tags read what the rail's context learns while the rail runs (its attempts and
     * whether the server reported usage): a retried safe check, then an unsafe one.
     */
    static Map<String, Double> checksTaggedByAttemptsAndUsage(MeterRegistry meters, ObservationRegistry observations) {
        try (NimSimulator sim = NimSimulator.builder()
                        .faults(FaultInjector.firstRequests(1, Fault.status(503)))
                        .build()
                        .start();
                NimClient nim = Fixture.nim(sim.baseUrl(), Fixture.retryOnce())) {
            Guardrails g = Guardrails.builder()
                    .rail(Fixture.contentSafety(nim))
                    .unguarded(RailDirection.OUTPUT)
                    .listenerFactory(GuardrailsObservation.builder(observations)
                            .meterRegistry(meters)
                            .railConvention(new DefaultRailObservationConvention() {
                                @Override
                                public KeyValues getLowCardinalityKeyValues(RailContext context) {
                                    return super.getLowCardinalityKeyValues(context)
                                            .and(
                                                    KeyValue.of("attempts", Integer.toString(context.attempts())),
                                                    KeyValue.of(
                                                            "usage", context.usage() == null ? "none" : "reported"));
                                }
                            })
                            .build())
                    .build();
            assertTrue(g.checkInput(SAFE_QUESTION)
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join()
                    .allowed());
            assertTrue(g.checkInput(UNSAFE_QUESTION)
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join()
                    .blocked());
            Fixture.await(
                    () -> MeterHandlerTest.count(meters, GuardrailsMetricNames.RAIL) == 2
                            && MeterHandlerTest.count(meters, GuardrailsMetricNames.REQUEST) == 2,
                    "both checks and their rail timed");
        }
        return MeterHandlerTest.snapshot(meters);
    }

    @Test
    void aHostsConventionReadingTheRailsAttemptsAndUsageGivesTheSameMetersOnBothPaths() {
        Map<String, Double> actual = sameOnBothPaths(MetricsOnlyTest::checksTaggedByAttemptsAndUsage);
        assertTrue(
                actual.keySet().stream()
                        .anyMatch(k -> k.startsWith("guardrails.rail[")
                                && k.contains("tag(attempts=2)")
                                && k.contains("tag(usage=reported)")),
                actual::toString);
    }

    /**
     * Runs a scenario on the observation path (timed by Micrometer's {@code DefaultMeterObservationHandler}) and on
     * the metrics-only path, each with a fresh registry, and asserts that both give the same meters.
     *
     * @return the metrics-only path's meters
     */
    static Map<String, Double> sameOnBothPaths(
            BiFunction<MeterRegistry, ObservationRegistry, Map<String, Double>> scenario) {
        SimpleMeterRegistry defaultMeters = new SimpleMeterRegistry();
        ObservationRegistry observed = ObservationRegistry.create();
        observed.observationConfig().observationHandler(new DefaultMeterObservationHandler(defaultMeters));
        Map<String, Double> expected = scenario.apply(defaultMeters, observed);
        Map<String, Double> actual = scenario.apply(new SimpleMeterRegistry(), ObservationRegistry.NOOP);
        assertEquals(expected, actual);
        return actual;
    }
}
