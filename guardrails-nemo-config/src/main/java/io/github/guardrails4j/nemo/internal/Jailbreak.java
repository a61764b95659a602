package io.github.guardrails4j.nemo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.guardrails4j.model.builtin.NemoGuardModels;
import io.github.guardrails4j.nim.JailbreakDetectionRail;
import io.github.guardrails4j.rail.RailDirection;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Reads {@code rails.config.jailbreak_detection} into the jailbreak detection rail's endpoint, as NeMo's NIM client joins it. Stateless. */
final class Jailbreak {
    /** NeMo's default {@code nim_server_endpoint} of jailbreak detection. */
    static final String DEFAULT_ENDPOINT = "classify";
    /** NeMo's default port of the deprecated {@code nim_url}. */
    static final int DEFAULT_PORT = 8000;

    private static final Set<String> JAILBREAK_KEYS = Set.of(
            "nim_base_url",
            "nim_server_endpoint",
            "api_key_env_var",
            "api_key",
            "nim_url",
            "nim_port",
            "embedding",
            "length_per_perplexity_threshold",
            "prefix_suffix_perplexity_threshold");

    private Jailbreak() {}

    static RailPlan plan(
            String flow,
            JsonNode railConfig,
            String top,
            Map<String, String> env,
            String override,
            boolean keysRequired,
            Problems problems) {
        String at = top + "rails.config.jailbreak_detection.";
        JsonNode jd = railConfig == null ? null : railConfig.get("jailbreak_detection");
        Nodes.onlyKnownKeys(
                jd,
                at,
                new HashSet<>(JAILBREAK_KEYS),
                problems,
                "not supported (the jailbreak detection server and in-process model are not supported)");
        String base = Nodes.text(jd, "nim_base_url", at, problems);
        String nimUrl = Nodes.text(jd, "nim_url", at, problems);
        if (base == null && nimUrl != null) {
            Integer port = Nodes.positiveInt(jd, "nim_port", at, problems);
            base = "http://" + nimUrl + ":" + (port != null ? port : DEFAULT_PORT) + "/v1";
            problems.warn(at + "nim_url/nim_port are deprecated in NeMo: read as nim_base_url " + base);
        }
        if (base == null) {
            problems.unsupported(at + "nim_base_url is not set: NeMo would call its jailbreak detection server or an "
                    + "in-process model, which Guardrails4j does not support; set nim_base_url to a NemoGuard "
                    + "JailbreakDetect NIM");
            return null;
        }
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            problems.error(at + "nim_base_url must start with http:// or https://");
            return null;
        }
        String endpoint = Nodes.text(jd, "nim_server_endpoint", at, problems);
        endpoint = endpoint != null ? endpoint : DEFAULT_ENDPOINT;
        // NeMo's join_nim_url: the base with one trailing slash, then the endpoint without its leading slashes
        String joined = base.replaceAll("/+$", "") + "/" + endpoint.replaceAll("^/+", "");
        URI uri;
        try {
            uri = new URI(joined);
        } catch (URISyntaxException e) {
            problems.error(at + "nim_base_url and nim_server_endpoint do not make a URL: " + e.getReason());
            return null;
        }
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        String path = uri.getRawPath();
        String apiKey = Nodes.text(jd, "api_key", at, problems);
        String keyVar = Nodes.text(jd, "api_key_env_var", at, problems);
        if (apiKey == null && keyVar != null) {
            apiKey = env.get(keyVar);
            if ((apiKey == null || apiKey.isBlank()) && keysRequired) {
                problems.error(at + "api_key_env_var names " + keyVar + ", which is not set in the environment; "
                        + "export " + keyVar + " with the jailbreak NIM's API key");
            }
        }
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        return new RailPlan(
                flow,
                RailDirection.INPUT,
                JailbreakDetectionRail.DEFAULT_NAME,
                "jailbreak_detection",
                NemoGuardModels.JAILBREAK_DETECT,
                override != null ? override : origin,
                apiKey,
                path,
                null);
    }
}
