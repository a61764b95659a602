package io.github.guardrails4j.springboot;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.springai.NemoGuardAdvisor;
import io.github.guardrails4j.stream.StreamingConfig;
import org.springframework.ai.chat.client.ChatClientCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Configures Guardrails4j from the {@code guardrails.*} properties ({@link GuardrailsProperties}): the NIM clients
 * ({@link NimClients}, closed with the context), the {@link Guardrails}, the {@link StreamingConfig} of streamed
 * answers and the {@link NemoGuardAdvisor}, each only when the application has no bean of that type, and a
 * {@link ChatClientCustomizer} that adds the advisor to every ChatClient built from Spring AI's auto-configured
 * builder ({@code guardrails.advisor.chat-client-default}, default true).
 *
 * <p>Off with {@code guardrails.enabled=false}. A missing or bad property fails start-up with a
 * {@link io.github.guardrails4j.exception.ConfigurationException} whose message starts with the property's name.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = GuardrailsProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(GuardrailsProperties.class)
public class GuardrailsAutoConfiguration {
    /** Created by Spring. */
    public GuardrailsAutoConfiguration() {}

    /**
     * Sets props.
     *
     * @param props the bound properties
     * @param environment where the API key variable is looked up
     * @return one client per distinct NIM URL of an enabled rail
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public NimClients guardrailsNimClients(GuardrailsProperties props, Environment environment) {
        return new RailsFactory(props, environment).clients();
    }

    /**
     * Sets props.
     *
     * @param props the bound properties
     * @param environment where the API key variable is looked up
     * @param clients the NIM clients
     * @param listeners the listener factory of every check, if any ({@link GuardrailsObservationAutoConfiguration}
     *     makes one when the application has an {@code ObservationRegistry})
     * @return the rails of every enabled property group
     */
    @Bean
    @ConditionalOnMissingBean
    public Guardrails guardrails(
            GuardrailsProperties props,
            Environment environment,
            NimClients clients,
            ObjectProvider<GuardrailsListener.Factory> listeners) {
        Guardrails guardrails = new RailsFactory(props, environment).guardrails(clients);
        GuardrailsListener.Factory factory = listeners.getIfUnique();
        return factory == null
                ? guardrails
                : guardrails.toBuilder().listenerFactory(factory).build();
    }

    /**
     * Sets props.
     *
     * @param props the bound properties
     * @return chunking and release settings of streamed answers
     */
    @Bean
    @ConditionalOnMissingBean
    public StreamingConfig guardrailsStreamingConfig(GuardrailsProperties props) {
        return RailsFactory.streaming(props.getStreaming());
    }

    /**
     * Sets props.
     *
     * @param props the bound properties
     * @param guardrails the rails
     * @param streaming the streaming settings
     * @return the advisor
     */
    @Bean
    @ConditionalOnMissingBean
    public NemoGuardAdvisor nemoGuardAdvisor(
            GuardrailsProperties props, Guardrails guardrails, StreamingConfig streaming) {
        GuardrailsProperties.Advisor a = props.getAdvisor();
        return NemoGuardAdvisor.builder(guardrails)
                .streaming(streaming)
                .refusal(a.getRefusal())
                .blockAction(a.getBlockAction())
                .order(a.getOrder())
                .build();
    }

    /**
     * Sets advisor.
     *
     * @param advisor the advisor (the application's own, when it defines one)
     * @return a customizer adding the advisor to Spring AI's auto-configured ChatClient builders
     */
    @Bean
    @ConditionalOnProperty(
            prefix = GuardrailsProperties.PREFIX + ".advisor",
            name = "chat-client-default",
            matchIfMissing = true)
    public ChatClientCustomizer nemoGuardChatClientCustomizer(ObjectProvider<NemoGuardAdvisor> advisor) {
        return builder -> builder.defaultAdvisors(advisor.getObject());
    }
}
