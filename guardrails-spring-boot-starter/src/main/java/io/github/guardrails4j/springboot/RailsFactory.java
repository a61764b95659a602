package io.github.guardrails4j.springboot;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.JailbreakDetectionRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.stream.ChunkUnit;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;

/**
 * Turns {@link GuardrailsProperties} into clients, rails and settings. Every failure is a
 * {@link ConfigurationException} whose message starts with the property to fix.
 */
final class RailsFactory {
    private final GuardrailsProperties props;
    private final Environment environment;

    RailsFactory(GuardrailsProperties props, Environment environment) {
        this.props = props;
        this.environment = environment;
    }

    /** {@return one client per distinct URL of an enabled rail} */
    NimClients clients() {
        Map<String, NimClient> byUrl = new LinkedHashMap<>();
        try {
            for (GuardrailsProperties.RailProperties rail : rails()) {
                if (rail.isEnabled()) {
                    String url = url(rail);
                    if (!byUrl.containsKey(url)) {
                        byUrl.put(url, client(url, railKey(rail)));
                    }
                }
            }
        } catch (RuntimeException e) {
            byUrl.values().forEach(NimClient::close);
            throw e;
        }
        if (byUrl.isEmpty()) {
            throw new ConfigurationException(GuardrailsProperties.PREFIX + ": every rail is disabled; enable at least"
                    + " one of guardrails.content-safety, guardrails.topic-control, guardrails.jailbreak-detection,"
                    + " or set guardrails.enabled=false");
        }
        return new NimClients(byUrl);
    }

    /** {@return the rails of every enabled property group, on the clients of their URLs} */
    Guardrails guardrails(NimClients clients) {
        Guardrails.Builder b = Guardrails.builder();
        GuardrailsProperties.ContentSafety cs = props.getContentSafety();
        if (cs.isEnabled()) {
            NimClient nim = clients.byUrl().get(url(cs));
            ContentSafetyFormat format = format(cs);
            if (cs.isInput()) {
                b.rail(
                        named(
                                "guardrails.content-safety",
                                () -> ContentSafetyRail.input(nim)
                                        .model(cs.getModel())
                                        .format(format)
                                        .build()),
                        cs.getFailurePolicy());
            }
            if (cs.isOutput()) {
                b.rail(
                        named(
                                "guardrails.content-safety",
                                () -> ContentSafetyRail.output(nim)
                                        .model(cs.getModel())
                                        .format(format)
                                        .build()),
                        cs.getFailurePolicy());
            }
        }
        GuardrailsProperties.TopicControl tc = props.getTopicControl();
        if (tc.isEnabled()) {
            NimClient nim = clients.byUrl().get(url(tc));
            String guidelines = guidelines(tc);
            b.rail(
                    named(
                            "guardrails.topic-control",
                            () -> TopicControlRail.builder(nim)
                                    .model(tc.getModel())
                                    .guidelines(guidelines)
                                    .build()),
                    tc.getFailurePolicy());
        }
        GuardrailsProperties.JailbreakDetection jd = props.getJailbreakDetection();
        if (jd.isEnabled()) {
            NimClient nim = clients.byUrl().get(url(jd));
            b.rail(
                    named(
                            "guardrails.jailbreak-detection.path",
                            () -> JailbreakDetectionRail.builder(nim)
                                    .path(jd.getPath())
                                    .build()),
                    jd.getFailurePolicy());
        }
        // a direction the properties leave without rails is unguarded by that choice: say so, as Guardrails asks
        boolean input = (cs.isEnabled() && cs.isInput()) || tc.isEnabled() || jd.isEnabled();
        boolean output = cs.isEnabled() && cs.isOutput();
        if (input != output) {
            b.unguarded(input ? RailDirection.OUTPUT : RailDirection.INPUT);
        }
        return b.build();
    }

    /** {@return the streaming settings of these properties} */
    static StreamingConfig streaming(GuardrailsProperties.Streaming s) {
        return named("guardrails.streaming", () -> {
            StreamingConfig.Builder b = StreamingConfig.builder();
            if (s.getChunkUnit() == ChunkUnit.CHARACTERS) {
                b.chunkSizeChars(s.getChunkSize());
            } else {
                b.chunkSize(s.getChunkSize());
            }
            return b.contextSize(s.getContextSize())
                    .streamFirst(s.isStreamFirst())
                    .maxInFlightChecks(s.getMaxInFlightChecks())
                    .build();
        });
    }

    private NimClient client(String url, String key) {
        GuardrailsProperties.Http http = props.getHttp();
        ResilienceConfig resilience = named(
                "guardrails.http",
                () -> ResilienceConfig.builder()
                        .maxAttempts(http.getMaxAttempts())
                        .checkTimeout(http.getDeadline())
                        .build());
        NimClient.Builder b = NimClient.builder()
                .baseUrl(url)
                .resilience(resilience)
                .attemptTimeout(http.getAttemptTimeout())
                .connectTimeout(http.getConnectTimeout());
        String apiKey = apiKey();
        if (apiKey != null) {
            b.apiKey(apiKey);
        }
        return named(key + ".url", b::build);
    }

    private String apiKey() {
        String key = props.getApiKey();
        if (key == null || key.isBlank()) {
            String env = props.getApiKeyEnv();
            key = env == null || env.isBlank() ? null : environment.getProperty(env);
        }
        return key == null || key.isBlank() ? null : key;
    }

    private String url(GuardrailsProperties.RailProperties rail) {
        String url = rail.getUrl() != null && !rail.getUrl().isBlank() ? rail.getUrl() : props.getNimUrl();
        if (url == null || url.isBlank()) {
            String key = railKey(rail);
            throw new ConfigurationException("guardrails.nim-url: no NIM URL for the enabled rail " + key
                    + "; set guardrails.nim-url (one NIM for every rail) or " + key + ".url, such as"
                    + " http://nim-host:8000, or set " + key + ".enabled=false");
        }
        return url.strip();
    }

    private static ContentSafetyFormat format(GuardrailsProperties.ContentSafety cs) {
        if (cs.getFormat() == null || cs.getFormat().isBlank()) {
            return ContentSafetyFormat.inferFromModel(cs.getModel()).orElse(ContentSafetyRail.DEFAULT_FORMAT);
        }
        return named("guardrails.content-safety.format", () -> ContentSafetyFormat.fromId(cs.getFormat()));
    }

    private static String guidelines(GuardrailsProperties.TopicControl tc) {
        boolean inline = tc.getGuidelines() != null && !tc.getGuidelines().isBlank();
        Resource resource = tc.getGuidelinesResource();
        if (inline && resource != null) {
            throw new ConfigurationException("guardrails.topic-control.guidelines: set either guidelines or"
                    + " guidelines-resource, not both (got both, and " + resource + ")");
        }
        if (inline) {
            return tc.getGuidelines();
        }
        if (resource == null) {
            throw new ConfigurationException("guardrails.topic-control.guidelines: topic control is enabled but has"
                    + " no guidelines; set guardrails.topic-control.guidelines (inline) or"
                    + " guardrails.topic-control.guidelines-resource (such as classpath:topics.txt), or set"
                    + " guardrails.topic-control.enabled=false");
        }
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException(
                    "guardrails.topic-control.guidelines-resource: cannot read " + resource + " (" + e.getMessage()
                            + "); point it at a readable UTF-8 file, such as classpath:topics.txt",
                    e);
        }
    }

    private GuardrailsProperties.RailProperties[] rails() {
        return new GuardrailsProperties.RailProperties[] {
            props.getContentSafety(), props.getTopicControl(), props.getJailbreakDetection()
        };
    }

    private String railKey(GuardrailsProperties.RailProperties rail) {
        if (rail == props.getContentSafety()) {
            return "guardrails.content-safety";
        }
        return rail == props.getTopicControl() ? "guardrails.topic-control" : "guardrails.jailbreak-detection";
    }

    /** Runs a library builder and names the property group in any validation error it throws. */
    private static <T> T named(String property, Supplier<T> build) {
        try {
            return build.get();
        } catch (ConfigurationException | IllegalArgumentException e) {
            throw new ConfigurationException(property + ": " + e.getMessage(), e);
        }
    }
}
