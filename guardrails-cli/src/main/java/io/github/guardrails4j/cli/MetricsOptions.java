package io.github.guardrails4j.cli;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.micrometer.EndpointGauges;
import io.github.guardrails4j.micrometer.GuardrailsObservation;
import io.github.guardrails4j.nim.NimClient;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import picocli.CommandLine.Option;

/**
 * The {@code --metrics-out FILE} option of {@code check} and {@code bench} (a picocli mixin): the checks are
 * observed by {@code guardrails-micrometer} on a Prometheus registry, whose scrape (Prometheus text format 0.0.4)
 * is written to the file at the end: the same meters an application exports. Not thread safe: filled by picocli,
 * used once per execution.
 */
final class MetricsOptions {
    @Option(
            names = "--metrics-out",
            paramLabel = "FILE",
            description = "Write the Guardrails4j meters of the checks (guardrails.*, gen_ai.client.*) to FILE in "
                    + "the Prometheus text format when the run ends (see docs/observability.md).")
    Path metricsOut;

    private PrometheusMeterRegistry prometheus;

    /**
     * The guardrails, observed when {@code --metrics-out} is set, else as given.
     *
     * @param guardrails the configured guardrails, with {@code shared} as their listener factory if any
     * @param shared the listener factory every check must still reach (bench's cache statistics, the verdict cache
     *     counter), or null
     * @param clients the clients whose per-endpoint gauges ({@code guardrails.endpoint.*}) the file includes
     * @return the guardrails to run
     */
    Guardrails observe(Guardrails guardrails, GuardrailsListener.Factory shared, Collection<NimClient> clients) {
        if (metricsOut == null) {
            return guardrails;
        }
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(prometheus));
        GuardrailsListener.Factory meters = GuardrailsObservation.listenerFactory(observations, prometheus);
        clients.forEach(c -> EndpointGauges.bind(prometheus, c));
        // a check's listeners have ended before its caller gets the result, so write() sees every check
        return guardrails.toBuilder()
                .listenerFactory(shared == null ? meters : TeeListener.of(shared, meters))
                .build();
    }

    /**
     * Writes the scrape, when {@code --metrics-out} is set.
     *
     * @return the file written, or null when the option is not set
     * @throws IOException when the file cannot be written
     */
    Path write() throws IOException {
        if (metricsOut == null || prometheus == null) {
            return null;
        }
        try (OutputStream out = Files.newOutputStream(metricsOut)) {
            prometheus.scrape(out);
        }
        return metricsOut;
    }
}
