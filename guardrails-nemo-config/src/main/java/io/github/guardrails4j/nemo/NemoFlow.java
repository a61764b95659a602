package io.github.guardrails4j.nemo;

import io.github.guardrails4j.rail.RailDirection;
import java.util.Objects;
import java.util.Optional;

/**
 * One NemoGuard flow of a NeMo Guardrails configuration as Guardrails4j runs it: the rail it became and where that
 * rail sends its requests. Holds no secret. Immutable and thread safe.
 *
 * @param flow the flow as written in {@code rails.input.flows} or {@code rails.output.flows}, for example
 *     {@code content safety check input $model=content_safety}
 * @param direction the direction the rail judges
 * @param railName the rail's name ({@code content-safety-input}, {@code content-safety-output},
 *     {@code topic-control}, {@code jailbreak-detection}; suffixed with {@code -TYPE} when a name would repeat)
 * @param modelType the {@code models[].type} the flow names with {@code $model=}, or {@code jailbreak_detection}
 * @param modelId the served model id sent as {@code "model"} (for jailbreak detection, which sends none, the NIM's
 *     id)
 * @param baseUrl the endpoint's base URL
 * @param path the request path of jailbreak detection ({@code nim_base_url} joined with
 *     {@code nim_server_endpoint}), empty for chat completions ({@code /v1/chat/completions})
 */
public record NemoFlow(
        String flow,
        RailDirection direction,
        String railName,
        String modelType,
        String modelId,
        String baseUrl,
        Optional<String> path) {
    /**
     * Checks for nulls.
     *
     * @param flow the flow
     * @param direction the direction
     * @param railName the rail's name
     * @param modelType the model type
     * @param modelId the model id
     * @param baseUrl the base URL
     * @param path the jailbreak path, or empty
     * @throws NullPointerException when an argument is null
     */
    public NemoFlow {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(railName, "railName");
        Objects.requireNonNull(modelType, "modelType");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(path, "path");
    }
}
