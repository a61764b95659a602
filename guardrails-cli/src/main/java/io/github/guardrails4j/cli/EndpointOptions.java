package io.github.guardrails4j.cli;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.builtin.NemoGuardModels;
import io.github.guardrails4j.model.builtin.NemoGuardTopicControl;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The endpoint and rail options shared by {@code check}, {@code bench} and {@code doctor} (a picocli mixin):
 * {@code --rails}, the NIM URLs, the model ids and format, the topic guidelines and the embedded simulator's
 * settings. Not thread safe: filled by picocli, read once per execution.
 */
final class EndpointOptions {
    @Option(
            names = "--rails",
            paramLabel = "RAIL",
            split = ",",
            description = "Rails to run: content-safety, topic-control, jailbreak-detection (comma separated). "
                    + "Default: every rail that has an endpoint (all three with the simulator).")
    List<String> rails;

    @Option(
            names = "--nim-url",
            paramLabel = "URL",
            description = "One NIM base URL serving all models, for example http://127.0.0.1:8000. "
                    + "Default: $GUARDRAILS_NIM_URL, else (unset) the embedded simulator. Empty, or with a query or "
                    + "fragment: a usage error.")
    String nimUrl;

    @Option(
            names = "--content-safety-url",
            paramLabel = "URL",
            description = "Content safety NIM base URL. Default: $GUARDRAILS_CONTENT_SAFETY_URL, else --nim-url.")
    String contentSafetyUrl;

    @Option(
            names = "--topic-control-url",
            paramLabel = "URL",
            description = "Topic control NIM base URL. Default: $GUARDRAILS_TOPIC_CONTROL_URL, else --nim-url.")
    String topicControlUrl;

    @Option(
            names = "--jailbreak-url",
            paramLabel = "URL",
            description = "Jailbreak detection NIM base URL (POST /v1/classify). "
                    + "Default: $GUARDRAILS_JAILBREAK_URL, else --nim-url.")
    String jailbreakUrl;

    @Option(
            names = "--content-safety-model",
            paramLabel = "MODEL",
            defaultValue = ContentSafetyRail.DEFAULT_MODEL,
            description = "Content safety model id. Default: ${DEFAULT-VALUE}.")
    String contentSafetyModel;

    @Option(
            names = "--content-safety-format",
            paramLabel = "FORMAT",
            description = "Answer format of the content safety model: nemoguard, llama-guard-3, nemotron-3.5, "
                    + "nemotron-reasoning. Default: inferred from --content-safety-model, else nemoguard.")
    String contentSafetyFormat;

    @Option(
            names = "--topic-control-model",
            paramLabel = "MODEL",
            defaultValue = TopicControlRail.DEFAULT_MODEL,
            description = "Topic control model id. Default: ${DEFAULT-VALUE}.")
    String topicControlModel;

    @Option(
            names = "--jailbreak-model",
            paramLabel = "MODEL",
            defaultValue = NemoGuardModels.JAILBREAK_DETECT,
            description = "Jailbreak detection model id, checked against GET /v1/models by doctor "
                    + "(POST /v1/classify itself names no model). Default: ${DEFAULT-VALUE}.")
    String jailbreakModel;

    @Option(
            names = "--topic-guidelines",
            paramLabel = "PATH",
            description = "UTF-8 file with the topic guidelines (the system prompt of the topic control model). "
                    + "Default: a built-in sample for a home-goods store's customer service assistant.")
    Path topicGuidelines;

    @Option(
            names = "--sim-latency",
            paramLabel = "MODEL",
            defaultValue = "realistic",
            description = "Latency of the embedded simulator: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    SimLatency simLatency;

    // Test and demo switches of the embedded simulator; hidden from --help, documented in docs/cli.md.
    @Option(
            names = "--sim-prefix-caching",
            paramLabel = "BOOL",
            arity = "1",
            defaultValue = "true",
            hidden = true,
            description = "Embedded simulator: simulate KV cache reuse. Default: ${DEFAULT-VALUE}.")
    boolean simPrefixCaching;

    @Option(
            names = "--sim-report-cached-tokens",
            paramLabel = "BOOL",
            arity = "1",
            defaultValue = "true",
            hidden = true,
            description = "Embedded simulator: report usage.prompt_tokens_details.cached_tokens (false sends null, "
                    + "as many servers do). Default: ${DEFAULT-VALUE}.")
    boolean simReportCachedTokens;

    /** Default of {@code --timeout-ms}: {@link NimClient#DEFAULT_ATTEMPT_TIMEOUT} in ms (a test keeps them equal). */
    static final String DEFAULT_TIMEOUT_MS = "10000";
    /** Default of {@code --deadline-ms}: {@link ResilienceConfig#DEFAULT_CHECK_TIMEOUT} in ms (a test keeps them equal). */
    static final String DEFAULT_CHECK_TIMEOUT_MS = "15000";
    /** Default of {@code --max-attempts}: {@link ResilienceConfig#DEFAULT_MAX_ATTEMPTS} (a test keeps them equal). */
    static final String DEFAULT_MAX_ATTEMPTS = "3";

    @Option(
            names = "--timeout-ms",
            paramLabel = "MS",
            defaultValue = DEFAULT_TIMEOUT_MS,
            description = "Time budget of one HTTP attempt (OkHttp attemptTimeout, which cancels the call), ms. "
                    + "Default: ${DEFAULT-VALUE}.")
    long timeoutMs;

    @Option(
            names = "--deadline-ms",
            paramLabel = "MS",
            defaultValue = DEFAULT_CHECK_TIMEOUT_MS,
            description = "Time budget of one rail check, all attempts and backoff waits included, ms; 0 = none. "
                    + "Default: ${DEFAULT-VALUE}.")
    long deadlineMs;

    @Option(
            names = "--max-attempts",
            paramLabel = "N",
            defaultValue = DEFAULT_MAX_ATTEMPTS,
            description = "HTTP attempts per rail check (1 = no retries); retries only on 408, 429, 5xx and I/O "
                    + "errors, with backoff and Retry-After. Default: ${DEFAULT-VALUE}.")
    int maxAttempts;

    /**
     * Parses the options into setup settings.
     *
     * @param spec the command being run, for usage errors
     * @param simBlockSize the embedded simulator's KV cache block size, tokens
     * @return the settings
     * @throws CommandLine.ParameterException for an unknown rail or format (exit 2)
     * @throws CommandLine.ParameterException when --topic-guidelines is not a valid guidelines file (exit 2)
     * @throws InputFileException declared for the commands' own input files (exit 2)
     */
    GuardSetup.Settings settings(CommandSpec spec, int simBlockSize) throws InputFileException {
        return settings(spec, simBlockSize, 1);
    }

    /**
     * Parses the options into setup settings for a command that runs checks concurrently.
     *
     * @param spec the command being run, for usage errors
     * @param simBlockSize the embedded simulator's KV cache block size, tokens
     * @param concurrency checks in flight at once; sizes each endpoint's concurrency limit (every rail of a check
     *     may call one endpoint)
     * @return the settings
     * @throws CommandLine.ParameterException for an unknown rail or format, or a value out of range (exit 2)
     * @throws CommandLine.ParameterException when --topic-guidelines is not a valid guidelines file (exit 2)
     * @throws InputFileException declared for the commands' own input files (exit 2)
     */
    GuardSetup.Settings settings(CommandSpec spec, int simBlockSize, int concurrency) throws InputFileException {
        if (timeoutMs < 1 || deadlineMs < 0 || maxAttempts < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--timeout-ms must be >= 1, --deadline-ms " + ">= 0 and --max-attempts >= 1; got " + timeoutMs
                            + ", " + deadlineMs + ", " + maxAttempts);
        }
        ResilienceConfig resilience = ResilienceConfig.builder()
                .maxAttempts(maxAttempts)
                .checkTimeout(Duration.ofMillis(deadlineMs))
                .maxConcurrentCallsPerEndpoint(Math.max(
                        ResilienceConfig.DEFAULT_MIN_CONCURRENT_CALLS_PER_ENDPOINT,
                        concurrency * RailName.values().length))
                .build();
        Set<RailName> selected = null;
        if (rails != null && !rails.isEmpty()) {
            selected = EnumSet.noneOf(RailName.class);
            for (String r : rails) {
                try {
                    selected.add(RailName.parse(r));
                } catch (ConfigurationException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--rails: " + e.getMessage());
                }
            }
        }
        ContentSafetyFormat csFormat = null;
        if (contentSafetyFormat != null) {
            try {
                csFormat = ContentSafetyFormat.fromId(contentSafetyFormat);
            } catch (ConfigurationException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--content-safety-format: " + e.getMessage());
            }
        }
        String guidelines = topicGuidelines == null ? null : guidelines(spec, topicGuidelines);
        Map<RailName, String> urls = new EnumMap<>(RailName.class);
        putIfSet(urls, RailName.CONTENT_SAFETY, contentSafetyUrl);
        putIfSet(urls, RailName.TOPIC_CONTROL, topicControlUrl);
        putIfSet(urls, RailName.JAILBREAK_DETECTION, jailbreakUrl);
        return new GuardSetup.Settings(
                nimUrl,
                urls,
                selected,
                contentSafetyModel,
                csFormat,
                topicControlModel,
                jailbreakModel,
                guidelines,
                new GuardSetup.SimSettings(simLatency, simPrefixCaching, simReportCachedTokens, simBlockSize),
                new GuardSetup.ClientSettings(Duration.ofMillis(timeoutMs), resilience));
    }

    /**
     * Reads and validates the topic guidelines file with the SDK's own rules
     * ({@link NemoGuardTopicControl.Builder#guidelinesFile(Path)}: a regular file, bounded size, UTF-8 text, no NUL,
     * at most {@value NemoGuardTopicControl#MAX_GUIDELINES_CHARS} characters), while the options are parsed: a bad
     * file is a usage error (exit 2) naming the option, never a crash or a server error blamed on the message.
     */
    private static String guidelines(CommandSpec spec, Path file) {
        try {
            NemoGuardTopicControl.builder().guidelinesFile(file).build();
            // validated: a regular UTF-8 text file of a few KB at most
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (ConfigurationException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--topic-guidelines: " + e.getMessage());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--topic-guidelines: cannot read " + file + ": " + e, e);
        }
    }

    /** @see #settings(CommandSpec, int) with the simulator's default block size */
    GuardSetup.Settings settings(CommandSpec spec) throws InputFileException {
        return settings(spec, NimSimulator.DEFAULT_BLOCK_SIZE);
    }

    private static void putIfSet(Map<RailName, String> urls, RailName rail, String url) {
        if (url != null) {
            urls.put(rail, url);
        }
    }
}
