package io.github.guardrails4j.cli;

import io.github.guardrails4j.stream.ChunkUnit;
import io.github.guardrails4j.stream.StreamingConfig;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The {@code --stream} options of {@code check} (a picocli mixin): replay each answer as a token stream through
 * streaming output rails. The defaults are {@link StreamingConfig}'s. Not thread safe: filled by picocli, read once
 * per execution.
 */
final class StreamOptions {
    /** Default of {@code --tokens-per-second}: {@value}, a typical LLM decode rate as a user sees it. */
    static final String DEFAULT_TOKENS_PER_SECOND = "50";

    /** The options that only make sense with {@code --stream}. */
    static final List<String> STREAM_ONLY = List.of(
            "--chunk-size",
            "--chunk-size-chars",
            "--context-size",
            "--hold-back",
            "--cumulative",
            "--max-in-flight",
            "--tokens-per-second");

    @Option(
            names = "--stream",
            description = "Replay each answer (--response, or the file's completion/response column) as a token "
                    + "stream through streaming output rails and report, per input, the time to the first released "
                    + "text, the latency added to the whole stream and where it was blocked. Input rails run first "
                    + "on the prompt, as without --stream.")
    boolean stream;

    @Option(
            names = "--chunk-size",
            paramLabel = "N",
            defaultValue = "" + StreamingConfig.DEFAULT_CHUNK_SIZE,
            description = "With --stream: tokens (deltas) per checked chunk, >= 1. Default: ${DEFAULT-VALUE}. "
                    + "Not with --chunk-size-chars.")
    int chunkSize;

    @Option(
            names = "--chunk-size-chars",
            paramLabel = "N",
            description = "With --stream: count chunks (and --context-size) in characters instead, >= 1; not with "
                    + "--chunk-size. "
                    + "Default: none (chunks count tokens).")
    Integer chunkSizeChars;

    @Option(
            names = "--context-size",
            paramLabel = "N",
            defaultValue = "" + StreamingConfig.DEFAULT_CONTEXT_SIZE,
            description = "With --stream: units of the previous chunk re-checked with each chunk, 0 <= N < chunk "
                    + "size. Default: ${DEFAULT-VALUE}.")
    int contextSize;

    @Option(
            names = "--hold-back",
            negatable = true,
            description = "With --stream: release a chunk's text only after its check passed (default: stream "
                    + "first, release text before its check; with --config, its rails.output.streaming.stream_first). "
                    + "--no-hold-back streams first whatever the configuration says.")
    boolean holdBack;

    @Option(
            names = "--cumulative",
            description = "With --stream: each chunk check sends the whole answer so far (cumulative mode, prefix "
                    + "cached by the guard server) instead of the chunk with --context-size of context.")
    boolean cumulative;

    @Option(
            names = "--max-in-flight",
            paramLabel = "N",
            defaultValue = "" + StreamingConfig.DEFAULT_MAX_IN_FLIGHT_CHECKS,
            description = "With --stream: chunk checks of one stream at once, >= 1; in stream-first mode also how "
                    + "many chunks released text may run ahead of the checks. Default: ${DEFAULT-VALUE}.")
    int maxInFlight;

    @Option(
            names = "--tokens-per-second",
            paramLabel = "R",
            defaultValue = DEFAULT_TOKENS_PER_SECOND,
            description = "With --stream: pace of the replayed answer, tokens per second, > 0 (at most 1000000). "
                    + "Default: ${DEFAULT-VALUE}.")
    double tokensPerSecond;

    /**
     * Sets spec.
     *
     * @param spec the command being run
     * @throws CommandLine.ParameterException when a streaming option was given without {@code --stream}
     */
    void requireStreamFor(CommandSpec spec) {
        if (stream) {
            return;
        }
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        for (String name : STREAM_ONLY) {
            if (pr.hasMatchedOption(name)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        name + " only applies with --stream; " + "add --stream or leave " + name + " out");
            }
        }
    }

    /**
     * The streaming configuration the options describe.
     *
     * @param spec the command being run, for usage errors
     * @return the streaming configuration the options describe
     * @throws CommandLine.ParameterException when a value is out of range, or both --chunk-size and
     *     --chunk-size-chars are given (exit 2)
     */
    StreamingConfig config(CommandSpec spec) {
        return config(spec, null);
    }

    /**
     * The streaming configuration of a base (a NeMo configuration's {@code rails.output.streaming}) with the options
     * given on the command line on top: {@code --chunk-size} or {@code --chunk-size-chars} replaces the base's chunk
     * size (and unit), {@code --context-size} its context, {@code --hold-back} its stream-first setting; an option
     * left out keeps the base's value. {@code --cumulative} and {@code --max-in-flight} have no NeMo counterpart and
     * always apply.
     *
     * @param spec the command being run, for usage errors
     * @param base the settings the options override, or null for {@link StreamingConfig}'s defaults (the options'
     *     defaults)
     * @return the streaming configuration
     * @throws CommandLine.ParameterException when a value is out of range, or both --chunk-size and
     *     --chunk-size-chars are given (exit 2)
     */
    StreamingConfig config(CommandSpec spec, StreamingConfig base) {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        if (chunkSizeChars != null && pr.hasMatchedOption("--chunk-size")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--chunk-size and --chunk-size-chars are mutually exclusive: count chunks in tokens "
                            + "(--chunk-size) or in characters (--chunk-size-chars), not both");
        }
        if (!(tokensPerSecond > 0 && tokensPerSecond <= 1_000_000)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--tokens-per-second must be > 0 and " + "<= 1000000, got " + tokensPerSecond
                            + "; for example --tokens-per-second 50");
        }
        boolean sizeFromBase = base != null && chunkSizeChars == null && !pr.hasMatchedOption("--chunk-size");
        boolean chars = sizeFromBase ? base.chunkUnit() == ChunkUnit.CHARACTERS : chunkSizeChars != null;
        int size = sizeFromBase ? base.chunkSize() : chunkSizeChars != null ? chunkSizeChars : chunkSize;
        String sizeOption = sizeFromBase
                ? "the configuration's chunk_size"
                : chunkSizeChars != null ? "--chunk-size-chars" : "--chunk-size";
        if (size < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    sizeOption + " must be >= 1, got " + size + "; for example " + sizeOption + " "
                            + (chunkSizeChars != null ? 800 : 200));
        }
        boolean contextFromBase = base != null && !pr.hasMatchedOption("--context-size");
        int context = contextFromBase ? base.contextSize() : contextSize;
        if (context < 0 || context >= size) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    (contextFromBase ? "the configuration's context_size" : "--context-size")
                            + " must be >= 0 and less than " + sizeOption + " " + size + ", got " + context
                            + "; about a quarter of the chunk size (the defaults are 50 of 200), or 0 for no context");
        }
        if (maxInFlight < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--max-in-flight must be >= 1, got " + maxInFlight + "; for example --max-in-flight 4");
        }
        StreamingConfig.Builder b = StreamingConfig.builder();
        if (chars) {
            b.chunkSizeChars(size);
        } else {
            b.chunkSize(size);
        }
        boolean streamFirst = base != null && !pr.hasMatchedOption("--hold-back") ? base.streamFirst() : !holdBack;
        return b.contextSize(context)
                .streamFirst(streamFirst)
                .cumulative(cumulative)
                .maxInFlightChecks(maxInFlight)
                .build();
    }

    /**
     * Describes a configuration for the run's header line.
     *
     * @param config the configuration in use
     * @return a one-line description, for example {@code stream-first, chunk 200 tokens, context 50, 4 checks in
     *     flight, 50 tokens/s}
     */
    String describe(StreamingConfig config) {
        String unit = config.chunkUnit() == ChunkUnit.CHARACTERS ? "chars" : "tokens";
        return String.format(
                Locale.ROOT,
                "%s%s, chunk %d %s, context %d, %d checks in flight, %s tokens/s",
                config.streamFirst() ? "stream-first" : "hold-back",
                config.cumulative() ? ", cumulative" : "",
                config.chunkSize(),
                unit,
                config.contextSize(),
                config.maxInFlightChecks(),
                formatRate(tokensPerSecond));
    }

    private static String formatRate(double r) {
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }
}
