package io.github.guardrails4j.nemo.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** A model entry of {@code models[]}, resolved; {@link #toString()} never prints the API key. */
record ModelEntry(
        int index,
        String type,
        String engine,
        String modelId,
        String baseUrl,
        String apiKey,
        JsonNode parameters,
        JsonNode node,
        String where) {
    @Override
    public String toString() {
        return "ModelEntry{" + where + " model=" + modelId + ", baseUrl=" + baseUrl + '}';
    }
}
