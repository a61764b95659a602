package io.github.guardrails4j.micrometer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters Micrometer's {@code DefaultMeterObservationHandler} makes for an observation, registered once per
 * observation name and set of low-cardinality key values and then reused: a {@link Timer} named after the
 * observation, tagged with its key values and {@code error}; a {@link LongTaskTimer} {@code <name>.active} tagged
 * with the key values at start; a {@link Counter} {@code <name>.<event>} per observation event. Shared by
 * {@link GuardrailsMeterObservationHandler} (observations) and {@link TimingListener} (the metrics-only path), so
 * that both make exactly the meters of Micrometer's handler. Thread safe.
 */
final class ObservationMeters {
    private final MeterRegistry registry;
    /** The meters of each observation name, by the observation's low-cardinality key values. */
    private final Map<String, Map<KeyValues, TagSetMeters>> meters = new ConcurrentHashMap<>();

    ObservationMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@return the registry's clock's monotonic time, in nanoseconds (what the timers are recorded with)} */
    long monotonicTime() {
        return registry.config().clock().monotonicTime();
    }

    /**
     * The meters of one observation name and set of key values.
     *
     * @param name the observation's name
     * @param tags its low-cardinality key values
     * @return the meters, registered on first use
     */
    TagSetMeters meters(String name, KeyValues tags) {
        Map<KeyValues, TagSetMeters> byTags = meters.get(name);
        if (byTags == null) {
            byTags = meters.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
        }
        TagSetMeters found = byTags.get(tags);
        return found != null ? found : byTags.computeIfAbsent(tags, t -> new TagSetMeters(name, t));
    }

    /** The meters of one observation name and one set of low-cardinality key values, each registered on first use. */
    final class TagSetMeters {
        private final String name;
        private final KeyValues keyValues;
        private final Tags tags;
        private volatile Timer noError;
        private volatile LongTaskTimer active;
        private final Map<String, Timer> byError = new ConcurrentHashMap<>();
        private final Map<String, Counter> events = new ConcurrentHashMap<>();

        TagSetMeters(String name, KeyValues keyValues) {
            this.name = name;
            this.keyValues = keyValues;
            Tags t = Tags.empty();
            for (KeyValue kv : keyValues) {
                t = t.and(Tag.of(kv.getKey(), kv.getValue()));
            }
            this.tags = t;
        }

        /** {@return the observation's name} */
        String name() {
            return name;
        }

        /** {@return the observation's low-cardinality key values these meters are tagged with} */
        KeyValues keyValues() {
            return keyValues;
        }

        /**
         * The timer of observations that ended with this error.
         *
         * @param error the error's simple class name, or {@link KeyValue#NONE_VALUE}
         * @return the timer tagged {@code error=<error>}
         */
        Timer timer(String error) {
            if (KeyValue.NONE_VALUE.equals(error)) {
                Timer t = noError;
                if (t == null) {
                    t = register(error);
                    noError = t;
                }
                return t;
            }
            return byError.computeIfAbsent(error, this::register);
        }

        private Timer register(String error) {
            return registry.timer(name, tags.and("error", error));
        }

        /** {@return the {@code <name>.active} long task timer} */
        LongTaskTimer longTaskTimer() {
            LongTaskTimer t = active;
            if (t == null) {
                t = registry.more().longTaskTimer(name + ".active", tags);
                active = t;
            }
            return t;
        }

        /**
         * The counter of an observation event.
         *
         * @param event the event's name
         * @return the counter {@code <name>.<event>}
         */
        Counter counter(String event) {
            return events.computeIfAbsent(
                    event, e -> Counter.builder(name + "." + e).tags(tags).register(registry));
        }
    }
}
