package io.github.guardrails4j.nemo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.stream.StreamingConfig;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
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

    private static final Pattern GUARD_FLOW =
            Pattern.compile("(content safety check input|content safety check output|topic safety check input)\\s+"
                    + "\\$model\\s*=\\s*(\"?)([A-Za-z0-9_.\\-]+)\\2");
    private static final String JAILBREAK_FLOW = "jailbreak detection model";
    private static final Set<String> TOP_LEVEL =
            Set.of("models", "rails", "prompts", "colang_version", "instructions", "sample_conversation");

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

    /**
     * Reads a configuration folder.
     *
     * @param dir the folder holding {@code config.yml} and optionally {@code prompts.yml}
     * @param env the environment the API key variables are read from
     * @param lenient whether unsupported settings are ignored with a warning instead of failing
     * @param overrides what the caller sets instead of the configuration: base URLs replacing endpoints' (scheme,
     *     host, port and path prefix; the jailbreak endpoint keeps its path; with one, a missing API key variable is
     *     not an error), model ids, topic guidelines
     * @param requireApiKeys whether a named API key variable must be set (false for dry runs)
     * @return the rails and settings
     * @throws ConfigurationException listing every mistake and unsupported setting, naming the files
     */
    public static Result read(
            Path dir, Map<String, String> env, boolean lenient, Overrides overrides, boolean requireApiKeys) {
        boolean keysRequired = requireApiKeys && !overrides.anyUrl();
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
        Map<String, ModelEntry> models = Models.read(root, top, env, overrides.baseUrl(), keysRequired, problems);
        Map<String, PromptEntry> prompts = new LinkedHashMap<>();
        Prompts.collect(root, configName, prompts, problems);
        if (promptsFile != null) {
            JsonNode p = YamlFiles.read(promptsFile, promptsFile.toString());
            if (!p.isObject()) {
                problems.error(promptsFile + " must be a mapping with prompts:, got a " + Nodes.kind(p));
            } else {
                Nodes.onlyKnownKeys(
                        p, promptsFile + ": ", Set.of("prompts"), problems, "only prompts: is read from this file");
                Prompts.collect(p, promptsFile.toString(), prompts, problems);
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
                        overrides,
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
                Models.checkParameters(m, problems);
                Models.cacheSettings(m, cache, problems);
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
        unusedOverrides(overrides, plans, problems);
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
            Overrides overrides,
            boolean keysRequired,
            boolean reasoning,
            Problems problems) {
        String at = where + "'" + flow + "': ";
        if (flow.equals(JAILBREAK_FLOW)) {
            if (direction != RailDirection.INPUT) {
                problems.error(at + "jailbreak detection judges the user's message: list it under rails.input.flows");
                return null;
            }
            RailPlan plan = Jailbreak.plan(
                    flow,
                    railConfig,
                    top,
                    env,
                    overrides.baseUrl(Overrides.JAILBREAK_DETECTION),
                    keysRequired,
                    problems);
            String modelId = overrides.modelIds().get(Overrides.JAILBREAK_DETECTION);
            return plan == null || modelId == null
                    ? plan
                    : new RailPlan(
                            plan.flow(),
                            plan.direction(),
                            plan.name(),
                            plan.modelType(),
                            modelId,
                            plan.baseUrl(),
                            plan.apiKey(),
                            plan.path(),
                            plan.model());
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
        model = overridden(model, topic ? Overrides.TOPIC_SAFETY : Overrides.CONTENT_SAFETY, overrides);
        String task = action.replace(' ', '_') + " $model=" + type;
        PromptEntry prompt = prompts.get(task);
        if (prompt == null) {
            problems.error(at + "no prompt for task '" + task + "' in prompts.yml (or config.yml prompts:); NeMo's "
                    + (topic ? "topic safety" : "content safety") + " flow needs one: add a prompt with task: " + task);
            return null;
        }
        Nodes.onlyKnownKeys(prompt.node(), prompt.where(), Prompts.PROMPT_KEYS, problems, "not supported");
        try {
            NemoPromptModel guard = topic
                    ? Prompts.topicModel(model, prompt, overrides.topicGuidelines(), problems)
                    : Prompts.contentSafetyModel(model, prompt, direction, reasoning, problems);
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

    /** Warns about each override for a kind of flow the configuration does not list: it changes nothing. */
    private static void unusedOverrides(Overrides overrides, List<RailPlan> plans, Problems problems) {
        Set<String> kinds = new TreeSet<>(overrides.baseUrls().keySet());
        kinds.addAll(overrides.modelIds().keySet());
        if (overrides.topicGuidelines() != null) {
            kinds.add(Overrides.TOPIC_SAFETY);
        }
        for (String kind : kinds) {
            if (plans.stream().noneMatch(p -> kind(p).equals(kind))) {
                problems.warn("the " + kind.toLowerCase(Locale.ROOT).replace('_', ' ') + " endpoint, model or "
                        + "guidelines given instead of the configuration's are not used: it lists no such flow");
            }
        }
    }

    private static String kind(RailPlan p) {
        return p.model() == null
                ? Overrides.JAILBREAK_DETECTION
                : p.name().startsWith(TopicControlRail.DEFAULT_NAME)
                        ? Overrides.TOPIC_SAFETY
                        : Overrides.CONTENT_SAFETY;
    }

    /** The model entry with the caller's model id and base URL for the flows of a kind, when set. */
    private static ModelEntry overridden(ModelEntry m, String kind, Overrides overrides) {
        String modelId = overrides.modelIds().get(kind);
        String baseUrl = overrides.baseUrls().get(kind);
        if (modelId == null && baseUrl == null) {
            return m;
        }
        return new ModelEntry(
                m.index(),
                m.type(),
                m.engine(),
                modelId != null ? modelId : m.modelId(),
                baseUrl != null ? baseUrl : m.baseUrl(),
                m.apiKey(),
                m.parameters(),
                m.node(),
                m.where());
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
