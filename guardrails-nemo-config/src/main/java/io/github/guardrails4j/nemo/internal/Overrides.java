package io.github.guardrails4j.nemo.internal;

import java.util.Map;

/**
 * What a caller sets instead of the configuration (the CLI's options, a test's simulator). Keys of the per-kind
 * maps are the names of {@code io.github.guardrails4j.nemo.FlowKind}: {@link #CONTENT_SAFETY}, {@link #TOPIC_SAFETY},
 * {@link #JAILBREAK_DETECTION}. Immutable.
 *
 * @param baseUrl the base URL of every endpoint, or null
 * @param baseUrls the base URL of the flows of one kind (wins over {@code baseUrl}); the jailbreak endpoint keeps its
 *     path
 * @param modelIds the served model id of the flows of one kind
 * @param topicGuidelines the topic guidelines replacing the topic safety prompt's {@code content}, or null
 */
public record Overrides(
        String baseUrl, Map<String, String> baseUrls, Map<String, String> modelIds, String topicGuidelines) {
    /** Key of the content safety flows. */
    public static final String CONTENT_SAFETY = "CONTENT_SAFETY";
    /** Key of the topic safety flow. */
    public static final String TOPIC_SAFETY = "TOPIC_SAFETY";
    /** Key of the jailbreak detection flow. */
    public static final String JAILBREAK_DETECTION = "JAILBREAK_DETECTION";

    /** None: the configuration as written. */
    public static final Overrides NONE = new Overrides(null, Map.of(), Map.of(), null);

    /**
     * Copies the maps.
     *
     * @param baseUrl the base URL of every endpoint, or null
     * @param baseUrls per-kind base URLs
     * @param modelIds per-kind model ids
     * @param topicGuidelines the topic guidelines, or null
     */
    public Overrides {
        baseUrls = Map.copyOf(baseUrls);
        modelIds = Map.copyOf(modelIds);
    }

    /** {@return true when some endpoint is replaced (a missing API key variable is then no error)} */
    boolean anyUrl() {
        return baseUrl != null || !baseUrls.isEmpty();
    }

    /** {@return the base URL of a kind's flows: its own override, else the global one, else null} */
    String baseUrl(String kind) {
        return baseUrls.getOrDefault(kind, baseUrl);
    }
}
