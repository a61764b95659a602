package io.github.guardrails4j.springboot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code guardrails} health indicator ({@link GuardrailsHealthIndicator}), when actuator's health support is on
 * the class path and the starter created the NIM clients. Off with {@code management.health.guardrails.enabled=false}.
 */
@AutoConfiguration(after = GuardrailsAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(NimClients.class)
@ConditionalOnEnabledHealthIndicator("guardrails")
public class GuardrailsHealthAutoConfiguration {
    /** Created by Spring. */
    public GuardrailsHealthAutoConfiguration() {}

    /**
     * Sets clients.
     *
     * @param clients the NIM clients to probe
     * @return the indicator, named {@code guardrails} in the health endpoint
     */
    @Bean(name = "guardrailsHealthIndicator")
    @ConditionalOnMissingBean(name = "guardrailsHealthIndicator")
    public GuardrailsHealthIndicator guardrailsHealthIndicator(NimClients clients) {
        return new GuardrailsHealthIndicator(clients, GuardrailsHealthIndicator.DEFAULT_TIMEOUT);
    }
}
