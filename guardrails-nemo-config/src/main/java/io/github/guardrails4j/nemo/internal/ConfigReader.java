package io.github.guardrails4j.nemo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.builtin.NemoGuardContentSafety;
import io.github.guardrails4j.model.builtin.NemoGuardModels;
import io.github.guardrails4j.model.builtin.NemoGuardTopicControl;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.JailbreakDetectionRail;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.verdict.Taxonomy;
import io.github.guardrails4j.verdict.VerdictParser;
import io.github.guardrails4j.verdict.parser.NemoGuardJsonParser;
import io.github.guardrails4j.verdict.parser.NemotronReasoningParser;
import io.github.guardrails4j.verdict.parser.TopicControlParser;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a NeMo Guardrails configuration folder into rail plans: which NemoGuard flows run in which direction, with
 * which model, endpoint, API key and prompt. Everything wrong or unsupported is collected and thrown at once by
 * {@link Problems}. The mapping of each key is documented in {@code docs/nemo-config.md}. Stateless and thread
 * safe.
 */
public final class ConfigReader {
    /** NeMo's default base URL of the {@code nim} engine (NVIDIA's hosted API). */
    public static final String NIM_DEFAULT_BASE_URL = "https://integrate.api.nvidia.com/v1";
    /** The default base URL of the {@code openai} engine. */
    public static final String OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";
    /** NeMo's default {@code nim_server_endpoint} of jailbreak detection. */
    public static final String JAILBREAK_DEFAULT_ENDPOINT = "classify";
    /** NeMo's default port of the deprecated {@code nim_url}. */
    public static final int JAILBREAK_DEFAULT_PORT = 8000;
    /** NeMo's {@code max_tokens} of a content safety check whose prompt sets none. */
    public static final int CONTENT_SAFETY_DEFAULT_MAX_TOKENS = 3;
    /** The only configuration flag a prompt's {@code {% if %}} may test. */
    public static final String REASONING_ENABLED = "reasoning_enabled";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GUARD_FLOW =
            Pattern.compile("(content safety check input|content safety check output|topic safety check input)\\s+"
                    + "\\$model\\s*=\\s*(\"?)([A-Za-z0-9_.\\-]+)\\2");
    private static final String JAILBREAK_FLOW = "jailbreak detection model";
    private static final Set<String> TOP_LEVEL =
            Set.of("models", "rails", "prompts", "colang_version", "instructions", "sample_conversation");
    private static final Set<String> MODEL_KEYS =
            Set.of("type", "engine", "model", "parameters", "api_key_env_var", "cache", "mode");
    private static final Set<String> PARAMETER_KEYS = Set.of(
            "base_url", "openai_api_base", "model", "model_name", "temperature", "top_p", "chat_template_kwargs");
    private static final Set<String> PROMPT_KEYS =
            Set.of("task", "content", "messages", "output_parser", "max_tokens", "stop", "max_length");
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

    private ConfigReader() {}

    /**
     * What a configuration folder maps to.
     *
     * @param rails the rails, input flows first, each in the order of its {@code flows} list
     * @param streaming {@code rails.output.streaming} when enabled
     * @param warnings what is read but not used, used differently from NeMo, or (lenient) ignored
     * @param unguarded the directions the configuration defines no rail for
     * @param cacheRequested the {@code models[].cache.maxsize} of every model that enables NeMo's cache, by type
     */
    public record Result(
            List<RailPlan> rails,
            Optional<StreamingConfig> streaming,
            List<String> warnings,
            Set<RailDirection> unguarded,
            Map<String, Integer> cacheRequested) {}

    /** A model entry of {@code models[]}, resolved. */
    private record ModelEntry(
            int index,
            String type,
            String engine,
            String modelId,
            String baseUrl,
            String apiKey,
            JsonNode parameters,
            JsonNode node,
            String where) {}

    /** A prompt entry, with where it was written. */
    private record PromptEntry(JsonNode node, String where) {}

    /**
     * Reads a configuration folder.
     *
     * @param dir the folder holding {@code config.yml} and optionally {@code prompts.yml}
     * @param env the environment the API key variables are read from
     * @param lenient whether unsupported settings are ignored with a warning instead of failing
     * @param baseUrlOverride a base URL replacing every endpoint's (scheme, host, port and path prefix; the
     *     jailbreak endpoint keeps its path), or null; with it, a missing API key variable is not an error
     * @param requireApiKeys whether a named API key variable must be set (false for dry runs)
     * @return the rails and settings
     * @throws ConfigurationException listing every mistake and unsupported setting, naming the files
     */
    public static Result read(
            Path dir, Map<String, String> env, boolean lenient, String baseUrlOverride, boolean requireApiKeys) {
        boolean keysRequired = requireApiKeys && baseUrlOverride == null;
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException("the NeMo Guardrails configuration folder " + dir + " is "
                    + (Files.exists(dir) ? "not a folder" : "missing")
                    + "; give the folder that holds config.yml (and prompts.yml)");
        }
        Path configFile = oneOf(dir, "config.yml", "config.yaml", true);
        Path promptsFile = oneOf(dir, "prompts.yml", "prompts.yaml", false);
        String configName = configFile.toString();
        Problems problems = new Problems(dir.toString(), lenient);
        otherFiles(dir, configFile, promptsFile, problems);
        JsonNode root = YamlFiles.read(configFile, configName);
        if (!root.isObject()) {
            throw new ConfigurationException(
                    configName + " must be a mapping with models: and rails:, got a " + Nodes.kind(root));
        }
        String top = configName + ": ";
        Nodes.onlyKnownKeys(
                root, top, TOP_LEVEL, problems, "not a NemoGuard rail setting Guardrails4j reads (it runs only rails)");
        for (String mainOnly : List.of("instructions", "sample_conversation")) {
            if (root.has(mainOnly)) {
                problems.warn(top + mainOnly + " is not used: it shapes the main LLM's prompts, which the host owns");
            }
        }
        String colang = Nodes.text(root, "colang_version", top, problems);
        if (colang != null && !colang.startsWith("1")) {
            problems.unsupported(top + "colang_version " + colang + ": Colang 2 flows are not supported; list the "
                    + "NemoGuard flows under rails.input.flows / rails.output.flows");
        }
        Map<String, ModelEntry> models = models(root, top, env, baseUrlOverride, keysRequired, problems);
        Map<String, PromptEntry> prompts = new LinkedHashMap<>();
        prompts(root, configName, prompts, problems);
        if (promptsFile != null) {
            JsonNode p = YamlFiles.read(promptsFile, promptsFile.toString());
            if (!p.isObject()) {
                problems.error(promptsFile + " must be a mapping with prompts:, got a " + Nodes.kind(p));
            } else {
                Nodes.onlyKnownKeys(
                        p, promptsFile + ": ", Set.of("prompts"), problems, "only prompts: is read from this file");
                prompts(p, promptsFile.toString(), prompts, problems);
            }
        }
        JsonNode rails = Nodes.object(root, "rails", top, problems);
        String railsAt = top + "rails.";
        Nodes.onlyKnownKeys(
                rails,
                railsAt,
                Set.of("input", "output", "config"),
                problems,
                "dialog, retrieval and tool rails are not supported; Guardrails4j runs input and output rails");
        JsonNode railConfig = Nodes.object(rails, "config", railsAt, problems);
        Nodes.onlyKnownKeys(
                railConfig,
                railsAt + "config.",
                Set.of("jailbreak_detection", "content_safety"),
                problems,
                "configures a rail type other than the NemoGuard rails");
        boolean reasoning = contentSafetySettings(railConfig, railsAt + "config.content_safety.", problems);

        List<RailPlan> plans = new ArrayList<>();
        Optional<StreamingConfig> streaming = Optional.empty();
        for (RailDirection direction : RailDirection.values()) {
            String key = direction == RailDirection.INPUT ? "input" : "output";
            JsonNode section = Nodes.object(rails, key, railsAt, problems);
            String at = railsAt + key + ".";
            Nodes.onlyKnownKeys(
                    section,
                    at,
                    direction == RailDirection.INPUT
                            ? Set.of("flows", "parallel")
                            : Set.of("flows", "parallel", "streaming"),
                    problems,
                    "not supported");
            Nodes.bool(section, "parallel", false, at, problems);
            List<JsonNode> flows = Nodes.list(section, "flows", at, problems);
            for (int i = 0; i < flows.size(); i++) {
                String where = at + "flows[" + i + "] ";
                if (!flows.get(i).isTextual()) {
                    problems.error(where + "must be a flow name, got a " + Nodes.kind(flows.get(i)));
                    continue;
                }
                RailPlan plan = flow(
                        flows.get(i).asText().strip(),
                        direction,
                        where,
                        models,
                        prompts,
                        railConfig,
                        top,
                        env,
                        baseUrlOverride,
                        keysRequired,
                        reasoning,
                        problems);
                if (plan != null) {
                    plans.add(plan);
                }
            }
            if (direction == RailDirection.OUTPUT) {
                streaming = streaming(Nodes.object(section, "streaming", at, problems), at + "streaming.", problems);
            }
        }
        Map<String, Integer> cache = new LinkedHashMap<>();
        for (ModelEntry m : models.values()) {
            if (plans.stream().anyMatch(p -> p.modelType().equals(m.type()))) {
                checkParameters(m, problems);
                cacheSettings(m, cache, problems);
            } else {
                problems.warn(m.where().substring(0, m.where().length() - 1) + " is not used by a NemoGuard flow"
                        + ("main".equals(m.type()) ? " (the main LLM: the host calls its own)" : ""));
            }
        }
        if (!problems.failed() && plans.isEmpty()) {
            problems.error(railsAt + "input.flows / output.flows: no NemoGuard flow to run; list at least one of "
                    + "content safety check input $model=..., content safety check output $model=..., topic safety "
                    + "check input $model=..., jailbreak detection model");
        }
        problems.throwIfFailed();
        Set<RailDirection> unguarded = EnumSet.noneOf(RailDirection.class);
        for (RailDirection d : RailDirection.values()) {
            if (plans.stream().noneMatch(p -> p.direction() == d)) {
                unguarded.add(d);
            }
        }
        return new Result(List.copyOf(uniqueNames(plans)), streaming, problems.warnings(), unguarded, cache);
    }

    private static Path oneOf(Path dir, String yml, String yaml, boolean required) {
        Path a = dir.resolve(yml);
        Path b = dir.resolve(yaml);
        boolean hasA = Files.isRegularFile(a);
        boolean hasB = Files.isRegularFile(b);
        if (hasA && hasB) {
            throw new ConfigurationException(dir + " holds both " + yml + " and " + yaml
                    + "; keep one (NeMo would merge them, Guardrails4j reads one file of each kind)");
        }
        if (!hasA && !hasB && required) {
            throw new ConfigurationException(dir + " holds no " + yml + " (or " + yaml + "); give the NeMo Guardrails "
                    + "configuration folder that holds config.yml");
        }
        return hasA ? a : hasB ? b : null;
    }

    private static void otherFiles(Path dir, Path config, Path prompts, Problems problems) {
        Set<String> names = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && !f.equals(config) && !f.equals(prompts)) {
                    names.add(f.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException("cannot list " + dir + ": " + e, e);
        }
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".co")) {
                problems.unsupported(dir.resolve(name) + ": Colang flows are not supported; list the NemoGuard "
                        + "flows under rails.input.flows / rails.output.flows in config.yml");
            } else if (lower.endsWith(".py")) {
                problems.unsupported(dir.resolve(name) + ": custom Python actions are not supported");
            } else if (lower.endsWith(".yml") || lower.endsWith(".yaml")) {
                problems.unsupported(dir.resolve(name) + ": NeMo merges every YAML file of the folder; Guardrails4j "
                        + "reads config.yml and prompts.yml only: move its settings there");
            }
        }
    }

    private static Map<String, ModelEntry> models(
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

    private static void cacheSettings(ModelEntry m, Map<String, Integer> cache, Problems problems) {
        JsonNode c = Nodes.object(m.node(), "cache", m.where(), problems);
        Nodes.onlyKnownKeys(c, m.where() + "cache.", Set.of("enabled", "maxsize", "stats"), problems, "not supported");
        if (Nodes.bool(c, "enabled", false, m.where() + "cache.", problems)) {
            Integer maxsize = Nodes.positiveInt(c, "maxsize", m.where() + "cache.", problems);
            cache.put(m.type(), maxsize);
            // The seam of NeMo's models[].cache: it maps to the opt-in verdict cache once that exists.
            problems.unsupported(m.where() + "cache.enabled: NeMo's model cache maps to a verdict cache, which is "
                    + "unsupported until the verdict cache (issue 15) is released; set enabled: false");
        }
    }

    private static void prompts(JsonNode file, String fileName, Map<String, PromptEntry> prompts, Problems problems) {
        List<JsonNode> list = Nodes.list(file, "prompts", fileName + ": ", problems);
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String at = fileName + ": prompts[" + i + "]";
            if (!p.isObject()) {
                problems.error(at + " must be a mapping with task: and content:, got a " + Nodes.kind(p));
                continue;
            }
            String task = Nodes.text(p, "task", at + ".", problems);
            if (task == null) {
                problems.error(at + ".task is missing");
                continue;
            }
            String normalized = task.strip().replaceAll("\\s+", " ");
            PromptEntry before = prompts.get(normalized);
            if (before != null) {
                problems.error(at + " (task " + normalized + ") repeats "
                        + before.where().strip() + "; keep one prompt per task");
                continue;
            }
            prompts.put(normalized, new PromptEntry(p, at + " (task " + normalized + ")."));
        }
    }

    private static boolean contentSafetySettings(JsonNode railConfig, String at, Problems problems) {
        JsonNode cs = Nodes.object(railConfig, "content_safety", at, problems);
        Nodes.onlyKnownKeys(cs, at, Set.of("reasoning", "multilingual"), problems, "not supported");
        JsonNode reasoning = Nodes.object(cs, "reasoning", at, problems);
        Nodes.onlyKnownKeys(reasoning, at + "reasoning.", Set.of("enabled"), problems, "not supported");
        JsonNode multilingual = Nodes.object(cs, "multilingual", at, problems);
        if (Nodes.bool(multilingual, "enabled", false, at + "multilingual.", problems)) {
            problems.unsupported(at + "multilingual.enabled: NeMo's refusal messages in the user's language are "
                    + "not supported; Guardrails4j returns verdicts and the host writes the refusal");
        }
        return Nodes.bool(reasoning, "enabled", false, at + "reasoning.", problems);
    }

    private static Optional<StreamingConfig> streaming(JsonNode s, String at, Problems problems) {
        Nodes.onlyKnownKeys(
                s, at, Set.of("enabled", "chunk_size", "context_size", "stream_first"), problems, "not supported");
        if (!Nodes.bool(s, "enabled", false, at, problems)) {
            return Optional.empty();
        }
        StreamingConfig.Builder b = StreamingConfig.builder();
        Integer chunk = Nodes.positiveInt(s, "chunk_size", at, problems);
        JsonNode context = s.get("context_size");
        try {
            if (chunk != null) {
                b.chunkSize(chunk);
            }
            if (context != null && !context.isNull()) {
                if (!context.isIntegralNumber() || !context.canConvertToInt()) {
                    problems.error(at + "context_size must be a whole number >= 0, got " + Nodes.describe(context));
                } else {
                    b.contextSize(context.intValue());
                }
            }
            b.streamFirst(Nodes.bool(s, "stream_first", StreamingConfig.DEFAULT_STREAM_FIRST, at, problems));
            return Optional.of(b.build());
        } catch (ConfigurationException e) {
            problems.error(at + e.getMessage());
            return Optional.empty();
        }
    }

    private static RailPlan flow(
            String flow,
            RailDirection direction,
            String where,
            Map<String, ModelEntry> models,
            Map<String, PromptEntry> prompts,
            JsonNode railConfig,
            String top,
            Map<String, String> env,
            String override,
            boolean keysRequired,
            boolean reasoning,
            Problems problems) {
        String at = where + "'" + flow + "': ";
        if (flow.equals(JAILBREAK_FLOW)) {
            if (direction != RailDirection.INPUT) {
                problems.error(at + "jailbreak detection judges the user's message: list it under rails.input.flows");
                return null;
            }
            return jailbreak(flow, railConfig, top, env, override, keysRequired, problems);
        }
        Matcher m = GUARD_FLOW.matcher(flow);
        if (!m.matches()) {
            problems.unsupported(at + "not one of the NemoGuard flows Guardrails4j runs (content safety check "
                    + "input/output $model=TYPE, topic safety check input $model=TYPE, jailbreak detection model)");
            return null;
        }
        String action = m.group(1);
        String type = m.group(3);
        boolean topic = action.startsWith("topic");
        RailDirection flowDirection = action.endsWith("output") ? RailDirection.OUTPUT : RailDirection.INPUT;
        if (flowDirection != direction) {
            problems.error(at + "this flow judges the "
                    + (flowDirection == RailDirection.INPUT ? "user's message" : "answer") + ": list it under rails."
                    + (flowDirection == RailDirection.INPUT ? "input" : "output") + ".flows");
            return null;
        }
        ModelEntry model = models.get(type);
        if (model == null) {
            problems.error(at + "no model of type " + type + " in models[]; add one (type: " + type
                    + ", engine: nim, model: ...)");
            return null;
        }
        String task = action.replace(' ', '_') + " $model=" + type;
        PromptEntry prompt = prompts.get(task);
        if (prompt == null) {
            problems.error(at + "no prompt for task '" + task + "' in prompts.yml (or config.yml prompts:); NeMo's "
                    + (topic ? "topic safety" : "content safety") + " flow needs one: add a prompt with task: " + task);
            return null;
        }
        Nodes.onlyKnownKeys(prompt.node(), prompt.where(), PROMPT_KEYS, problems, "not supported");
        try {
            NemoPromptModel guard = topic
                    ? topicModel(model, prompt, problems)
                    : contentSafetyModel(model, prompt, direction, reasoning, problems);
            if (guard == null) {
                return null;
            }
            String name = topic
                    ? TopicControlRail.DEFAULT_NAME
                    : direction == RailDirection.INPUT
                            ? ContentSafetyRail.DEFAULT_INPUT_NAME
                            : ContentSafetyRail.DEFAULT_OUTPUT_NAME;
            return new RailPlan(
                    flow, direction, name, type, model.modelId(), model.baseUrl(), model.apiKey(), null, guard);
        } catch (ConfigurationException e) {
            problems.error(prompt.where() + " " + e.getMessage());
            return null;
        }
    }

    private static void checkParameters(ModelEntry model, Problems problems) {
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

    private static NemoPromptModel contentSafetyModel(
            ModelEntry model, PromptEntry prompt, RailDirection direction, boolean reasoning, Problems problems) {
        String parserName = Nodes.text(prompt.node(), "output_parser", prompt.where(), problems);
        VerdictParser parser;
        Taxonomy taxonomy = null;
        String expected = direction == RailDirection.INPUT ? "prompt" : "response";
        if (parserName == null) {
            problems.error(prompt.where() + "output_parser is missing; a content safety prompt needs one, for example "
                    + "nemoguard_parse_" + expected + "_safety");
            return null;
        }
        switch (parserName) {
            case "nemoguard_parse_prompt_safety":
            case "nemoguard_parse_response_safety":
                parser = direction == RailDirection.INPUT
                        ? NemoGuardJsonParser.forUserSafety()
                        : NemoGuardJsonParser.forResponseSafety();
                taxonomy = Taxonomy.NEMOGUARD;
                break;
            case "nemotron_reasoning_parse_prompt_safety":
            case "nemotron_reasoning_parse_response_safety":
                parser = direction == RailDirection.INPUT
                        ? NemotronReasoningParser.forPrompt()
                        : NemotronReasoningParser.forResponse();
                break;
            default:
                problems.unsupported(prompt.where() + "output_parser " + parserName + ": supported are "
                        + "nemoguard_parse_prompt_safety, nemoguard_parse_response_safety, "
                        + "nemotron_reasoning_parse_prompt_safety, nemotron_reasoning_parse_response_safety");
                parser = null;
        }
        if (parser != null && !parserName.endsWith("_" + expected + "_safety")) {
            problems.error(prompt.where() + "output_parser " + parserName + " reads the other direction's verdict; "
                    + "this " + (direction == RailDirection.INPUT ? "input" : "output") + " check needs the *_"
                    + expected + "_safety parser");
            return null;
        }
        Set<String> allowed = direction == RailDirection.INPUT
                ? Set.of(NemoGuardPrompts.USER_INPUT)
                : Set.of(NemoGuardPrompts.USER_INPUT, NemoGuardPrompts.BOT_RESPONSE);
        Integer maxTokens = Nodes.positiveInt(prompt.node(), "max_tokens", prompt.where(), problems);
        NemoPromptModel.Builder b = NemoPromptModel.builder(
                        direction, CONTENT_SAFETY_DEFAULT_MAX_TOKENS, NemoGuardContentSafety.DEFAULT_TEMPERATURE)
                .taxonomy(taxonomy);
        if (parser != null) {
            b.parser(parser);
        }
        if (!messages(b, prompt, allowed, Map.of(REASONING_ENABLED, reasoning), problems) || parser == null) {
            return null;
        }
        return finish(b, model, prompt, maxTokens, problems);
    }

    private static NemoPromptModel topicModel(ModelEntry model, PromptEntry prompt, Problems problems) {
        if (prompt.node().has("messages")) {
            problems.unsupported(prompt.where() + "messages: a topic safety prompt is the system message; write it "
                    + "as content:");
            return null;
        }
        if (prompt.node().has("output_parser")) {
            problems.unsupported(prompt.where() + "output_parser: topic control answers on-topic or off-topic, read "
                    + "as NeMo reads it; remove output_parser");
            return null;
        }
        String content = Nodes.text(prompt.node(), "content", prompt.where(), problems);
        if (content == null || content.isBlank()) {
            problems.error(prompt.where() + "content is missing; write the topic guidelines (the system prompt)");
            return null;
        }
        String guidelines;
        try {
            guidelines = PromptText.resolve(content, Set.of(), Map.of());
        } catch (IllegalArgumentException e) {
            problems.unsupported(prompt.where() + "content: " + e.getMessage());
            return null;
        }
        Integer maxTokens = Nodes.positiveInt(prompt.node(), "max_tokens", prompt.where(), problems);
        if (maxTokens == null) {
            problems.warn(prompt.where() + "max_tokens is not set: Guardrails4j sends max_tokens "
                    + NemoGuardTopicControl.DEFAULT_MAX_TOKENS + " (NeMo sends none)");
        }
        String system = NemoGuardTopicControl.systemMessage(guidelines);
        NemoPromptModel.Builder b = NemoPromptModel.builder(
                        RailDirection.INPUT,
                        NemoGuardTopicControl.DEFAULT_MAX_TOKENS,
                        NemoGuardTopicControl.DEFAULT_TEMPERATURE)
                .parser(TopicControlParser.create())
                .message(ChatMessage.SYSTEM, PromptTemplate.of(system))
                .userTurnLast();
        return finish(b, model, prompt, maxTokens, problems);
    }

    private static boolean messages(
            NemoPromptModel.Builder b,
            PromptEntry prompt,
            Set<String> allowed,
            Map<String, Boolean> flags,
            Problems problems) {
        JsonNode node = prompt.node();
        boolean hasContent = node.has("content");
        boolean hasMessages = node.has("messages");
        if (hasContent == hasMessages) {
            problems.error(prompt.where()
                    + (hasContent ? "sets both content and messages" : "has neither content " + "nor messages")
                    + "; a prompt has exactly one of them");
            return false;
        }
        try {
            if (hasContent) {
                String content = Nodes.text(node, "content", prompt.where(), problems);
                if (content == null) {
                    return false;
                }
                b.message(ChatMessage.USER, template(content, allowed, flags, prompt, "content", problems));
                return true;
            }
            List<JsonNode> list = Nodes.list(node, "messages", prompt.where(), problems);
            for (int i = 0; i < list.size(); i++) {
                JsonNode msg = list.get(i);
                String at = prompt.where() + "messages[" + i + "].";
                Nodes.onlyKnownKeys(msg, at, Set.of("type", "content"), problems, "not supported");
                String type = Nodes.text(msg, "type", at, problems);
                String content = Nodes.text(msg, "content", at, problems);
                String role = type == null
                        ? null
                        : switch (type) {
                            case "system" -> ChatMessage.SYSTEM;
                            case "user" -> ChatMessage.USER;
                            case "assistant", "bot" -> ChatMessage.ASSISTANT;
                            default -> null;
                        };
                if (role == null || content == null) {
                    problems.error(at + " needs type (system, user, assistant or bot) and content");
                    return false;
                }
                b.message(role, template(content, allowed, flags, prompt, "messages[" + i + "].content", problems));
            }
            if (list.isEmpty()) {
                problems.error(prompt.where() + "messages is empty");
                return false;
            }
            return true;
        } catch (IllegalArgumentException e) {
            problems.unsupported(e.getMessage());
            return false;
        }
    }

    private static PromptTemplate template(
            String content,
            Set<String> allowed,
            Map<String, Boolean> flags,
            PromptEntry prompt,
            String key,
            Problems problems) {
        String resolved;
        try {
            resolved = PromptText.resolve(content, allowed, flags);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prompt.where() + key + ": " + e.getMessage(), e);
        }
        PromptTemplate t = PromptTemplate.of(resolved);
        List<String> names = PromptText.placeholders(resolved);
        if (!names.contains(NemoGuardPrompts.USER_INPUT) && !key.startsWith("messages")) {
            throw new IllegalArgumentException(prompt.where() + key + ": the prompt never inserts {{ user_input }}");
        }
        if (!names.isEmpty()) {
            if (t.fixedPrefix().isBlank()) {
                problems.warn(prompt.where() + key + " starts with an inserted value: it has no fixed prefix for a "
                        + "NIM's prefix cache to reuse; put the instructions first");
            }
            String after = PromptText.afterLastPlaceholder(resolved);
            if (!after.isBlank()) {
                problems.warn(prompt.where() + key + ": " + after.length() + " characters of fixed text follow the "
                        + "last inserted value; they are sent as written (as NeMo does), but a NIM's prefix cache "
                        + "reuses only the text before the first inserted value");
            }
        }
        return t;
    }

    private static NemoPromptModel finish(
            NemoPromptModel.Builder b, ModelEntry model, PromptEntry prompt, Integer maxTokens, Problems problems) {
        if (model.modelId() == null) {
            return null;
        }
        b.model(model.modelId());
        if (maxTokens != null) {
            b.maxTokens(maxTokens);
        }
        JsonNode params = model.parameters();
        if (params != null) {
            JsonNode topP = params.get("top_p");
            if (topP != null && !topP.isNull()) {
                if (!topP.isNumber() || topP.doubleValue() <= 0 || topP.doubleValue() > 1) {
                    problems.error(
                            model.where() + "parameters.top_p must be a number in (0, 1], got " + Nodes.describe(topP));
                } else {
                    b.extra("top_p", topP.numberValue());
                }
            }
            JsonNode kwargs = params.get("chat_template_kwargs");
            if (kwargs != null && !kwargs.isNull()) {
                if (!kwargs.isObject()) {
                    problems.error(model.where() + "parameters.chat_template_kwargs must be a mapping, got a "
                            + Nodes.kind(kwargs));
                } else {
                    b.extra("chat_template_kwargs", JSON.convertValue(kwargs, Map.class));
                }
            }
            if (params.has("temperature")) {
                problems.warn(model.where() + "parameters.temperature is not sent: the NemoGuard flow sets its own "
                        + "temperature, as NeMo does");
            }
        }
        List<JsonNode> stop = Nodes.list(prompt.node(), "stop", prompt.where(), problems);
        if (!stop.isEmpty()) {
            List<String> words = new ArrayList<>();
            stop.forEach(s -> words.add(s.asText()));
            b.extra("stop", words);
        }
        return b.build();
    }

    private static RailPlan jailbreak(
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
            base = "http://" + nimUrl + ":" + (port != null ? port : JAILBREAK_DEFAULT_PORT) + "/v1";
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
        endpoint = endpoint != null ? endpoint : JAILBREAK_DEFAULT_ENDPOINT;
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

    private static List<RailPlan> uniqueNames(List<RailPlan> plans) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        plans.forEach(p -> counts.merge(p.name(), 1, Integer::sum));
        List<RailPlan> out = new ArrayList<>();
        for (RailPlan p : plans) {
            out.add(
                    counts.get(p.name()) > 1
                            ? new RailPlan(
                                    p.flow(),
                                    p.direction(),
                                    p.name() + "-" + p.modelType(),
                                    p.modelType(),
                                    p.modelId(),
                                    p.baseUrl(),
                                    p.apiKey(),
                                    p.path(),
                                    p.model())
                            : p);
        }
        return out;
    }
}
