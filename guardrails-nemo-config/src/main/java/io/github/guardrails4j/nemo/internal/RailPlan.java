package io.github.guardrails4j.nemo.internal;

import io.github.guardrails4j.model.GuardModel;
import io.github.guardrails4j.rail.RailDirection;

/**
 * One rail a NeMo flow maps to, resolved from the configuration: where it sends its requests and the guard model
 * that renders them. Immutable; {@link #toString()} never prints the API key.
 *
 * @param flow the flow as written in {@code rails.input/output.flows}
 * @param direction the direction it judges
 * @param name the rail's name
 * @param modelType the {@code models[].type} it uses, or {@code jailbreak_detection}
 * @param modelId the served model id (the NIM's for jailbreak detection, which sends none)
 * @param baseUrl the endpoint's base URL
 * @param apiKey the API key read from the environment, or null for none
 * @param path the request path below the base URL for jailbreak detection, or null for chat completions
 * @param model the guard model of a chat rail, or null for jailbreak detection
 */
public record RailPlan(
        String flow,
        RailDirection direction,
        String name,
        String modelType,
        String modelId,
        String baseUrl,
        String apiKey,
        String path,
        GuardModel model) {
    @Override
    public String toString() {
        return "RailPlan{flow=" + flow + ", name=" + name + ", model=" + modelId + ", baseUrl=" + baseUrl
                + (path == null ? "" : ", path=" + path) + (apiKey == null ? "" : ", apiKey=****") + '}';
    }
}
