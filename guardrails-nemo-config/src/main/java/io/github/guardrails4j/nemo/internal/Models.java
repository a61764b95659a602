package io.github.guardrails4j.nemo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.guardrails4j.model.builtin.NemoGuardModels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code models[]} of a NeMo configuration: engines, model ids, base URLs, API keys, parameters, cache. Stateless. */
final class Models {
    /** NeMo's default base URL of the {@code nim} engine (NVIDIA's hosted API). */
    static final String NIM_DEFAULT_BASE_URL = "https://integrate.api.nvidia.com/v1";
    /** The default base URL of the {@code openai} engine. */
    static final String OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private static final Set<String> MODEL_KEYS =
            Set.of("type", "engine", "model", "parameters", "api_key_env_var", "cache", "mode");
    private static final Set<String> PARAMETER_KEYS = Set.of(
            "base_url", "openai_api_base", "model", "model_name", "temperature", "top_p", "chat_template_kwargs");

    private Models() {}

    static Map<String, ModelEntry> read(
            JsonNode root,
            String top,
            Map<String, String> env,
            String override,
            boolean keysRequired,
            Problems problems) {
        Map<String, ModelEntry> byType = new LinkedHashMap<>();
        List<JsonNode> list = Nodes.list(root, "models", top, problems);
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String at = top + "models[" + i + "]";
            if (!m.isObject()) {
                problems.error(at + " must be a mapping with type: and engine:, got a " + Nodes.kind(m));
                continue;
            }
            String type = Nodes.text(m, "type", at + ".", problems);
            if (type == null || type.isBlank()) {
                problems.error(at + ".type is missing; every model needs a type (main, content_safety, ...)");
                continue;
            }
            String label = at + " (type " + type + ")";
            String where = label + ".";
            if (byType.containsKey(type)) {
                problems.error(where + "type repeats models[" + byType.get(type).index() + "]; give each model "
                        + "its own type and refer to it with $model=TYPE");
                continue;
            }
            JsonNode parameters = Nodes.object(m, "parameters", where, problems);
            String model = Nodes.text(m, "model", where, problems);
            String pModel = Nodes.text(parameters, "model", where + "parameters.", problems);
            String pModelName = Nodes.text(parameters, "model_name", where + "parameters.", problems);
            int given = (model != null ? 1 : 0) + (pModel != null ? 1 : 0) + (pModelName != null ? 1 : 0);
            String modelId = model != null ? model : pModel != null ? pModel : pModelName;
            if (given > 1) {
                problems.error(where + "model is given in more than one place (model, parameters.model, "
                        + "parameters.model_name); NeMo requires exactly one: keep one of them");
            } else if (given == 0 && !"main".equals(type)) {
                problems.error(where + "model is missing; set model: (or parameters.model / parameters.model_name) "
                        + "to the served model id, for example " + NemoGuardModels.CONTENT_SAFETY);
            }
            String engine = Nodes.text(m, "engine", where, problems);
            String baseUrl = null;
            String apiKey = null;
            if (!"main".equals(type)) {
                String b = Nodes.text(parameters, "base_url", where + "parameters.", problems);
                String legacy = Nodes.text(parameters, "openai_api_base", where + "parameters.", problems);
                if (b != null && legacy != null) {
                    problems.error(where + "parameters sets both base_url and openai_api_base; keep base_url");
                }
                baseUrl = b != null ? b : legacy;
                if (legacy != null && b == null) {
                    problems.warn(where + "parameters.openai_api_base is read as base_url (NeMo 0.23's default LLM "
                            + "framework refuses it: rename it to base_url)");
                }
                if (baseUrl != null
                        && override == null
                        && !baseUrl.strip().replaceAll("/+$", "").endsWith("/v1")) {
                    problems.warn(where + "parameters.base_url " + baseUrl + " does not end with /v1: Guardrails4j "
                            + "posts to <base>/v1/chat/completions, NeMo to <base>/chat/completions");
                }
                String defaultKeyVar = null;
                if (engine == null) {
                    problems.error(where + "engine is missing; use nim, openai or vllm_openai");
                } else {
                    switch (engine) {
                        case "nim":
                        case "nvidia_ai_endpoints":
                            baseUrl = baseUrl != null ? baseUrl : NIM_DEFAULT_BASE_URL;
                            defaultKeyVar = "NVIDIA_API_KEY";
                            break;
                        case "openai":
                            baseUrl = baseUrl != null ? baseUrl : OPENAI_DEFAULT_BASE_URL;
                            defaultKeyVar = "OPENAI_API_KEY";
                            break;
                        case "vllm_openai":
                        case "vllm":
                            if (baseUrl == null) {
                                problems.error(where + "engine " + engine + " needs parameters.base_url, the "
                                        + "server's OpenAI-compatible URL such as http://localhost:8000/v1");
                            }
                            break;
                        default:
                            problems.unsupported(where + "engine " + engine + ": only OpenAI-compatible chat "
                                    + "endpoints are supported (nim, nvidia_ai_endpoints, openai, vllm_openai)");
                    }
                }
                String keyVar = Nodes.text(m, "api_key_env_var", where, problems);
                if (keyVar != null) {
                    apiKey = env.get(keyVar);
                    if ((apiKey == null || apiKey.isBlank()) && keysRequired) {
                        problems.error(where + "api_key_env_var names " + keyVar + ", which is not set in the "
                                + "environment; export " + keyVar + " with the endpoint's API key");
                    }
                } else if (defaultKeyVar != null) {
                    apiKey = env.get(defaultKeyVar); // as NeMo's engines read their usual variable
                }
                apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
                if (override != null) {
                    baseUrl = override;
                }
            }
            byType.put(type, new ModelEntry(i, type, engine, modelId, baseUrl, apiKey, parameters, m, where));
        }
        return byType;
    }

    static void cacheSettings(ModelEntry m, Map<String, Integer> cache, Problems problems) {
        JsonNode c = Nodes.object(m.node(), "cache", m.where(), problems);
        Nodes.onlyKnownKeys(c, m.where() + "cache.", Set.of("enabled", "maxsize", "stats"), problems, "not supported");
        if (Nodes.bool(c, "enabled", false, m.where() + "cache.", problems)) {
            Integer maxsize = Nodes.positiveInt(c, "maxsize", m.where() + "cache.", problems);
            cache.put(m.type(), maxsize);
            if (c.has("stats")) {
                problems.warn(m.where() + "cache.stats is not used: verdict cache lookups are reported to "
                        + "GuardrailsListener.verdictCacheLookup");
            }
        }
    }

    static void checkParameters(ModelEntry model, Problems problems) {
        Nodes.onlyKnownKeys(model.node(), model.where(), MODEL_KEYS, problems, "not supported for a guard model");
        String mode = Nodes.text(model.node(), "mode", model.where(), problems);
        if (mode != null && !mode.equals("chat")) {
            problems.unsupported(model.where() + "mode " + mode + ": guard models are called as chat completions");
        }
        Nodes.onlyKnownKeys(
                model.parameters(),
                model.where() + "parameters.",
                PARAMETER_KEYS,
                problems,
                "not supported for a guard model (an API key goes in an environment variable named by "
                        + "api_key_env_var)");
    }
}
