package io.github.guardrails4j.springboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.springboot.NimClients;
import io.github.guardrails4j.testkit.NimSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
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
            assertEquals(1, rail.count());
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
