package io.github.guardrails4j.cli;

import io.github.guardrails4j.testkit.LatencyModel;

/** The simulator latency models selectable on the command line. */
enum SimLatency {
    /** About what an 8B guard on one modern GPU takes: prefill plus per-token decoding. */
    realistic,
    /** Answer at once. */
    none;

    LatencyModel model() {
        return this == realistic ? LatencyModel.realistic() : LatencyModel.none();
    }
}
