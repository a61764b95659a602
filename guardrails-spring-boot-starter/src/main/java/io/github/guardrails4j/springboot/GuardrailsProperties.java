package io.github.guardrails4j.springboot;

import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.JailbreakDetectionRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.springai.BlockAction;
import io.github.guardrails4j.springai.NemoGuardAdvisor;
import io.github.guardrails4j.stream.ChunkUnit;
import io.github.guardrails4j.stream.StreamingConfig;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The {@code guardrails.*} properties. Every default is the library's own {@code DEFAULT_*} constant.
 *
 * <pre>
 * guardrails.nim-url=http://nim-host:8000          # one NIM for every rail (or guardrails.&lt;rail&gt;.url)
 * guardrails.topic-control.enabled=true
 * guardrails.topic-control.guidelines-resource=classpath:topics.txt
 * guardrails.streaming.stream-first=false          # hold back each chunk until it passed
 * </pre>
 *
 * <p>Bound once at start-up by Spring Boot; mutable JavaBean, not thread safe, not meant to be changed afterwards.
 */
@ConfigurationProperties(prefix = GuardrailsProperties.PREFIX)
public class GuardrailsProperties {
    /** Creates the settings with their defaults; Spring binds the properties onto it. */
    public GuardrailsProperties() {}

    /** The prefix of every property, {@value}. */
    public static final String PREFIX = "guardrails";

    /** The environment variable the API key is read from when guardrails.api-key is not set, {@value}. */
    public static final String DEFAULT_API_KEY_ENV = "NVIDIA_API_KEY";

    /** Whether to configure Guardrails4j at all. */
    private boolean enabled = true;

    /** Base URL of one NIM that serves every rail, such as http://nim-host:8000; a rail's own url wins. */
    private String nimUrl;

    /**
     * API key for hosted NIMs, sent as a bearer token; never logged. When unset, the environment variable named by
     * guardrails.api-key-env is used; a local NIM needs none.
     */
    private String apiKey;

    /** The environment variable (or any Spring property) the API key is read from when api-key is not set. */
    private String apiKeyEnv = DEFAULT_API_KEY_ENV;

    private final Http http = new Http();
    private final ContentSafety contentSafety = new ContentSafety();
    private final TopicControl topicControl = new TopicControl();
    private final JailbreakDetection jailbreakDetection = new JailbreakDetection();
    private final Streaming streaming = new Streaming();
    private final Advisor advisor = new Advisor();

    /** {@return whether Guardrails4j is configured} */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets enabled.
     *
     * @param enabled whether Guardrails4j is configured
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** {@return the NIM URL shared by every rail, or null} */
    public String getNimUrl() {
        return nimUrl;
    }

    /**
     * Sets nimUrl.
     *
     * @param nimUrl the NIM URL shared by every rail
     */
    public void setNimUrl(String nimUrl) {
        this.nimUrl = nimUrl;
    }

    /** {@return the API key, or null} */
    public String getApiKey() {
        return apiKey;
    }

    /**
     * Sets apiKey.
     *
     * @param apiKey the API key
     */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    /** {@return the environment variable the key is read from} */
    public String getApiKeyEnv() {
        return apiKeyEnv;
    }

    /**
     * Sets apiKeyEnv.
     *
     * @param apiKeyEnv the environment variable the key is read from
     */
    public void setApiKeyEnv(String apiKeyEnv) {
        this.apiKeyEnv = apiKeyEnv;
    }

    /** {@return HTTP timeouts and retries} */
    public Http getHttp() {
        return http;
    }

    /** {@return the content safety rails} */
    public ContentSafety getContentSafety() {
        return contentSafety;
    }

    /** {@return the topic control rail} */
    public TopicControl getTopicControl() {
        return topicControl;
    }

    /** {@return the jailbreak detection rail} */
    public JailbreakDetection getJailbreakDetection() {
        return jailbreakDetection;
    }

    /** {@return chunked checks of streamed answers} */
    public Streaming getStreaming() {
        return streaming;
    }

    /** {@return the Spring AI advisor} */
    public Advisor getAdvisor() {
        return advisor;
    }

    /** HTTP timeouts and retries of every NIM client ({@code guardrails.http.*}). */
    public static class Http {
        /** Creates the settings with their defaults; Spring binds the properties onto it. */
        public Http() {}

        /** Time for one HTTP attempt (OkHttp's call timeout). */
        private Duration attemptTimeout = NimClient.DEFAULT_ATTEMPT_TIMEOUT;

        /** Time to open a connection. */
        private Duration connectTimeout = NimClient.DEFAULT_CONNECT_TIMEOUT;

        /** Time for one rail check, retries included. */
        private Duration deadline = ResilienceConfig.DEFAULT_CHECK_TIMEOUT;

        /** Attempts per rail check (1 = no retry). */
        private int maxAttempts = ResilienceConfig.DEFAULT_MAX_ATTEMPTS;

        /** {@return the time for one attempt} */
        public Duration getAttemptTimeout() {
            return attemptTimeout;
        }

        /**
         * Sets attemptTimeout.
         *
         * @param attemptTimeout the time for one attempt
         */
        public void setAttemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
        }

        /** {@return the connect timeout} */
        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        /**
         * Sets connectTimeout.
         *
         * @param connectTimeout the connect timeout
         */
        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        /** {@return the time for one check, retries included} */
        public Duration getDeadline() {
            return deadline;
        }

        /**
         * Sets deadline.
         *
         * @param deadline the time for one check, retries included
         */
        public void setDeadline(Duration deadline) {
            this.deadline = deadline;
        }

        /** {@return the attempts per check} */
        public int getMaxAttempts() {
            return maxAttempts;
        }

        /**
         * Sets maxAttempts.
         *
         * @param maxAttempts the attempts per check
         */
        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }
    }

    /** What every rail has: on or off, its own URL, its failure policy. */
    public abstract static class RailProperties {
        /** Creates the settings with their defaults; Spring binds the properties onto it. */
        protected RailProperties() {}

        /** Base URL of this rail's NIM; guardrails.nim-url when unset. */
        private String url;

        /** What a guard error does: fail-closed (blocks, the default) or fail-open (lets the text through). */
        private FailurePolicy failurePolicy = FailurePolicy.FAIL_CLOSED; // FailurePolicy.DEFAULT

        /** {@return whether the rail runs} */
        public abstract boolean isEnabled();

        /** {@return this rail's URL, or null for guardrails.nim-url} */
        public String getUrl() {
            return url;
        }

        /**
         * Sets url.
         *
         * @param url this rail's URL
         */
        public void setUrl(String url) {
            this.url = url;
        }

        /** {@return the failure policy} */
        public FailurePolicy getFailurePolicy() {
            return failurePolicy;
        }

        /**
         * Sets failurePolicy.
         *
         * @param failurePolicy the failure policy
         */
        public void setFailurePolicy(FailurePolicy failurePolicy) {
            this.failurePolicy = failurePolicy;
        }
    }

    /** Content safety on the user's message and on the answer ({@code guardrails.content-safety.*}). */
    public static class ContentSafety extends RailProperties {
        /** Creates the settings with their defaults; Spring binds the properties onto it. */
        public ContentSafety() {}

        /** Whether the content safety rails run. */
        private boolean enabled = true;

        /** Whether the user's message is checked. */
        private boolean input = true;

        /** Whether the answer is checked (also chunk by chunk on streams). */
        private boolean output = true;

        /** The content safety model id. */
        private String model = ContentSafetyRail.DEFAULT_MODEL;

        /** The guard's output format (nemoguard, llama-guard-3, nemotron-3.5, nemotron-reasoning); inferred from the model id when unset. */
        private String format;

        @Override
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets enabled.
         *
         * @param enabled whether the rails run
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return whether the user's message is checked} */
        public boolean isInput() {
            return input;
        }

        /**
         * Sets input.
         *
         * @param input whether the user's message is checked
         */
        public void setInput(boolean input) {
            this.input = input;
        }

        /** {@return whether the answer is checked} */
        public boolean isOutput() {
            return output;
        }

        /**
         * Sets output.
         *
         * @param output whether the answer is checked
         */
        public void setOutput(boolean output) {
            this.output = output;
        }

        /** {@return the model id} */
        public String getModel() {
            return model;
        }

        /**
         * Sets model.
         *
         * @param model the model id
         */
        public void setModel(String model) {
            this.model = model;
        }

        /** {@return the format id, or null to infer it} */
        public String getFormat() {
            return format;
        }

        /**
         * Sets format.
         *
         * @param format the format id
         */
        public void setFormat(String format) {
            this.format = format;
        }
    }

    /** Topic control on the user's message ({@code guardrails.topic-control.*}). */
    public static class TopicControl extends RailProperties {
        /** Creates the settings with their defaults; Spring binds the properties onto it. */
        public TopicControl() {}

        /** Whether the topic control rail runs; it then needs guidelines or guidelines-resource. */
        private boolean enabled;

        /** The topic control model id. */
        private String model = TopicControlRail.DEFAULT_MODEL;

        /** The application's topic guidelines, inline. */
        private String guidelines;

        /** The application's topic guidelines, from a resource such as classpath:topics.txt (UTF-8). */
        private Resource guidelinesResource;

        @Override
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets enabled.
         *
         * @param enabled whether the rail runs
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the model id} */
        public String getModel() {
            return model;
        }

        /**
         * Sets model.
         *
         * @param model the model id
         */
        public void setModel(String model) {
            this.model = model;
        }

        /** {@return the inline guidelines, or null} */
        public String getGuidelines() {
            return guidelines;
        }

        /**
         * Sets guidelines.
         *
         * @param guidelines the inline guidelines
         */
        public void setGuidelines(String guidelines) {
            this.guidelines = guidelines;
        }

        /** {@return the guidelines resource, or null} */
        public Resource getGuidelinesResource() {
            return guidelinesResource;
        }

        /**
         * Sets guidelinesResource.
         *
         * @param guidelinesResource the guidelines resource
         */
        public void setGuidelinesResource(Resource guidelinesResource) {
            this.guidelinesResource = guidelinesResource;
        }
    }

    /** Jailbreak detection on the user's message ({@code guardrails.jailbreak-detection.*}). */
    public static class JailbreakDetection extends RailProperties {
        /** Creates the settings with their defaults; Spring binds the properties onto it. */
        public JailbreakDetection() {}

        /** Whether the jailbreak detection rail runs. */
        private boolean enabled = true;

        /** The classify path, or a full URL for the hosted service. */
        private String path = JailbreakDetectionRail.DEFAULT_PATH;

        @Override
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Sets enabled.
         *
         * @param enabled whether the rail runs
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** {@return the classify path} */
        public String getPath() {
            return path;
        }

        /**
         * Sets path.
         *
         * @param path the classify path
         */
        public void setPath(String path) {
            this.path = path;
        }
    }

    /** Chunked checks of streamed answers ({@code guardrails.streaming.*}). */
    public static class Streaming {
        /** Creates the settings with their defaults; Spring binds the properties onto it. */
        public Streaming() {}

        /** Release text before its chunk is checked (true), or hold each chunk back until it passed (false). */
        private boolean streamFirst = StreamingConfig.DEFAULT_STREAM_FIRST;

        /** How chunk-size and context-size count: deltas (streamed elements) or chars. */
        private ChunkUnit chunkUnit = StreamingConfig.DEFAULT_CHUNK_UNIT;

        /** Units per checked chunk. */
        private int chunkSize = StreamingConfig.DEFAULT_CHUNK_SIZE;

        /** Units of the previous chunk checked again with the next one. */
        private int contextSize = StreamingConfig.DEFAULT_CONTEXT_SIZE;

        /** Chunk checks running at once for one stream. */
        private int maxInFlightChecks = StreamingConfig.DEFAULT_MAX_IN_FLIGHT_CHECKS;

        /** {@return whether text is released before its check} */
        public boolean isStreamFirst() {
            return streamFirst;
        }

        /**
         * Sets streamFirst.
         *
         * @param streamFirst whether text is released before its check
         */
        public void setStreamFirst(boolean streamFirst) {
            this.streamFirst = streamFirst;
        }

        /** {@return the chunk unit} */
        public ChunkUnit getChunkUnit() {
            return chunkUnit;
        }

        /**
         * Sets chunkUnit.
         *
         * @param chunkUnit the chunk unit
         */
        public void setChunkUnit(ChunkUnit chunkUnit) {
            this.chunkUnit = chunkUnit;
        }

        /** {@return units per chunk} */
        public int getChunkSize() {
            return chunkSize;
        }

        /**
         * Sets chunkSize.
         *
         * @param chunkSize units per chunk
         */
        public void setChunkSize(int chunkSize) {
            this.chunkSize = chunkSize;
        }

        /** {@return units of context} */
        public int getContextSize() {
            return contextSize;
        }

        /**
         * Sets contextSize.
         *
         * @param contextSize units of context
         */
        public void setContextSize(int contextSize) {
            this.contextSize = contextSize;
        }

        /** {@return checks at once per stream} */
        public int getMaxInFlightChecks() {
            return maxInFlightChecks;
        }

        /**
         * Sets maxInFlightChecks.
         *
         * @param maxInFlightChecks checks at once per stream
         */
        public void setMaxInFlightChecks(int maxInFlightChecks) {
            this.maxInFlightChecks = maxInFlightChecks;
        }
    }

    /** The Spring AI advisor ({@code guardrails.advisor.*}). */
    public static class Advisor {
        /** Creates the settings with their defaults; Spring binds the properties onto it. */
        public Advisor() {}

        /** Add the advisor to every ChatClient built from Spring AI's auto-configured ChatClient.Builder. */
        private boolean chatClientDefault = true;

        /** The text answered instead of a blocked message or answer (block-action refuse). */
        private String refusal = NemoGuardAdvisor.DEFAULT_REFUSAL;

        /** What a block does: refuse (answer the refusal) or throw (NemoGuardBlockedException). */
        private BlockAction blockAction = NemoGuardAdvisor.DEFAULT_BLOCK_ACTION;

        /** The advisor's order in the chain (lower runs first). */
        private int order = NemoGuardAdvisor.DEFAULT_ORDER;

        /** {@return whether ChatClients get the advisor by default} */
        public boolean isChatClientDefault() {
            return chatClientDefault;
        }

        /**
         * Sets chatClientDefault.
         *
         * @param chatClientDefault whether ChatClients get the advisor by default
         */
        public void setChatClientDefault(boolean chatClientDefault) {
            this.chatClientDefault = chatClientDefault;
        }

        /** {@return the refusal text} */
        public String getRefusal() {
            return refusal;
        }

        /**
         * Sets refusal.
         *
         * @param refusal the refusal text
         */
        public void setRefusal(String refusal) {
            this.refusal = refusal;
        }

        /** {@return the block action} */
        public BlockAction getBlockAction() {
            return blockAction;
        }

        /**
         * Sets blockAction.
         *
         * @param blockAction the block action
         */
        public void setBlockAction(BlockAction blockAction) {
            this.blockAction = blockAction;
        }

        /** {@return the order} */
        public int getOrder() {
            return order;
        }

        /**
         * Sets order.
         *
         * @param order the order
         */
        public void setOrder(int order) {
            this.order = order;
        }
    }
}
