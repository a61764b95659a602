package io.github.guardrails4j.micrometer;

import io.github.guardrails4j.event.GuardrailsListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.observation.ObservationRegistry;
import java.util.Arrays;
import java.util.Objects;

/**
 * Micrometer for Guardrails4j: a {@link GuardrailsListener.Factory} that turns every check into a
 * {@link GuardrailsMetricNames#REQUEST guardrails.request} observation with one
 * {@link GuardrailsMetricNames#RAIL guardrails.rail} child per rail (timers through the host's
 * {@code DefaultMeterObservationHandler}, spans through Micrometer Tracing), and, given a {@link MeterRegistry},
 * counts blocked checks, violations per category, retries and GenAI token usage. Every HTTP attempt of a rail
 * carries the W3C trace context of the rail's span (when a tracing handler is registered) and a fresh
 * {@value GuardrailsMetricNames#REQUEST_ID_HEADER}. No user text, answer, model output or credential ever becomes a
 * tag or a span attribute: the events this module reads carry none.
 *
 * <p>One line for plain Java:
 *
 * <pre>{@code
 * Guardrails.builder()...listenerFactory(GuardrailsObservation.listenerFactory(observationRegistry, meterRegistry))
 * }</pre>
 *
 * <p><b>Metrics only.</b> Given a {@link MeterRegistry} and an observation registry with no handler
 * ({@link ObservationRegistry#NOOP}, or any registry whose {@link ObservationRegistry#isNoop()} is true when a check
 * starts), the listener makes no observation and records the same {@code guardrails.request} and
 * {@code guardrails.rail} timers itself: the meters (names, tags including Micrometer's {@code error} tag, the
 * {@code .active} long task timers, the {@code guardrails.rail.retry} event counter) that Micrometer's
 * {@code DefaultMeterObservationHandler} would make for the observations, from meters registered once per tag set.
 * Their tags come from the builder's conventions (or the defaults); conventions and filters registered globally on
 * the observation registry apply to observations only. This is the cheapest way to get the timers:
 *
 * <pre>{@code
 * Guardrails.builder()...listenerFactory(GuardrailsObservation.listenerFactory(ObservationRegistry.NOOP, meterRegistry))
 * }</pre>
 *
 * <p>Spring Boot's Guardrails starter does this automatically when an {@code ObservationRegistry} bean exists. The
 * factory and its listeners are thread safe.
 */
public final class GuardrailsObservation {
    private GuardrailsObservation() {}

    /**
     * The observations only (timers and spans come from the handlers registered on the registry; no counters).
     *
     * @param observations the host's observation registry; {@link ObservationRegistry#NOOP} records nothing
     * @return a listener factory for {@code Guardrails.Builder.listenerFactory}
     * @throws NullPointerException when observations is null
     */
    public static GuardrailsListener.Factory listenerFactory(ObservationRegistry observations) {
        return builder(observations).build();
    }

    /**
     * The observations and the counters and token summary of {@link GuardrailsMetricNames}; with an observation
     * registry that has no handler, the metrics-only path (the timers without observations, see above).
     *
     * @param observations the host's observation registry; {@link ObservationRegistry#NOOP} for metrics only
     * @param meters the registry of the counters and the token summary
     * @return a listener factory for {@code Guardrails.Builder.listenerFactory}
     * @throws NullPointerException when an argument is null
     */
    public static GuardrailsListener.Factory listenerFactory(ObservationRegistry observations, MeterRegistry meters) {
        return builder(observations).meterRegistry(meters).build();
    }

    /**
     * A builder, to set conventions or a meter registry.
     *
     * @param observations the host's observation registry
     * @return a builder with the default conventions and no meter registry
     * @throws NullPointerException when observations is null
     */
    public static Builder builder(ObservationRegistry observations) {
        return new Builder(Objects.requireNonNull(observations, "observations"));
    }

    /** Configures a listener factory. Not thread safe; the factory it builds is. */
    public static final class Builder {
        private final ObservationRegistry observations;
        private MeterRegistry meters;
        private RailObservationConvention railConvention;
        private RequestObservationConvention requestConvention;
        private boolean longTaskTimers = true;

        private Builder(ObservationRegistry observations) {
            this.observations = observations;
        }

        /**
         * Sets the registry of the counters and the token summary, and of the timers of the metrics-only path (used
         * for the checks that start while the observation registry has no handler). Default: none (no counters).
         *
         * @param meters the registry
         * @return this builder
         * @throws NullPointerException when meters is null
         */
        public Builder meterRegistry(MeterRegistry meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        /**
         * Sets a convention that replaces {@link DefaultRailObservationConvention}. Default: none (the default
         * convention, or one registered globally on the observation registry).
         *
         * @param convention the convention
         * @return this builder
         * @throws NullPointerException when convention is null
         */
        public Builder railConvention(RailObservationConvention convention) {
            this.railConvention = Objects.requireNonNull(convention, "convention");
            return this;
        }

        /**
         * Sets a convention that replaces {@link DefaultRequestObservationConvention}. Default: none (the default
         * convention, or one registered globally on the observation registry).
         *
         * @param convention the convention
         * @return this builder
         * @throws NullPointerException when convention is null
         */
        public Builder requestConvention(RequestObservationConvention convention) {
            this.requestConvention = Objects.requireNonNull(convention, "convention");
            return this;
        }

        /**
         * Skips meters on the metrics-only path, as Micrometer's {@code DefaultMeterObservationHandler} does when
         * given the same: {@link IgnoredMeters#LONG_TASK_TIMER} makes no {@code guardrails.request.active} and
         * {@code guardrails.rail.active} long task timers (each costs a start and a stop in a concurrent skip list
         * per check). Default: none (the long task timers are made, as by Micrometer's handler). Has no effect on the
         * observation path, whose meters come from the registry's handlers.
         *
         * @param ignored the meters not to make
         * @return this builder
         * @throws NullPointerException when ignored or an element is null
         */
        public Builder ignoredMeters(IgnoredMeters... ignored) {
            this.longTaskTimers = Arrays.stream(Objects.requireNonNull(ignored, "ignored"))
                    .map(i -> Objects.requireNonNull(i, "ignored meter"))
                    .noneMatch(i -> i == IgnoredMeters.LONG_TASK_TIMER);
            return this;
        }

        /** {@return the listener factory; immutable and thread safe} */
        public GuardrailsListener.Factory build() {
            GuardrailsMeters counters = meters == null ? null : new GuardrailsMeters(meters);
            ObservationMeters timers = meters == null ? null : new ObservationMeters(meters);
            ObservingSettings settings = new ObservingSettings(
                    observations,
                    railConvention,
                    requestConvention,
                    counters,
                    timers,
                    timers == null ? null : new DefaultTimers(timers, counters),
                    longTaskTimers);
            return started -> settings.listener();
        }
    }
}
