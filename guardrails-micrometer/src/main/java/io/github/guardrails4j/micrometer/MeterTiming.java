package io.github.guardrails4j.micrometer;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.LongTaskTimer;
import java.util.Iterator;

/**
 * What {@link GuardrailsMeterObservationHandler} keeps in one observation's context ({@link RailContext},
 * {@link RequestContext}): the start (the clock's monotonic time, the {@code .active} long task timer's sample), and
 * which {@link KeyValues} the context's low-cardinality key values are, so that the handler can use that immutable
 * instance as its meter key without building a sorted copy from the context's map at start and at stop.
 *
 * <p>The contexts report every change of their low-cardinality key values here: {@link #added(KeyValues)} for a set
 * (what {@code SimpleObservation} does with a convention's key values at start and at stop), {@link #mixed()} for a
 * single key value added or removed (a filter, a host's {@code lowCardinalityKeyValue}). As long as every set had the
 * same keys and nothing else changed, the context holds exactly the last set; otherwise {@link #tags()} is null and
 * the handler reads the context's key values. Written and read on the threads that start and stop the observation:
 * the fields are volatile.
 */
final class MeterTiming {
    volatile long startNanos;
    volatile LongTaskTimer.Sample active;
    private volatile KeyValues last;
    private volatile boolean mixed;

    /** {@return the context's low-cardinality key values when they are exactly one set it was given, else null} */
    KeyValues tags() {
        return mixed ? null : last;
    }

    /**
     * A set of key values was added to the context (each replaces the value of its key).
     *
     * @param keyValues the set
     */
    void added(KeyValues keyValues) {
        KeyValues previous = last;
        if (previous != null && previous != keyValues && !sameKeys(previous, keyValues)) {
            mixed = true;
        }
        last = keyValues;
    }

    /** A key value was added to or removed from the context one by one. */
    void mixed() {
        mixed = true;
    }

    static boolean sameKeys(KeyValues a, KeyValues b) {
        Iterator<KeyValue> i = a.iterator();
        Iterator<KeyValue> j = b.iterator();
        while (i.hasNext() && j.hasNext()) {
            if (!i.next().getKey().equals(j.next().getKey())) {
                return false;
            }
        }
        return !i.hasNext() && !j.hasNext();
    }
}
