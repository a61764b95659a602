package io.github.guardrails4j.springboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.micrometer.GuardrailsMeterObservationHandler;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.springboot.NimClients;
import io.github.guardrails4j.testkit.NimSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With actuator on the class path, the real Spring Boot context has an ObservationRegistry and a MeterRegistry: the
 * starter's Guardrails bean observes every check through them, unless switched off.
 */
class ObservationWiringTest {
    static final NimSimulator SIM = NimSimulator.builder().start();

    @AfterAll
    static void stop() {
        SIM.close();
    }

    /** Collects the contexts of stopped observations. Thread safe. */
    static final class Collect implements ObservationHandler<Observation.Context> {
        private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

        @Override
        public void onStop(Observation.Context context) {
            stopped.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }

        List<Observation.Context> contexts() {
            return stopped;
        }

        List<String> names() {
            return stopped.stream().map(Observation.Context::getName).toList();
        }
    }

    @Test
    void theGuardrailsBeanRecordsRailTimersAndBlockCountersOnTheApplicationsRegistry() {
        try (ConfigurableApplicationContext ctx = SimulatorApp.start(SIM, List.of())) {
            Guardrails g = ctx.getBean(Guardrails.class);
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            GuardResult r = g.checkInput("How do I steal a car and kill the owner?")
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            assertTrue(r.blocked(), r.toString());
            String blocker = r.blockingRail().orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (meters.find("guardrails.request").timer() == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            Timer rail = meters.get("guardrails.rail")
                    .tag("rail.name", blocker)
                    .tag("rail.type", "input")
                    .tag("guardrails.verdict", "unsafe")
                    .timer();
            assertEquals(1, rail.count(), "timed once: the starter's handler first, Boot's for the rest");
            Timer request = meters.get("guardrails.request")
                    .tag("guardrails.outcome", "blocked")
                    .tag("guardrails.blocked.by", blocker)
                    .timer();
            assertEquals(1, request.count());
            assertEquals(
                    1.0,
                    meters.get("guardrails.requests.blocked")
                            .tag("rail.type", "input")
                            .counter()
                            .count());
        }
    }

    @Test
    void theStartersMeterHandlerTimesTheChecksAndBootsHandlerTheRest() {
        try (ConfigurableApplicationContext ctx = SimulatorApp.start(SIM, List.of())) {
            ObservationRegistry observations = ctx.getBean(ObservationRegistry.class);
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            assertEquals(
                    1,
                    ctx.getBeansOfType(GuardrailsMeterObservationHandler.class).size());
            Collect collected = new Collect();
            observations.observationConfig().observationHandler(collected);
            ctx.getBean(Guardrails.class)
                    .checkInput("How long should green tea steep?")
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            Observation.createNotStarted("host.work", observations).observe(() -> {});
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (collected.names().size() < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            // Boot's DefaultMeterObservationHandler keeps a Timer.Sample in the contexts it times; ours does not
            for (Observation.Context c : collected.contexts()) {
                assertEquals("host.work".equals(c.getName()), c.containsKey(Timer.Sample.class), c::toString);
            }
            assertEquals(1, meters.get("guardrails.request").timer().count());
            assertEquals(1, meters.get("host.work").timer().count());
        }
    }

    @Test
    void theEndpointGaugesOfTheStartersNimClientAreOnTheApplicationsRegistry() {
        try (ConfigurableApplicationContext ctx = SimulatorApp.start(SIM, List.of())) {
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            NimClient client =
                    ctx.getBean(NimClients.class).byUrl().values().iterator().next();
            String url = client.baseUrl();
            assertEquals(SIM.baseUrl(), url);
            assertTrue(client.endpointLoad().get(0).limit() > 0, client.endpointLoad()::toString);
            assertEquals(
                    client.endpointLoad().get(0).limit(),
                    meters.get("guardrails.endpoint.limit")
                            .tag("guardrails.endpoint", url)
                            .gauge()
                            .value());
            assertEquals(
                    0.0,
                    meters.get("guardrails.endpoint.inflight")
                            .tag("guardrails.endpoint", url)
                            .gauge()
                            .value());
            assertEquals(
                    0.0,
                    meters.get("guardrails.endpoint.queued")
                            .tag("guardrails.endpoint", url)
                            .gauge()
                            .value());
            // the client's circuit breaker through resilience4j's own binder, named after the endpoint
            assertEquals(
                    1.0,
                    meters.get("resilience4j.circuitbreaker.state")
                            .tag("name", "nim " + url)
                            .tag("state", "closed")
                            .gauge()
                            .value());
        }
    }

    @Test
    void offWhenSwitchedOff() {
        try (ConfigurableApplicationContext ctx =
                SimulatorApp.start(SIM, List.of("guardrails.observations.enabled=false"))) {
            assertTrue(ctx.getBeansOfType(GuardrailsListener.Factory.class).isEmpty());
            ctx.getBean(Guardrails.class)
                    .checkInput("How long should green tea steep?")
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
            assertNull(ctx.getBean(MeterRegistry.class).find("guardrails.rail").timer());
        }
    }
}
