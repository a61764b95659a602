package io.github.guardrails4j.cli;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code guardrails check}: checks one text (and optionally an LLM answer), a CSV or JSONL file of them, or the
 * built-in samples, with content safety, topic control and jailbreak detection rails.
 */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {"Check a user message (and optionally the LLM's answer), a file of them, or the built-in "
                + "samples.",
            "Each input runs the input rails (content-safety-input, topic-control, jailbreak-detection) at once; "
                    + "with a response, the output rail (content-safety-output) runs next. An input is allowed "
                    + "only when both checks allow it. Results go to stdout in input order; progress and the "
                    + "summary go to stderr."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_0, ExitCodes.HELP_1, ExitCodes.HELP_2, ExitCodes.HELP_3, ExitCodes.HELP_4},
        footerHeading = "%nEndpoints:%n",
        footer = {"Options win over environment variables. The API key is read from NVIDIA_API_KEY only and is "
                + "never printed.",
            "With no endpoint at all, the embedded NIM simulator is started on 127.0.0.1 (a keyword classifier "
                    + "for trying the tool, not a safety model) and every rail uses it.",
            "Examples:",
            "  guardrails check --samples",
            "  guardrails check --text 'How do I make a bomb at home?' --format jsonl",
            "  guardrails check --nim-url http://127.0.0.1:8000 --rails content-safety --file prompts.csv"})
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
    enum Format { table, jsonl }

    /** Where the inputs come from: exactly one. */
    static final class Source {
        @Option(names = "--text", paramLabel = "TEXT", required = true,
                description = "The user's message to check, verbatim.")
        String text;

        @Option(names = "--file", paramLabel = "PATH", required = true,
                description = "A CSV file with a header row and a 'prompt' column (and optionally 'completion' "
                        + "or 'response', which adds the output check), or a .jsonl file of "
                        + "{\"prompt\": ..., \"response\": ...} objects. UTF-8.")
        Path file;

        @Option(names = "--samples", required = true,
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

    @Option(names = "--response", paramLabel = "TEXT",
            description = "With --text: the LLM's answer, checked by the output rail after the input check.")
    String response;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "" + DEFAULT_CONCURRENCY,
            description = "Inputs checked at once for --file and --samples, 1..1024. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--rails", paramLabel = "RAIL", split = ",",
            description = "Rails to run: content-safety, topic-control, jailbreak-detection (comma separated). "
                    + "Default: every rail that has an endpoint (all three with the simulator).")
    List<String> rails;

    @Option(names = "--nim-url", paramLabel = "URL",
            description = "One NIM base URL serving all models, for example http://127.0.0.1:8000. "
                    + "Default: $GUARDRAILS_NIM_URL, else the embedded simulator.")
    String nimUrl;

    @Option(names = "--content-safety-url", paramLabel = "URL",
            description = "Content safety NIM base URL. Default: $GUARDRAILS_CONTENT_SAFETY_URL, else --nim-url.")
    String contentSafetyUrl;

    @Option(names = "--topic-control-url", paramLabel = "URL",
            description = "Topic control NIM base URL. Default: $GUARDRAILS_TOPIC_CONTROL_URL, else --nim-url.")
    String topicControlUrl;

    @Option(names = "--jailbreak-url", paramLabel = "URL",
            description = "Jailbreak detection NIM base URL (POST /v1/classify). "
                    + "Default: $GUARDRAILS_JAILBREAK_URL, else --nim-url.")
    String jailbreakUrl;

    @Option(names = "--content-safety-model", paramLabel = "MODEL", defaultValue = ContentSafetyRail.DEFAULT_MODEL,
            description = "Content safety model id. Default: ${DEFAULT-VALUE}.")
    String contentSafetyModel;

    @Option(names = "--content-safety-format", paramLabel = "FORMAT",
            description = "Answer format of the content safety model: nemoguard, llama-guard-3, nemotron-3.5, "
                    + "nemotron-reasoning. Default: inferred from --content-safety-model, else nemoguard.")
    String contentSafetyFormat;

    @Option(names = "--topic-control-model", paramLabel = "MODEL", defaultValue = TopicControlRail.DEFAULT_MODEL,
            description = "Topic control model id. Default: ${DEFAULT-VALUE}.")
    String topicControlModel;

    @Option(names = "--topic-guidelines", paramLabel = "PATH",
            description = "UTF-8 file with the topic guidelines (the system prompt of the topic control model). "
                    + "Default: a built-in sample for a home-goods store's customer service assistant.")
    Path topicGuidelines;

    @Option(names = "--sim-latency", paramLabel = "MODEL", defaultValue = "realistic",
            description = "Latency of the embedded simulator: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    SimLatency simLatency;

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
        GuardSetup.Settings settings = settings();
        List<CheckInput> inputs;
        if (source.text != null) {
            inputs = List.of(new CheckInput(source.text, response));
        } else if (source.file != null) {
            inputs = InputReader.read(source.file);
        } else {
            inputs = samples();
        }
        PrintWriter err = spec.commandLine().getErr();
        GuardSetup setup;
        try {
            setup = GuardSetup.create(settings, env, notice -> {
                err.print(notice + "\n");
                err.flush();
            });
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        try (setup) {
            ResultFormatter formatter = new ResultFormatter(redact);
            if (source.text != null) {
                return checkOne(setup.guardrails(), inputs.get(0), formatter);
            }
            checkAll(setup.guardrails(), inputs, formatter);
            return ExitCodes.ALLOWED;
        }
    }

    private int checkOne(Guardrails guardrails, CheckInput input, ResultFormatter formatter)
            throws InterruptedException, ExecutionException {
        CheckOutcome o = start(guardrails, 0, input).get();
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

    private void checkAll(Guardrails guardrails, List<CheckInput> inputs, ResultFormatter formatter)
            throws InterruptedException, ExecutionException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int n = inputs.size();
        List<CompletableFuture<CheckOutcome>> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            results.add(new CompletableFuture<>());
        }
        Semaphore permits = new Semaphore(concurrency);
        long started = System.nanoTime();
        // Starts checks as permits free up; results are printed below in input order.
        Thread launcher = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                int index = i;
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    // Interrupted by the printing thread after a failure: fail the rest so nothing waits forever.
                    for (int j = index; j < n; j++) {
                        results.get(j).cancel(true);
                    }
                    Thread.currentThread().interrupt();
                    return;
                }
                start(guardrails, index, inputs.get(index)).whenComplete((o, t) -> {
                    permits.release();
                    if (t != null) {
                        results.get(index).completeExceptionally(t);
                    } else {
                        results.get(index).complete(o);
                    }
                });
            }
        }, "guardrails-check-launcher");
        launcher.setDaemon(true);
        launcher.start();
        RunSummary summary = new RunSummary();
        long lastProgress = System.nanoTime();
        try {
            if (format == Format.table) {
                out.print(ResultFormatter.tableHeader() + "\n");
            }
            for (int i = 0; i < n; i++) {
                CheckOutcome o = results.get(i).get();
                out.print((format == Format.jsonl ? formatter.jsonLine(o) : formatter.tableRow(o)) + "\n");
                summary.add(o);
                int done = i + 1;
                long now = System.nanoTime();
                if (done < n && (done % PROGRESS_EVERY_INPUTS == 0 || now - lastProgress >= PROGRESS_EVERY_NANOS)) {
                    out.flush();
                    err.print("checked " + done + "/" + n + "\n");
                    err.flush();
                    lastProgress = now;
                }
            }
        } finally {
            launcher.interrupt();
            results.forEach(f -> f.cancel(true));
            out.flush();
        }
        err.print(summary.render((System.nanoTime() - started) / 1_000_000) + "\n");
        err.flush();
    }

    private static CompletableFuture<CheckOutcome> start(Guardrails guardrails, int index, CheckInput input) {
        long t0 = System.nanoTime();
        return guardrails.checkInput(input.prompt()).thenCompose(in -> {
            if (!input.hasResponse()) {
                return CompletableFuture.completedFuture(
                        new CheckOutcome(index, input, in, null, System.nanoTime() - t0));
            }
            return guardrails.checkOutput(input.prompt(), input.response())
                    .thenApply(outResult -> new CheckOutcome(index, input, in, outResult, System.nanoTime() - t0));
        });
    }

    private GuardSetup.Settings settings() throws InputFileException {
        Set<RailName> selected = null;
        if (rails != null && !rails.isEmpty()) {
            selected = EnumSet.noneOf(RailName.class);
            for (String r : rails) {
                try {
                    selected.add(RailName.parse(r));
                } catch (IllegalArgumentException e) {
                    throw usage("--rails: " + e.getMessage());
                }
            }
        }
        ContentSafetyFormat csFormat = null;
        if (contentSafetyFormat != null) {
            try {
                csFormat = ContentSafetyFormat.fromId(contentSafetyFormat);
            } catch (IllegalArgumentException e) {
                throw usage("--content-safety-format: " + e.getMessage());
            }
        }
        String guidelines = null;
        if (topicGuidelines != null) {
            try {
                guidelines = Files.readString(topicGuidelines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InputFileException("--topic-guidelines " + topicGuidelines + ": cannot read it as UTF-8 "
                        + "text (" + e + "); give a readable UTF-8 file", e);
            }
            if (guidelines.isBlank()) {
                throw new InputFileException("--topic-guidelines " + topicGuidelines + " is empty; write the "
                        + "application's topic rules in it, or leave the option out for the built-in sample");
            }
        }
        Map<RailName, String> urls = new EnumMap<>(RailName.class);
        putIfSet(urls, RailName.CONTENT_SAFETY, contentSafetyUrl);
        putIfSet(urls, RailName.TOPIC_CONTROL, topicControlUrl);
        putIfSet(urls, RailName.JAILBREAK_DETECTION, jailbreakUrl);
        return new GuardSetup.Settings(nimUrl, urls, selected, contentSafetyModel, csFormat, topicControlModel,
                guidelines, simLatency);
    }

    private static void putIfSet(Map<RailName, String> urls, RailName rail, String url) {
        if (url != null) {
            urls.put(rail, url);
        }
    }

    private static List<CheckInput> samples() throws InputFileException {
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
