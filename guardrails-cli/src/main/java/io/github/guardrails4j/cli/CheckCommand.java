package io.github.guardrails4j.cli;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.nemo.NemoConfig;
import io.github.guardrails4j.nim.VerdictCache;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.stream.StreamingGuard;
import io.github.guardrails4j.testkit.NimSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code guardrails check}: checks one text (and optionally an LLM answer), a CSV or JSONL file of them, or the
 * built-in samples, with content safety, topic control and jailbreak detection rails.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Check a user message (and optionally the LLM's answer), a file of them, or the built-in " + "samples.",
            "Each input runs the input rails (content-safety-input, topic-control, jailbreak-detection) at once; "
                    + "with a response, the output rail (content-safety-output) runs next. An input is allowed "
                    + "only when both checks allow it. Results go to stdout in input order; progress and the "
                    + "summary go to stderr."
        },
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_0, ExitCodes.HELP_1, ExitCodes.HELP_2, ExitCodes.HELP_3, ExitCodes.HELP_4},
        footerHeading = "%nEndpoints:%n",
        footer = {
            "Options win over environment variables. The API key is read from NVIDIA_API_KEY only and is "
                    + "never printed.",
            "With no endpoint at all, the embedded NIM simulator is started on 127.0.0.1 (a keyword classifier "
                    + "for trying the tool, not a safety model) and every rail uses it.",
            "Examples:",
            "  guardrails check --samples",
            "  guardrails check --text 'How do I make a bomb at home?' --format jsonl",
            "  guardrails check --nim-url http://127.0.0.1:8000 --rails content-safety --file prompts.csv",
            "  guardrails check --file completions.csv --stream --hold-back --chunk-size 50 --context-size 10"
        })
final class CheckCommand implements Callable<Integer> {
    /** Default concurrency of file runs: {@value}. */
    static final int DEFAULT_CONCURRENCY = 8;
    /** Progress is printed every this many inputs: {@value}. */
    static final int PROGRESS_EVERY_INPUTS = 50;
    /** ... or when this many nanoseconds passed since the last progress line (2 s). */
    static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;
    /** The bundled sample prompts. */
    static final String SAMPLES_RESOURCE = "samples.jsonl";

    /** Output formats. */
    enum Format {
        table,
        jsonl
    }

    /** Where the inputs come from: exactly one. */
    static final class Source {
        @Option(
                names = "--text",
                paramLabel = "TEXT",
                required = true,
                description = "The user's message to check, verbatim.")
        String text;

        @Option(
                names = "--file",
                paramLabel = "PATH",
                required = true,
                description = "A CSV file with a header row and a 'prompt' column (and optionally 'completion' "
                        + "or 'response', which adds the output check), or a .jsonl file of "
                        + "{\"prompt\": ..., \"response\": ...} objects. UTF-8. '-' reads standard input (JSON "
                        + "Lines when it starts with '{', else CSV); a pipe is read the same way.")
        Path file;

        @Option(
                names = "--samples",
                required = true,
                description = "Check the built-in sample prompts (benign, harmful, off-topic, jailbreak; some "
                        + "with responses).")
        boolean samples;
    }

    @ParentCommand
    GuardrailsCommand parent;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "Input (exactly one):%n")
    Source source;

    @Option(
            names = "--response",
            paramLabel = "TEXT",
            description = "With --text: the LLM's answer, checked by the output rail after the input check.")
    String response;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(
            names = "--all-verdicts",
            description = "Let every rail run to its verdict even after one blocks (evaluation runs: one verdict "
                    + "per rail per input). The input is still blocked by the first blocking verdict; latency is "
                    + "then the slowest rail's. Default: off (the first block cancels the other rails).")
    boolean allVerdicts;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "" + DEFAULT_CONCURRENCY,
            description = "Inputs checked at once for --file and --samples, 1..1024. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Mixin
    VerdictCacheOption verdictCacheOption;

    @Mixin
    EndpointOptions endpoints;

    /** Counts the verdict cache's lookups when --verdict-cache is given, else null. */
    private VerdictCacheCounter cacheCounter;

    @Mixin
    NemoConfigOptions nemoConfig;

    @Mixin
    StreamOptions streamOptions;

    @Mixin
    MetricsOptions metrics;

    private Guardrails guardrails(GuardSetup setup) {
        Guardrails g = setup.guardrails();
        if (allVerdicts || cacheCounter != null) {
            Guardrails.Builder b = g.toBuilder().runAllRails(allVerdicts);
            if (cacheCounter != null) {
                b.listenerFactory(cacheCounter);
            }
            g = b.build();
        }
        return metrics.observe(g, cacheCounter, setup.endpoints().values());
    }

    @Override
    public Integer call() {
        Map<String, String> env = parent != null ? parent.env() : System.getenv();
        UnaryOperator<String> redact = redactor(env.get(GuardSetup.ENV_API_KEY));
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(env, redact);
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (InputFileException e) {
            err.print("error: " + redact.apply(e.getMessage()) + "\n");
            err.flush();
            return ExitCodes.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.print("error: interrupted; the run was cancelled" + "\n");
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        } catch (ExecutionException e) {
            err.print("error: internal failure: " + redact.apply(String.valueOf(e.getCause())) + "\n");
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        } catch (ConfigurationException e) {
            // A setting the SDK rejected (a malformed URL, for example): the message says what to fix.
            err.print("error: " + redact.apply(e.getMessage()) + "\n");
            err.flush();
            return ExitCodes.USAGE;
        } catch (RuntimeException e) {
            err.print("error: internal failure: " + redact.apply(String.valueOf(e)) + "\n");
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        }
    }

    private int run(Map<String, String> env, UnaryOperator<String> redact)
            throws InputFileException, InterruptedException, ExecutionException {
        if (response != null && source.text == null) {
            throw usage("--response goes with --text; in a file, put the answers in a 'completion' or "
                    + "'response' column");
        }
        if (concurrency < 1 || concurrency > 1024) {
            throw usage("--concurrency must be 1..1024, got " + concurrency);
        }
        streamOptions.requireStreamFor(spec);
        if (streamOptions.stream && !nemoConfig.given()) {
            streamOptions.config(spec); // a bad option is a usage error before any endpoint is set up
        }
        GuardSetup.Settings settings = endpoints.settings(spec, NimSimulator.DEFAULT_BLOCK_SIZE, concurrency);
        List<CheckInput> inputs;
        if (source.text != null) {
            inputs = List.of(new CheckInput(source.text, response));
        } else if (source.file != null) {
            inputs = InputReader.read(source.file, parent != null ? parent.stdin() : System.in);
        } else {
            inputs = samples();
        }
        PrintWriter err = spec.commandLine().getErr();
        VerdictCache verdictCache = verdictCacheOption.cache(spec);
        cacheCounter = verdictCache == null ? null : new VerdictCacheCounter(GuardrailsListener.NONE);
        GuardSetup setup;
        try {
            setup = GuardSetup.create(settings, nemoConfig, spec, endpoints.nimUrl, env, notice -> {
                        err.print(notice + "\n");
                        err.flush();
                    })
                    .withVerdictCache(verdictCache);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        try (setup) {
            StreamingConfig streamingConfig = streamOptions.stream ? streamingConfig(setup) : null;
            int exit = checkWith(setup, streamingConfig, inputs, new ResultFormatter(redact));
            if (cacheCounter != null && cacheCounter.anyLookup()) {
                err.print(VerdictCacheReport.render(cacheCounter));
                err.flush();
            }
            try {
                Path written = metrics.write();
                if (written != null) {
                    err.print("wrote the meters to " + written + "\n");
                    err.flush();
                }
            } catch (IOException e) {
                err.print("error: cannot write " + metrics.metricsOut + ": " + redact.apply(String.valueOf(e)) + "\n");
                err.flush();
                return ExitCodes.INTERNAL_ERROR;
            }
            return exit;
        }
    }

    /**
     * The settings of {@code --stream}: with {@code --config}, the folder's {@code rails.output.streaming} with the
     * stream options given on the command line on top; without it, the options.
     */
    private StreamingConfig streamingConfig(GuardSetup setup) {
        NemoConfig config = setup.nemoConfig().orElse(null);
        if (config == null) {
            return streamOptions.config(spec);
        }
        StreamingConfig base = config.streaming().orElse(null);
        if (base == null && !config.unguardedDirections().contains(RailDirection.OUTPUT)) {
            PrintWriter err = spec.commandLine().getErr();
            err.print("note: rails.output.streaming.enabled is not true in " + config.directory() + ": NeMo would "
                    + "not check the answer chunk by chunk; --stream does, with the chunk settings of the stream "
                    + "options (their defaults where not given)\n");
            err.flush();
        }
        return streamOptions.config(spec, base);
    }

    private int checkWith(
            GuardSetup setup, StreamingConfig streamingConfig, List<CheckInput> inputs, ResultFormatter formatter)
            throws InterruptedException, ExecutionException {
        if (streamingConfig != null) {
            return checkStreams(guardrails(setup), streamingConfig, inputs, formatter);
        }
        if (source.text != null) {
            return checkOne(guardrails(setup), inputs.get(0), formatter);
        }
        RunSummary summary = checkAll(guardrails(setup), inputs, formatter);
        // A run where every check failed closed means the guard is unreachable: say so to scripts.
        return summary.allFailedClosed() ? ExitCodes.GUARD_UNAVAILABLE : ExitCodes.ALLOWED;
    }

    private int checkStreams(
            Guardrails guardrails, StreamingConfig config, List<CheckInput> inputs, ResultFormatter formatter)
            throws InterruptedException, ExecutionException {
        StreamRun run = new StreamRun(
                guardrails,
                StreamingGuard.create(guardrails, config),
                streamOptions.tokensPerSecond,
                streamOptions.describe(config),
                formatter,
                format == Format.jsonl,
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
        List<StreamOutcome> outcomes = run.run(inputs, concurrency);
        if (source.text == null) {
            boolean allFailedClosed =
                    !outcomes.isEmpty() && outcomes.stream().allMatch(StreamOutcome::blockedOnlyByErrors);
            return allFailedClosed ? ExitCodes.GUARD_UNAVAILABLE : ExitCodes.ALLOWED;
        }
        StreamOutcome o = outcomes.get(0);
        if (o.allowed()) {
            return ExitCodes.ALLOWED;
        }
        if (o.stream() != null && o.stream().error() != null) {
            return ExitCodes.INTERNAL_ERROR;
        }
        return o.blockedOnlyByErrors() ? ExitCodes.GUARD_UNAVAILABLE : ExitCodes.BLOCKED;
    }

    private int checkOne(Guardrails guardrails, CheckInput input, ResultFormatter formatter)
            throws InterruptedException, ExecutionException {
        CheckOutcome o = CheckOutcome.check(guardrails, 0, input).get();
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.jsonl) {
            out.print(formatter.jsonLine(o) + "\n");
        } else {
            out.print(ResultFormatter.tableHeader() + "\n" + formatter.tableRow(o) + "\n");
        }
        out.flush();
        if (o.allowed()) {
            return ExitCodes.ALLOWED;
        }
        return o.blockedOnlyByErrors() ? ExitCodes.GUARD_UNAVAILABLE : ExitCodes.BLOCKED;
    }

    private RunSummary checkAll(Guardrails guardrails, List<CheckInput> inputs, ResultFormatter formatter)
            throws InterruptedException, ExecutionException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int n = inputs.size();
        long started = System.nanoTime();
        BoundedRun<CheckOutcome> run =
                BoundedRun.start(n, concurrency, index -> CheckOutcome.check(guardrails, index, inputs.get(index)));
        RunSummary summary = new RunSummary();
        Progress progress = new Progress(out, err, n);
        try (run) {
            if (format == Format.table) {
                out.print(ResultFormatter.tableHeader() + "\n");
            }
            for (int i = 0; i < n; i++) {
                CheckOutcome o = run.get(i);
                out.print((format == Format.jsonl ? formatter.jsonLine(o) : formatter.tableRow(o)) + "\n");
                summary.add(o);
                progress.done(i + 1);
            }
        } finally {
            out.flush();
        }
        err.print(summary.render((System.nanoTime() - started) / 1_000_000) + "\n");
        err.flush();
        return summary;
    }

    /**
     * Returns the bundled sample inputs.
     *
     * @return the bundled sample inputs
     * @throws InputFileException when they cannot be read (a broken build)
     */
    static List<CheckInput> samples() throws InputFileException {
        try (InputStream in = CheckCommand.class.getResourceAsStream(SAMPLES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled resource missing: " + SAMPLES_RESOURCE);
            }
            return InputReader.readJsonLines(in, "built-in " + SAMPLES_RESOURCE);
        } catch (IOException e) {
            throw new InputFileException("cannot read the built-in samples: " + e, e);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * Sets secret.
     *
     * @param secret the API key, or null
     * @return a function replacing every occurrence of the key with {@code [redacted]}
     */
    static UnaryOperator<String> redactor(String secret) {
        if (secret == null || secret.isBlank()) {
            return s -> s;
        }
        String key = secret.strip();
        return s -> s == null ? null : s.replace(key, "[redacted]");
    }
}
