package io.github.guardrails4j.nemo;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.nemo.internal.ConfigReader;
import io.github.guardrails4j.nemo.internal.Overrides;
import io.github.guardrails4j.nemo.internal.RailPlan;
import io.github.guardrails4j.nim.JailbreakDetectionRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.nim.VerdictCache;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.stream.StreamingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NVIDIA NeMo Guardrails configuration folder ({@code config.yml} and optionally {@code prompts.yml} or
 * {@code prompts.yaml}) read into Guardrails4j rails: the NemoGuard flows it lists ({@code content safety check
 * input/output $model=TYPE}, {@code topic safety check input $model=TYPE}, {@code jailbreak detection model}) with
 * their models, endpoints, API keys and prompts, so that a Java service reuses a NeMo configuration as it is. A
 * prompt from {@code prompts.yml} is sent byte for byte as NeMo renders it. What each key maps to, what is refused
 * and where Guardrails4j deliberately differs from NeMo is in {@code docs/nemo-config.md}; NeMo's configuration
 * reference is at docs.nvidia.com/nemo/guardrails.
 *
 * <pre>{@code
 * NemoConfig config = NemoConfig.load(Path.of("config"));     // reads $NVIDIA_API_KEY etc. from the environment
 * try (NemoGuardrails nemo = config.open()) {
 *     GuardResult r = nemo.guardrails().checkInputBlocking(userMessage);
 * }
 * }</pre>
 *
 * <p><b>Errors.</b> Loading reads and checks everything at once: a mistake (malformed YAML, with its file and line;
 * an unknown model type; a missing prompt; a model named twice; a missing API key variable) and anything not
 * supported (Colang flows, dialog rails, other rail types, unknown flows, Jinja beyond {@code {{ variable }}})
 * are listed by name in one {@link ConfigurationException}. With {@link Loader#lenient(boolean)} unsupported
 * settings are ignored instead, each listed in {@link #warnings()} and logged. Secrets never appear in messages,
 * logs or {@code toString()}.
 *
 * <p>Immutable and thread safe; {@link #open()} may be called more than once (each call builds its own clients).
 */
public final class NemoConfig {
    private static final Logger LOG = LoggerFactory.getLogger(NemoConfig.class);

    private final Path directory;
    private final ConfigReader.Result result;

    private NemoConfig(Path directory, ConfigReader.Result result) {
        this.directory = directory;
        this.result = result;
    }

    /**
     * Loads a configuration folder strictly, with API keys from the process environment.
     *
     * @param dir the folder holding {@code config.yml}
     * @return the configuration
     * @throws ConfigurationException listing every mistake and unsupported setting
     */
    public static NemoConfig load(Path dir) {
        return loader().load(dir);
    }

    /**
     * Loads a configuration folder strictly, with API keys from the given environment.
     *
     * @param dir the folder holding {@code config.yml}
     * @param environment the environment variables {@code api_key_env_var} (and the engines' usual
     *     {@code NVIDIA_API_KEY} / {@code OPENAI_API_KEY}) are read from
     * @return the configuration
     * @throws ConfigurationException listing every mistake and unsupported setting
     */
    public static NemoConfig load(Path dir, Map<String, String> environment) {
        return loader().environment(environment).load(dir);
    }

    /** {@return a loader with the defaults: strict, the process environment, the configuration's endpoints} */
    public static Loader loader() {
        return new Loader();
    }

    /** {@return the configuration folder} */
    public Path directory() {
        return directory;
    }

    /** {@return the NemoGuard flows, input flows first, each direction in the order of its flows list} */
    public List<NemoFlow> flows() {
        List<NemoFlow> flows = new ArrayList<>();
        for (RailPlan p : result.rails()) {
            flows.add(new NemoFlow(
                    p.flow(),
                    p.direction(),
                    p.name(),
                    p.modelType(),
                    p.modelId(),
                    p.baseUrl(),
                    Optional.ofNullable(p.path())));
        }
        return List.copyOf(flows);
    }

    /**
     * What was read but is not used, is used differently from NeMo (for example a {@code max_tokens} NeMo omits),
     * or (lenient loads) is ignored because it is not supported.
     *
     * @return the warnings, one sentence each, never holding a secret
     */
    public List<String> warnings() {
        return result.warnings();
    }

    /** {@return the streaming output settings when {@code rails.output.streaming.enabled} is true, else empty} */
    public Optional<StreamingConfig> streaming() {
        return result.streaming();
    }

    /** {@return the directions the configuration lists no flow for (declared unguarded on the Guardrails)} */
    public Set<RailDirection> unguardedDirections() {
        return result.unguarded();
    }

    /**
     * Builds the rails with one {@link NimClient} per distinct endpoint and API key, each with the client defaults.
     * A model with {@code cache: {enabled: true, maxsize: N}} gets one {@link VerdictCache} of at most N verdicts
     * (default {@link VerdictCache#DEFAULT_MAXIMUM_SIZE}), shared by the rails that use the model.
     *
     * @return the guardrails and its clients; close it to close the clients
     * @throws ConfigurationException when a client or rail cannot be built (for example an invalid base URL)
     */
    public NemoGuardrails open() {
        return open(UnaryOperator.identity());
    }

    /**
     * Builds the rails with one {@link NimClient} per distinct endpoint and API key, each from a builder that
     * already holds the endpoint's base URL and API key and that {@code clientSettings} may change (timeouts,
     * resilience, an OkHttp client).
     *
     * @param clientSettings adjusts each client's builder and returns it; called once per client, on this thread
     * @return the guardrails and its clients; close it to close the clients
     * @throws ConfigurationException when a client or rail cannot be built (for example an invalid base URL)
     */
    public NemoGuardrails open(UnaryOperator<NimClient.Builder> clientSettings) {
        Objects.requireNonNull(clientSettings, "clientSettings");
        Map<String, NimClient> clients = new LinkedHashMap<>();
        Map<String, VerdictCache> caches = new HashMap<>();
        try {
            Guardrails.Builder g = Guardrails.builder();
            for (RailPlan p : result.rails()) {
                String key = p.baseUrl() + '\n' + (p.apiKey() == null ? "" : p.apiKey());
                NimClient client = clients.get(key);
                if (client == null) {
                    client = clientSettings
                            .apply(NimClient.builder().baseUrl(p.baseUrl()).apiKey(p.apiKey()))
                            .build();
                    clients.put(key, client);
                }
                if (p.model() == null) {
                    g.rail(JailbreakDetectionRail.builder(client).path(p.path()).build());
                    continue;
                }
                NimRail.Builder rail =
                        NimRail.builder(client, p.model()).name(p.name()).direction(p.direction());
                if (result.cacheRequested().containsKey(p.modelType())) {
                    // NeMo's models[].cache: one verdict cache per model, shared by the rails that use it
                    Integer maxsize = result.cacheRequested().get(p.modelType());
                    rail.verdictCache(caches.computeIfAbsent(
                            p.modelType(),
                            t -> VerdictCache.builder()
                                    .maximumSize(maxsize != null ? maxsize : VerdictCache.DEFAULT_MAXIMUM_SIZE)
                                    .build()));
                }
                g.rail(rail.build());
            }
            result.unguarded().forEach(g::unguarded);
            return new NemoGuardrails(g.build(), new ArrayList<>(clients.values()), result.streaming());
        } catch (RuntimeException e) {
            clients.values().forEach(NimClient::close);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "NemoConfig{" + directory + ", flows=" + result.rails() + '}';
    }

    /** Loads configurations with chosen options. Mutable and not thread safe. */
    public static final class Loader {
        private Map<String, String> environment;
        private boolean lenient;
        private String baseUrlOverride;
        private final Map<String, String> baseUrls = new HashMap<>();
        private final Map<String, String> modelIds = new HashMap<>();
        private String topicGuidelines;
        private boolean requireApiKeys = true;

        private Loader() {}

        /**
         * The environment API key variables are read from. Default: the process environment.
         *
         * @param environment variable names to values; copied at {@link #load}
         * @return this
         */
        public Loader environment(Map<String, String> environment) {
            this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
            return this;
        }

        /**
         * Ignore unsupported settings (Colang flows, other rail types, unknown flows and keys, unsupported Jinja)
         * instead of failing, each listed in {@link NemoConfig#warnings()} and logged at WARN. Mistakes still fail.
         * Default false (strict).
         *
         * @param lenient true to ignore unsupported settings with a warning
         * @return this
         */
        public Loader lenient(boolean lenient) {
            this.lenient = lenient;
            return this;
        }

        /**
         * Sends every request to one base URL instead of the configuration's endpoints (a test NIM, the
         * simulator, a gateway): it replaces each model's base URL and the origin of the jailbreak endpoint (whose
         * path is kept). API keys the environment holds are still sent; a missing API key variable is then not an
         * error. Default: none (the configuration's endpoints).
         *
         * @param baseUrl an http(s) base URL, or null for none
         * @return this
         */
        public Loader baseUrlOverride(String baseUrl) {
            this.baseUrlOverride = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip();
            return this;
        }

        /**
         * Sends the requests of one kind of flow to another base URL, instead of the configuration's endpoint and
         * of {@link #baseUrlOverride(String)}: for jailbreak detection it replaces the origin (and path prefix) of
         * the endpoint, whose path ({@code nim_server_endpoint}) is kept. API keys the environment holds are still
         * sent; a missing API key variable is then not an error. Default: none.
         *
         * @param kind the flows it applies to
         * @param baseUrl an http(s) base URL, or null to remove the override
         * @return this
         * @throws NullPointerException when {@code kind} is null
         */
        public Loader baseUrlOverride(FlowKind kind, String baseUrl) {
            put(baseUrls, kind, baseUrl);
            return this;
        }

        /**
         * Sends another served model id for one kind of flow instead of the configuration's {@code models[]} entry
         * (for jailbreak detection, whose request names no model, the id {@link NemoFlow#modelId()} reports). The
         * prompt, parser and parameters stay the configuration's. Default: none.
         *
         * @param kind the flows it applies to
         * @param modelId the model id, or null to remove the override
         * @return this
         * @throws NullPointerException when {@code kind} is null
         */
        public Loader modelOverride(FlowKind kind, String modelId) {
            put(modelIds, kind, modelId);
            return this;
        }

        /**
         * Replaces the topic guidelines, the {@code content} of the topic safety prompt (NeMo appends its fixed
         * on-topic/off-topic sentence to them, and so does Guardrails4j). The prompt must still exist: its
         * {@code max_tokens} and {@code stop} apply. Default: none (the prompt's content).
         *
         * @param guidelines the guidelines, or null to remove the override
         * @return this
         */
        public Loader topicGuidelinesOverride(String guidelines) {
            this.topicGuidelines = guidelines;
            return this;
        }

        private static void put(Map<String, String> map, FlowKind kind, String value) {
            Objects.requireNonNull(kind, "kind");
            if (value == null || value.isBlank()) {
                map.remove(kind.name());
            } else {
                map.put(kind.name(), value.strip());
            }
        }

        /**
         * Whether an API key variable the configuration names must be set. Default true. Set false for dry runs
         * that send nothing (rendering prompts, listing flows): a missing variable then just sends no key.
         *
         * @param require false to accept missing API key variables
         * @return this
         */
        public Loader requireApiKeys(boolean require) {
            this.requireApiKeys = require;
            return this;
        }

        /**
         * Reads and checks a configuration folder.
         *
         * @param dir the folder holding {@code config.yml} and optionally {@code prompts.yml}/{@code prompts.yaml}
         * @return the configuration
         * @throws ConfigurationException listing every mistake (and, unless lenient, every unsupported setting),
         *     naming the files and, for YAML syntax errors, the line
         */
        public NemoConfig load(Path dir) {
            Objects.requireNonNull(dir, "dir");
            ConfigReader.Result r = ConfigReader.read(
                    dir,
                    environment != null ? environment : System.getenv(),
                    lenient,
                    new Overrides(baseUrlOverride, baseUrls, modelIds, topicGuidelines),
                    requireApiKeys);
            r.warnings().forEach(w -> LOG.warn("NeMo configuration {}: {}", dir, w));
            return new NemoConfig(dir, r);
        }
    }
}
