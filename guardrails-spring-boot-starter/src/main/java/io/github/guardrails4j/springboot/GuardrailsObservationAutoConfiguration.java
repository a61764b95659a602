package io.github.guardrails4j.springboot;

import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.micrometer.EndpointGauges;
import io.github.guardrails4j.micrometer.GuardrailsMeterObservationHandler;
import io.github.guardrails4j.micrometer.GuardrailsObservation;
import io.github.guardrails4j.nim.NimClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Observes every check when the application has an {@link ObservationRegistry} (Spring Boot's actuator, or
 * {@code spring-boot-micrometer-observation}): a {@link GuardrailsListener.Factory} from
 * {@link GuardrailsObservation} that the {@code Guardrails} bean uses, with the counters on the application's
 * {@link MeterRegistry} when there is one. With a {@link MeterRegistry}, the timers of {@code guardrails.request} and
 * {@code guardrails.rail} come from a {@link GuardrailsMeterObservationHandler} bean ordered first: Spring Boot puts
 * every {@code MeterObservationHandler} bean into one {@code FirstMatchingCompositeObservationHandler} in bean order,
 * so this module's observations are timed once, by it, and every other observation by Boot's
 * {@code DefaultMeterObservationHandler} (it honours {@code management.metrics.observations.ignored-meters} as Boot's
 * does). Spans come from Micrometer Tracing when it is configured (each guard call then carries the rail span's W3C
 * {@code traceparent}). The per-endpoint meters ({@link EndpointGauges}: gauges and resilience4j's circuit breaker
 * meters) of the {@link NimClient}s the starter creates are bound to every {@link MeterRegistry} Spring Boot binds
 * {@link MeterBinder}s to. Off with
 * {@code guardrails.observations.enabled=false}; a user bean of type {@link GuardrailsListener.Factory} replaces the
 * listener factory.
 */
@AutoConfiguration(
        before = GuardrailsAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"
        })
@ConditionalOnClass({GuardrailsObservation.class, ObservationRegistry.class})
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnProperty(prefix = GuardrailsProperties.PREFIX, name = "observations.enabled", matchIfMissing = true)
public class GuardrailsObservationAutoConfiguration {
    /** Creates the auto-configuration (Spring does). */
    public GuardrailsObservationAutoConfiguration() {}

    /** Spring Boot's property of the meters its meter observation handler skips: {@value}. */
    static final String IGNORED_METERS = "management.metrics.observations.ignored-meters";

    /**
     * The listener factory of the {@code Guardrails} bean.
     *
     * @param observations the application's observation registry
     * @param meters the application's meter registry, if any (counters and token summary)
     * @return the factory
     */
    @Bean
    @ConditionalOnMissingBean
    public GuardrailsListener.Factory guardrailsListenerFactory(
            ObservationRegistry observations, ObjectProvider<MeterRegistry> meters) {
        GuardrailsObservation.Builder b = GuardrailsObservation.builder(observations);
        MeterRegistry registry = meters.getIfUnique();
        if (registry != null) {
            b.meterRegistry(registry);
        }
        return b.build();
    }

    /**
     * The meter handler of this module's observations, first among the application's meter observation handlers.
     *
     * @param meters the application's meter registry
     * @param environment for {@code management.metrics.observations.ignored-meters}
     * @return the handler
     */
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public GuardrailsMeterObservationHandler guardrailsMeterObservationHandler(
            ObjectProvider<MeterRegistry> meters, Environment environment) {
        IgnoredMeters[] ignored = Binder.get(environment)
                .bind(IGNORED_METERS, Bindable.listOf(IgnoredMeters.class))
                .orElse(List.of())
                .toArray(IgnoredMeters[]::new);
        return new GuardrailsMeterObservationHandler(meters.getObject(), ignored);
    }

    /**
     * The gauges {@code guardrails.endpoint.inflight}, {@code .queued} and {@code .limit} of every endpoint of the
     * starter's {@link NimClients} (none when the application defines its own clients bean without them), bound by
     * Spring Boot to the application's meter registries.
     *
     * @param clients the starter's NIM clients, if any
     * @return the binder
     */
    @Bean
    @ConditionalOnMissingBean(name = "guardrailsEndpointGauges")
    public MeterBinder guardrailsEndpointGauges(ObjectProvider<NimClients> clients) {
        return registry ->
                clients.ifAvailable(c -> c.byUrl().values().forEach(client -> EndpointGauges.bind(registry, client)));
    }
}
