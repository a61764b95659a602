package io.github.guardrails4j.cli;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.JailbreakDetectionRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final List<NimClient> clients;

    private GuardSetup(Guardrails guardrails, List<RailName> rails, NimSimulator simulator, List<NimClient> clients) {
        this.guardrails = guardrails;
        this.rails = rails;
        this.simulator = simulator;
        this.clients = clients;
    }

    /** The settings a setup is made from, already parsed. */
    record Settings(String nimUrl, Map<RailName, String> railUrls, Set<RailName> rails, String contentSafetyModel,
            ContentSafetyFormat contentSafetyFormat, String topicControlModel, String topicGuidelines,
            SimLatency simLatency) {
    }

    /**
     * Resolves endpoints and builds the rails.
     *
     * @param s the options; null fields mean "not given"
     * @param env the environment ({@code GUARDRAILS_*_URL}, {@code NVIDIA_API_KEY})
     * @param notice receives the one-line notice when the embedded simulator is started
     * @return the setup; close it after the run
     * @throws IllegalArgumentException when a requested rail has no endpoint (a usage error)
     */
    static GuardSetup create(Settings s, Map<String, String> env, java.util.function.Consumer<String> notice) {
        String nimUrl = firstNonBlank(s.nimUrl(), env.get(ENV_NIM_URL));
        Map<RailName, String> urls = new EnumMap<>(RailName.class);
        for (RailName r : RailName.values()) {
            String url = firstNonBlank(s.railUrls().get(r), env.get(r.urlEnv()), nimUrl);
            if (url != null) {
                urls.put(r, url);
            }
        }
        NimSimulator sim = null;
        String apiKey = firstNonBlank(env.get(ENV_API_KEY));
        if (urls.isEmpty()) {
            sim = NimSimulator.builder().latency(s.simLatency().model()).start();
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
            Guardrails.Builder g = Guardrails.builder();
            if (selected.contains(RailName.CONTENT_SAFETY)) {
                NimClient c = client(byUrl, urls.get(RailName.CONTENT_SAFETY), apiKey);
                ContentSafetyFormat format = s.contentSafetyFormat() != null ? s.contentSafetyFormat()
                        : ContentSafetyFormat.inferFromModel(s.contentSafetyModel())
                                .orElse(ContentSafetyRail.DEFAULT_FORMAT);
                g.rail(ContentSafetyRail.input(c).model(s.contentSafetyModel()).format(format).build());
                g.rail(ContentSafetyRail.output(c).model(s.contentSafetyModel()).format(format).build());
            }
            if (selected.contains(RailName.TOPIC_CONTROL)) {
                NimClient c = client(byUrl, urls.get(RailName.TOPIC_CONTROL), apiKey);
                g.rail(TopicControlRail.builder(c).model(s.topicControlModel())
                        .guidelines(s.topicGuidelines() != null ? s.topicGuidelines() : defaultGuidelines())
                        .build());
            }
            if (selected.contains(RailName.JAILBREAK_DETECTION)) {
                NimClient c = client(byUrl, urls.get(RailName.JAILBREAK_DETECTION), apiKey);
                g.rail(JailbreakDetectionRail.builder(c).build());
            }
            return new GuardSetup(g.build(), List.copyOf(selected), sim, new ArrayList<>(byUrl.values()));
        } catch (RuntimeException e) {
            byUrl.values().forEach(NimClient::close);
            closeQuietly(sim);
            throw e;
        }
    }

    /** @return the bundled sample guidelines for a customer service assistant */
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

    private static NimClient client(Map<String, NimClient> byUrl, String url, String apiKey) {
        return byUrl.computeIfAbsent(url, u -> NimClient.builder().baseUrl(u).apiKey(apiKey).build());
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

    /** @return the rails and policies */
    Guardrails guardrails() {
        return guardrails;
    }

    /** @return the rails in use */
    List<RailName> rails() {
        return rails;
    }

    /** @return true when the embedded simulator serves the rails */
    boolean simulated() {
        return simulator != null;
    }

    @Override
    public void close() {
        clients.forEach(NimClient::close);
        closeQuietly(simulator);
    }
}
