package io.github.guardrails4j.micrometer;

import static io.github.guardrails4j.micrometer.Fixture.SAFE_QUESTION;
import static io.github.guardrails4j.micrometer.Fixture.UNSAFE_QUESTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.testkit.Fault;
import io.github.guardrails4j.testkit.NimSimulator;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link GuardrailsMeterObservationHandler} in the host setup the docs give (first in a
 * {@link FirstMatchingCompositeObservationHandler}, Micrometer's handler second) records each check's and each
 * rail's timer exactly once, and makes exactly the meters (names, tags, counts) Micrometer's handler alone makes for
 * the same checks, over real HTTP against the simulator: a safe check after one retried attempt, an unsafe one, and
 * one whose rail fails after two attempts (two retries in all).
 */
class MeterHandlerTest {
    /** Runs the three checks on a fresh simulator with a fresh registry set up by {@code handlers}. */
    static Map<String, Double> run(MeterRegistry meters, ObservationRegistry observations) {
        try (NimSimulator sim = NimSimulator.builder()
                        .faults(request -> request.sequence() == 1 || request.sequence() >= 4
                                ? Optional.of(Fault.status(503))
                                : Optional.empty())
                        .build()
                        .start();
                NimClient nim = Fixture.nim(sim.baseUrl(), Fixture.retryOnce())) {
            Guardrails g = Guardrails.builder()
                    .rail(Fixture.contentSafety(nim))
                    .unguarded(RailDirection.OUTPUT)
                    .listenerFactory(GuardrailsObservation.listenerFactory(observations, meters))
                    .build();
            for (String text : new String[] {SAFE_QUESTION, UNSAFE_QUESTION, SAFE_QUESTION + " Again."}) {
                GuardResult r =
                        g.checkInput(text).orTimeout(10, TimeUnit.SECONDS).join();
                assertEquals(1, r.verdicts().size(), r.toString());
            }
            Observation.createNotStarted("host.work", observations).observe(() -> {});
            Fixture.await(() -> count(meters, GuardrailsMetricNames.REQUEST) == 3, "three checks timed");
            return snapshot(meters);
        }
    }

    /** Every meter as {@code name{tags}} to its count (timers, counters) or active tasks (long task timers). */
    static Map<String, Double> snapshot(MeterRegistry meters) {
        Map<String, Double> out = new TreeMap<>();
        for (Meter m : meters.getMeters()) {
            double value = m instanceof Timer t
                    ? t.count()
                    : m instanceof Counter c
                            ? c.count()
                            : m instanceof DistributionSummary d
                                    ? d.count()
                                    : m instanceof LongTaskTimer l ? l.activeTasks() : -1;
            out.put(m.getId().getName() + m.getId().getTags(), value);
        }
        return out;
    }

    static long count(MeterRegistry meters, String timer) {
        return meters.find(timer).timers().stream().mapToLong(Timer::count).sum();
    }

    @Test
    void composedFirstItTimesEachCheckAndRailOnceWithExactlyTheMetersOfMicrometersHandler() {
        SimpleMeterRegistry defaultMeters = new SimpleMeterRegistry();
        ObservationRegistry defaultOnly = ObservationRegistry.create();
        defaultOnly.observationConfig().observationHandler(new DefaultMeterObservationHandler(defaultMeters));
        Map<String, Double> expected = run(defaultMeters, defaultOnly);

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry host = ObservationRegistry.create();
        host.observationConfig()
                .observationHandler(new FirstMatchingCompositeObservationHandler(
                        new GuardrailsMeterObservationHandler(meters), new DefaultMeterObservationHandler(meters)));
        Fixture.Stopped stopped = new Fixture.Stopped();
        host.observationConfig().observationHandler(stopped);
        Map<String, Double> actual = run(meters, host);

        assertEquals(expected, actual);
        // Micrometer's handler keeps a Timer.Sample in the contexts it times: this module's contexts have none
        assertEquals(3, stopped.named(GuardrailsMetricNames.RAIL).size());
        for (String name : new String[] {GuardrailsMetricNames.RAIL, GuardrailsMetricNames.REQUEST}) {
            stopped.named(name).forEach(c -> assertFalse(c.containsKey(Timer.Sample.class), c::toString));
        }
        assertTrue(stopped.named("host.work").get(0).containsKey(Timer.Sample.class));
        assertEquals(3, count(meters, GuardrailsMetricNames.REQUEST), actual::toString);
        assertEquals(3, count(meters, GuardrailsMetricNames.RAIL), actual::toString);
        assertEquals(1, count(meters, "host.work"), "Micrometer's handler times the host's own observations");
        assertEquals(
                2.0,
                actual.get(
                        "guardrails.rail.retry[tag(gen_ai.request.model=nvidia/llama-3.1-nemoguard-8b-content-safety),"
                                + " tag(guardrails.verdict=pending), tag(rail.name=content-safety-input), tag(rail.type=input)]"),
                actual::toString);
        assertTrue(
                actual.keySet().stream().anyMatch(k -> k.startsWith("guardrails.rail[") && k.contains("RailFailure")),
                actual::toString);
        assertFalse(actual.containsValue(-1.0), actual::toString);
    }

    @Test
    void keyValuesAFilterAddsAreTagsOfTheTimersAsWithMicrometersHandler() {
        ObservationFilter region = context -> context.addLowCardinalityKeyValue(KeyValue.of("region", "eu"));
        SimpleMeterRegistry defaultMeters = new SimpleMeterRegistry();
        ObservationRegistry defaultOnly = ObservationRegistry.create();
        defaultOnly.observationConfig().observationFilter(region);
        defaultOnly.observationConfig().observationHandler(new DefaultMeterObservationHandler(defaultMeters));
        Map<String, Double> expected = run(defaultMeters, defaultOnly);

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry host = ObservationRegistry.create();
        host.observationConfig().observationFilter(region);
        host.observationConfig()
                .observationHandler(new FirstMatchingCompositeObservationHandler(
                        new GuardrailsMeterObservationHandler(meters), new DefaultMeterObservationHandler(meters)));
        Map<String, Double> actual = run(meters, host);

        assertEquals(expected, actual);
        assertTrue(
                actual.keySet().stream()
                        .anyMatch(k -> k.startsWith("guardrails.rail[") && k.contains("tag(region=eu)")),
                actual::toString);
    }
}
