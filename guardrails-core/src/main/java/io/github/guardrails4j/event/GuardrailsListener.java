package io.github.guardrails4j.event;

/**
 * Receives one event per rail call, for metrics, tracing and logs. Binding modules (Micrometer, OpenTelemetry)
 * implement it; core has no dependency on them.
 *
 * <p><b>Rules for implementations:</b> be fast and never block (methods run on the thread that completed the
 * rail, often an HTTP dispatcher thread); never call back into {@code Guardrails}; be thread safe. A listener that
 * throws is logged once and never fails or changes a check. Methods default to no-ops.
 */
public interface GuardrailsListener {
    /** A listener that ignores every event. */
    GuardrailsListener NONE = new GuardrailsListener() {};

    /**
     * A rail produced its verdict (rails cancelled because another rail decided first produce none).
     *
     * @param event the finished call
     */
    default void railCompleted(RailEvent event) {}
}
