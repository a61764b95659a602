package io.github.guardrails4j.cli;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.nemo.NemoConfig;
import io.github.guardrails4j.nemo.NemoFlow;
import io.github.guardrails4j.nemo.NemoGuardrails;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.JailbreakDetectionRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.nim.VerdictCache;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The guard a check run uses: endpoints resolved from options and environment, one {@link NimClient} per distinct
 * URL, the rails, and the embedded simulator when no endpoint is configured at all. Closing it closes the clients
 * and the simulator it created. Not thread safe to build; the resulting {@link #guardrails()} is.
 */
final class GuardSetup implements AutoCloseable {
    /** Environment variable of the one NIM base URL serving every model. */
    static final String ENV_NIM_URL = "GUARDRAILS_NIM_URL";
    /** Environment variable of the API key. Never printed. */
    static final String ENV_API_KEY = "NVIDIA_API_KEY";
    /** The bundled sample topic guidelines, for a customer service assistant. */
    static final String DEFAULT_GUIDELINES_RESOURCE = "topic_guidelines.txt";

    private final Guardrails guardrails;
    private final List<RailName> rails;
    private final NimSimulator simulator;
    private final Map<String, NimClient> clients;
    private final List<ConfiguredRail> configured;
    private final NemoConfig nemoConfig;

    private GuardSetup(
            Guardrails guardrails,
            List<RailName> rails,
            NimSimulator simulator,
            Map<String, NimClient> clients,
            List<ConfiguredRail> configured,
            NemoConfig nemoConfig) {
        this.guardrails = guardrails;
        this.rails = rails;
        this.simulator = simulator;
        this.clients = clients;
        this.configured = configured;
        this.nemoConfig = nemoConfig;
    }

    /**
     * One rail as configured, with where it sends its requests.
     *
     * @param name the {@code --rails} entry it belongs to (content safety has an input and an output rail)
     * @param rail the rail
     * @param url the endpoint's base URL as the client normalised it ({@link NimClient#baseUrl()}: no user info)
     * @param client the client of that endpoint, shared by the rails of the same URL
     * @param model the model id the rail expects the endpoint to serve
     */
    record ConfiguredRail(RailName name, Rail rail, String url, NimClient client, String model) {}

    /** The settings a setup is made from, already parsed. */
    record Settings(
            String nimUrl,
            Map<RailName, String> railUrls,
            Set<RailName> rails,
            String contentSafetyModel,
            ContentSafetyFormat contentSafetyFormat,
            String topicControlModel,
            String jailbreakModel,
            String topicGuidelines,
            SimSettings sim,
            ClientSettings client) {}

    /**
     * Settings of every {@link NimClient} the setup creates.
     *
     * @param attemptTimeout time budget of one HTTP attempt
     * @param resilience retries, deadline, breakers and concurrency limits
     */
    record ClientSettings(Duration attemptTimeout, ResilienceConfig resilience) {}

    /**
     * Settings of the embedded simulator, used only when no endpoint is configured.
     *
     * @param latency its latency model
     * @param prefixCaching whether it simulates KV cache reuse
     * @param reportCachedTokens whether it reports {@code cached_tokens} (false sends null)
     * @param blockSize its KV cache block size, tokens
     */
    record SimSettings(SimLatency latency, boolean prefixCaching, boolean reportCachedTokens, int blockSize) {
        /** The defaults: realistic latency, caching on and reported, {@link NimSimulator#DEFAULT_BLOCK_SIZE}. */
        static final SimSettings DEFAULT =
                new SimSettings(SimLatency.realistic, true, true, NimSimulator.DEFAULT_BLOCK_SIZE);

        /** {@return a one-line description for notices, for example {@code prefix caching off}} */
        String describe() {
            return latency + " latency, prefix caching " + (prefixCaching ? "on" : "off")
                    + (reportCachedTokens ? "" : ", cached_tokens not reported") + ", block size " + blockSize;
        }
    }

    /**
     * Resolves endpoints and builds the rails.
     *
     * @param s the options; null fields mean "not given"
     * @param env the environment ({@code GUARDRAILS_*_URL}, {@code NVIDIA_API_KEY})
     * @param notice receives the one-line notice when the embedded simulator is started
     * @return the setup; close it after the run
     * @throws IllegalArgumentException when a requested rail has no endpoint, or a URL option or variable is empty or
     *     has a query or fragment (a usage error)
     */
    static GuardSetup create(Settings s, Map<String, String> env, Consumer<String> notice) {
        String nimUrl = url("--nim-url", s.nimUrl(), ENV_NIM_URL, env, "the embedded simulator");
        Map<RailName, String> urls = new EnumMap<>(RailName.class);
        for (RailName r : RailName.values()) {
            String own = url(r.urlOption(), s.railUrls().get(r), r.urlEnv(), env, "--nim-url");
            String url = own != null ? own : nimUrl;
            if (url != null) {
                urls.put(r, url);
            }
        }
        NimSimulator sim = null;
        String apiKey = firstNonBlank(env.get(ENV_API_KEY));
        if (urls.isEmpty()) {
            SimSettings ss = s.sim() != null ? s.sim() : SimSettings.DEFAULT;
            sim = NimSimulator.builder()
                    .latency(ss.latency().model())
                    .prefixCaching(ss.prefixCaching())
                    .reportCachedTokens(ss.reportCachedTokens())
                    .blockSize(ss.blockSize())
                    .start();
            for (RailName r : RailName.values()) {
                urls.put(r, sim.baseUrl());
            }
            apiKey = null; // the simulator is on loopback and needs no key; never send it one
            notice.accept("No NIM configured (--nim-url or " + ENV_NIM_URL + "): using the embedded simulator at "
                    + sim.baseUrl() + ". It is a keyword classifier, not a safety model.");
        }
        Set<RailName> selected;
        if (s.rails() == null || s.rails().isEmpty()) {
            selected = EnumSet.copyOf(urls.keySet());
        } else {
            selected = EnumSet.copyOf(s.rails());
            for (RailName r : selected) {
                if (!urls.containsKey(r)) {
                    closeQuietly(sim);
                    throw new IllegalArgumentException("rail " + r.id() + " has no endpoint; set " + r.urlOption()
                            + " or --nim-url (or " + r.urlEnv() + " or " + ENV_NIM_URL + "), or leave it out of "
                            + "--rails");
                }
            }
        }
        Map<String, NimClient> byUrl = new LinkedHashMap<>();
        try {
            List<ConfiguredRail> configured = new ArrayList<>();
            if (selected.contains(RailName.CONTENT_SAFETY)) {
                String url = urls.get(RailName.CONTENT_SAFETY);
                NimClient c = client(byUrl, url, apiKey, s.client());
                ContentSafetyFormat format = s.contentSafetyFormat() != null
                        ? s.contentSafetyFormat()
                        : ContentSafetyFormat.inferFromModel(s.contentSafetyModel())
                                .orElse(ContentSafetyRail.DEFAULT_FORMAT);
                configured.add(new ConfiguredRail(
                        RailName.CONTENT_SAFETY,
                        ContentSafetyRail.input(c)
                                .model(s.contentSafetyModel())
                                .format(format)
                                .build(),
                        c.baseUrl(),
                        c,
                        s.contentSafetyModel()));
                configured.add(new ConfiguredRail(
                        RailName.CONTENT_SAFETY,
                        ContentSafetyRail.output(c)
                                .model(s.contentSafetyModel())
                                .format(format)
                                .build(),
                        c.baseUrl(),
                        c,
                        s.contentSafetyModel()));
            }
            if (selected.contains(RailName.TOPIC_CONTROL)) {
                String url = urls.get(RailName.TOPIC_CONTROL);
                NimClient c = client(byUrl, url, apiKey, s.client());
                configured.add(new ConfiguredRail(
                        RailName.TOPIC_CONTROL,
                        TopicControlRail.builder(c)
                                .model(s.topicControlModel())
                                .guidelines(s.topicGuidelines() != null ? s.topicGuidelines() : defaultGuidelines())
                                .build(),
                        c.baseUrl(),
                        c,
                        s.topicControlModel()));
            }
            if (selected.contains(RailName.JAILBREAK_DETECTION)) {
                String url = urls.get(RailName.JAILBREAK_DETECTION);
                NimClient c = client(byUrl, url, apiKey, s.client());
                // POST /v1/classify names no model; the NIM lists this id in /v1/models.
                configured.add(new ConfiguredRail(
                        RailName.JAILBREAK_DETECTION,
                        JailbreakDetectionRail.builder(c).build(),
                        c.baseUrl(),
                        c,
                        s.jailbreakModel()));
            }
            return new GuardSetup(
                    guardrails(configured),
                    List.copyOf(selected),
                    sim,
                    new LinkedHashMap<>(byUrl),
                    List.copyOf(configured),
                    null);
        } catch (RuntimeException e) {
            byUrl.values().forEach(NimClient::close);
            closeQuietly(sim);
            throw e;
        }
    }

    /**
     * Resolves the setup from {@code --config} when given, else from the endpoint options. With {@code --config},
     * each rail's endpoint is resolved as without it (its own option, its own variable, {@code --nim-url},
     * {@code GUARDRAILS_NIM_URL}); the folder's endpoint applies where none is set (where the embedded simulator
     * would start without {@code --config}). Explicit model options and {@code --topic-guidelines} replace the
     * folder's (see {@link NemoConfigOptions}).
     *
     * @param s the endpoint options
     * @param nemo the {@code --config} options
     * @param spec the command, for usage errors
     * @param nimUrl the explicit {@code --nim-url}, or null
     * @param env the environment
     * @param notice receives one-line notices
     * @return the setup; close it after the run
     * @throws IllegalArgumentException for a usage error (see {@link #create(Settings, Map, Consumer)})
     * @throws io.github.guardrails4j.exception.ConfigurationException naming every problem of the configuration
     */
    static GuardSetup create(
            Settings s,
            NemoConfigOptions nemo,
            CommandSpec spec,
            String nimUrl,
            Map<String, String> env,
            Consumer<String> notice) {
        if (nemo == null || !nemo.given()) {
            return create(s, env, notice);
        }
        String url = url("--nim-url", nimUrl, ENV_NIM_URL, env, "--config's endpoints");
        Map<RailName, String> railUrls = new EnumMap<>(RailName.class);
        for (RailName r : RailName.values()) {
            String own = url(r.urlOption(), s.railUrls().get(r), r.urlEnv(), env, "--nim-url");
            if (own != null) {
                railUrls.put(r, own);
            }
        }
        return fromNemo(nemo.load(spec, s, url, railUrls, env), s);
    }

    /**
     * Builds the setup from a NeMo Guardrails configuration: its rails, endpoints and API keys, each client with
     * the timeout and resilience settings of the options; {@code --rails} keeps some of its rails.
     *
     * @param config the loaded configuration
     * @param s the options (only {@link Settings#rails()} and {@link Settings#client()} are read)
     * @return the setup; close it after the run
     * @throws IllegalArgumentException when {@code --rails} names a rail the configuration has no flow for (a usage
     *     error)
     */
    static GuardSetup fromNemo(NemoConfig config, Settings s) {
        ClientSettings cs = s.client();
        NemoGuardrails nemo =
                config.open(b -> b.attemptTimeout(cs.attemptTimeout()).resilience(cs.resilience()));
        try {
            List<NemoFlow> flows = config.flows();
            List<Rail> rails = new ArrayList<>(nemo.guardrails().inputRails());
            rails.addAll(nemo.guardrails().outputRails());
            Set<RailName> selected = s.rails() == null || s.rails().isEmpty() ? null : s.rails();
            List<ConfiguredRail> configured = new ArrayList<>();
            Set<RailName> present = EnumSet.noneOf(RailName.class);
            Map<String, NimClient> byUrl = new LinkedHashMap<>();
            for (int i = 0; i < flows.size(); i++) {
                NemoFlow flow = flows.get(i);
                RailName name = RailName.ofRail(flow.railName());
                present.add(name);
                if (selected != null && !selected.contains(name)) {
                    continue;
                }
                NimClient client = ((NimRail) rails.get(i)).client();
                configured.add(new ConfiguredRail(name, rails.get(i), flow.baseUrl(), client, flow.modelId()));
            }
            for (NimClient c : nemo.clients()) {
                String url = c.baseUrl();
                String key = url;
                for (int n = 2; byUrl.containsKey(key); n++) {
                    key = url + " #" + n;
                }
                byUrl.put(key, c);
            }
            if (selected != null) {
                for (RailName r : selected) {
                    if (!present.contains(r)) {
                        throw new IllegalArgumentException("--rails " + r.id() + ": the configuration "
                                + config.directory() + " has no flow for it; its rails are "
                                + present.stream().map(RailName::id).toList());
                    }
                }
            }
            List<RailName> names = new ArrayList<>();
            configured.stream().map(ConfiguredRail::name).distinct().forEach(names::add);
            return new GuardSetup(
                    guardrails(configured), List.copyOf(names), null, byUrl, List.copyOf(configured), config);
        } catch (RuntimeException e) {
            nemo.close();
            throw e;
        }
    }

    private static Guardrails guardrails(List<ConfiguredRail> configured) {
        Guardrails.Builder g = Guardrails.builder();
        configured.forEach(r -> g.rail(r.rail()));
        // --rails names the rails to run: a direction the user selected no rail for is unguarded on purpose
        // (its checks report no verdicts), never by accident
        for (RailDirection d : RailDirection.values()) {
            if (configured.stream().noneMatch(r -> r.rail().direction() == d)) {
                g.unguarded(d);
            }
        }
        return g.build();
    }

    /**
     * The same setup with every NIM rail answering from one verdict cache. The result owns the same clients and
     * simulator: close the result, not this one.
     *
     * @param cache the cache, or null to keep this setup
     * @return the setup with the cache
     */
    GuardSetup withVerdictCache(VerdictCache cache) {
        if (cache == null) {
            return this;
        }
        List<ConfiguredRail> cached = new ArrayList<>();
        for (ConfiguredRail r : configured) {
            Rail rail = r.rail() instanceof NimRail nim
                    ? nim.toBuilder().verdictCache(cache).build()
                    : r.rail();
            cached.add(new ConfiguredRail(r.name(), rail, r.url(), r.client(), r.model()));
        }
        return new GuardSetup(guardrails(cached), rails, simulator, clients, List.copyOf(cached), nemoConfig);
    }

    /** {@return the bundled sample guidelines for a customer service assistant} */
    static String defaultGuidelines() {
        try (InputStream in = GuardSetup.class.getResourceAsStream(DEFAULT_GUIDELINES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled resource missing: " + DEFAULT_GUIDELINES_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled resource " + DEFAULT_GUIDELINES_RESOURCE, e);
        }
    }

    /**
     * The client of a URL, one per distinct endpoint, keyed by {@link NimClient#baseUrl()}: normalised and without
     * user info ({@code user:password@}), so that the URL the commands print never carries credentials.
     */
    private static NimClient client(Map<String, NimClient> byUrl, String url, String apiKey, ClientSettings cs) {
        NimClient fresh = NimClient.builder()
                .baseUrl(url)
                .apiKey(apiKey)
                .attemptTimeout(cs.attemptTimeout())
                .resilience(cs.resilience())
                .build();
        NimClient known = byUrl.putIfAbsent(fresh.baseUrl(), fresh);
        if (known != null) {
            fresh.close();
            return known;
        }
        return fresh;
    }

    /**
     * Resolves one URL setting: the option when given, else the environment variable when set, else null. Only an
     * unset setting is "not configured": an empty one, or one with a query or fragment, is a mistake.
     *
     * @param option the option's name, for messages
     * @param optionValue the option's value, or null when not given
     * @param variable the environment variable's name
     * @param env the environment
     * @param whenUnset what an unset variable falls back to, for messages
     * @return the URL, stripped, or null when neither is set
     * @throws IllegalArgumentException when the value used is blank or has a query or fragment (a usage error)
     */
    static String url(String option, String optionValue, String variable, Map<String, String> env, String whenUnset) {
        if (optionValue != null) {
            if (optionValue.isBlank()) {
                throw new IllegalArgumentException(option + " is empty; give a NIM base URL like "
                        + "http://127.0.0.1:8000, or leave the option out");
            }
            return baseUrl(option, optionValue.strip());
        }
        String value = env.get(variable);
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(variable + " is set but empty; set it to a NIM base URL like "
                    + "http://127.0.0.1:8000, or unset it to use " + whenUnset);
        }
        return baseUrl(variable, value.strip());
    }

    private static String baseUrl(String source, String url) {
        int query = url.indexOf('?');
        int fragment = url.indexOf('#');
        if (query >= 0 || fragment >= 0) {
            // The rest is never echoed: a query may carry a key.
            boolean isQuery = query >= 0 && (fragment < 0 || query < fragment);
            throw new IllegalArgumentException(
                    source + " has " + (isQuery ? "a query (a part from '?')" : "a " + "fragment (a part from '#')")
                            + "; a base URL is a scheme, host, port and optional path prefix, for example "
                            + "http://127.0.0.1:8000");
        }
        return url;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }

    private static void closeQuietly(NimSimulator sim) {
        if (sim != null) {
            sim.close();
        }
    }

    /** {@return the rails and policies} */
    Guardrails guardrails() {
        return guardrails;
    }

    /** {@return the rails in use} */
    List<RailName> rails() {
        return rails;
    }

    /** {@return the NeMo Guardrails configuration the rails come from ({@code --config}), or empty} */
    Optional<NemoConfig> nemoConfig() {
        return Optional.ofNullable(nemoConfig);
    }

    /** {@return true when the embedded simulator serves the rails} */
    boolean simulated() {
        return simulator != null;
    }

    /**
     * Sends one tiny chat request ({@code "Hi"}, {@code max_tokens} 1) per chat endpoint and model, and ignores the
     * answers, so that the first measured request does not also pay for this JVM's first request (class loading,
     * JIT, the connection). It warms no prompt prefix beyond the chat template's header. Jailbreak detection
     * (no chat) is skipped.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    void touchChatEndpoints() throws InterruptedException {
        Set<String> done = new HashSet<>();
        for (ConfiguredRail r : configured) {
            if (r.name() == RailName.JAILBREAK_DETECTION || !done.add(r.url() + " " + r.model())) {
                continue;
            }
            CompletableFuture<?> call =
                    r.client().chatCompletion(ChatRequest.of(r.model(), List.of(ChatMessage.user("Hi")), null, 1));
            try {
                call.get();
            } catch (ExecutionException e) {
                // Ignored on purpose: the real requests that follow take the same path and report any failure.
            } catch (InterruptedException e) {
                call.cancel(true);
                throw e;
            }
        }
    }

    /** {@return the configured rails, in {@link #guardrails()} order} */
    List<ConfiguredRail> configuredRails() {
        return configured;
    }

    /** {@return one client per distinct endpoint URL, in first-use order; unmodifiable} */
    Map<String, NimClient> endpoints() {
        return Collections.unmodifiableMap(clients);
    }

    @Override
    public void close() {
        clients.values().forEach(NimClient::close);
        closeQuietly(simulator);
    }
}
