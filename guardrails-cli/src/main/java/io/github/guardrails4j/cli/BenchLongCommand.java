package io.github.guardrails4j.cli;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code guardrails bench-long} (hidden): the latency of checking one long answer with a single
 * {@code checkOutput} call versus {@code outputWindow(window, overlap)} windows checked concurrently.
 *
 * <p>The long answers are the longest answers of the file concatenated (blank line between) and cut to each size.
 * Every measured call gets its own text (another random order of the pool), so no call reuses a previous call's
 * cached answer; only the prompt template and the user message are shared, as in production. Calls run one at a
 * time, single and windowed alternating (which goes first alternates too). Before the measured rounds, the pool
 * is screened with a different user message and answers judged unsafe are left out, so that windowed checks are
 * not cut short by a blocking window. Not thread safe: one instance per execution.
 */
@Command(
        name = "bench-long",
        hidden = true,
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Median latency of checking a long answer as one checkOutput call versus concurrently "
                    + "checked windows (Guardrails.Builder.outputWindow), per answer size."
        },
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:the run completed", ExitCodes.HELP_1, ExitCodes.HELP_2},
        footerHeading = "%nExample:%n",
        footer = "  guardrails bench-long --file xstest_v2_completions_mistralinstruct.csv --rails content-safety")
final class BenchLongCommand implements Callable<Integer> {
    /** The user message of the measured checks. */
    static final String USER_MESSAGE = "Please answer my question in detail.";
    /** The user message of the screening checks: differs from the first token on, so no answer prefix is reused. */
    static final String SCREEN_MESSAGE = "Screening: is this answer acceptable?";

    @ParentCommand
    GuardrailsCommand parent;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--file",
            paramLabel = "PATH",
            required = true,
            description = "CSV or JSONL with answers (a 'completion' or 'response' column), read as for check.")
    Path file;

    @Option(
            names = "--sizes",
            paramLabel = "CHARS",
            split = ",",
            defaultValue = "4000,8000,16000,32000",
            description = "Answer sizes in characters. Default: ${DEFAULT-VALUE}.")
    List<Integer> sizes;

    @Option(
            names = "--repeats",
            paramLabel = "N",
            defaultValue = "15",
            description = "Measured calls per size and mode. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(
            names = "--warm-up-rounds",
            paramLabel = "N",
            defaultValue = "3",
            description = "Unmeasured rounds (one single and one windowed call at the first size) first. "
                    + "Default: ${DEFAULT-VALUE}.")
    int warmUpRounds;

    @Option(
            names = "--window",
            paramLabel = "CHARS",
            defaultValue = "2000",
            description = "outputWindow windowChars. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(
            names = "--overlap",
            paramLabel = "CHARS",
            defaultValue = "200",
            description = "outputWindow overlapChars. Default: ${DEFAULT-VALUE}.")
    int overlap;

    @Option(
            names = "--pool",
            paramLabel = "N",
            defaultValue = "60",
            description = "How many of the longest answers to build texts from. Default: ${DEFAULT-VALUE}.")
    int pool;

    @Mixin
    EndpointOptions endpoints;

    @Mixin
    NemoConfigOptions nemoConfig;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = parent != null ? parent.env() : System.getenv();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (repeats < 1
                || warmUpRounds < 0
                || pool < 2
                || sizes.isEmpty()
                || sizes.stream().anyMatch(s -> s < 1)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--repeats must be >= 1, --warm-up-rounds " + ">= 0, --pool >= 2 and every --sizes value >= 1");
        }
        if (window < 1 || overlap < 0 || overlap >= window) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--window must be >= 1 and --overlap in " + "[0, window); got " + window + " and " + overlap
                            + "; for example --window 2000 --overlap 200");
        }
        int maxSize = Collections.max(sizes);
        int maxWindows = (maxSize - overlap) / (window - overlap) + 2;
        List<CheckInput> inputs;
        try {
            inputs = InputReader.read(file, parent != null ? parent.stdin() : System.in);
        } catch (InputFileException e) {
            err.print("error: " + e.getMessage() + "\n");
            err.flush();
            return ExitCodes.USAGE;
        }
        List<String> answers = new ArrayList<>();
        inputs.stream()
                .filter(CheckInput::hasResponse)
                .map(CheckInput::response)
                .sorted(Comparator.comparingInt(String::length).reversed())
                .limit(pool)
                .forEach(answers::add);
        GuardSetup.Settings settings = endpoints.settings(spec, NimSimulator.DEFAULT_BLOCK_SIZE, maxWindows);
        GuardSetup created;
        try {
            created = GuardSetup.create(settings, nemoConfig, spec, endpoints.nimUrl, env, n -> {
                err.print(n + "\n");
                err.flush();
            });
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        } catch (ConfigurationException e) {
            err.print("error: "
                    + CheckCommand.redactor(env.get(GuardSetup.ENV_API_KEY)).apply(e.getMessage()) + "\n");
            err.flush();
            return ExitCodes.USAGE;
        }
        try (GuardSetup setup = created) {
            Guardrails single = setup.guardrails();
            Guardrails windowed =
                    single.toBuilder().outputWindow(window, overlap).build();
            setup.touchChatEndpoints();
            List<String> safe = new ArrayList<>();
            for (String a : answers) {
                if (single.checkOutput(SCREEN_MESSAGE, a).get().allowed()) {
                    safe.add(a);
                }
            }
            err.print(String.format(
                    Locale.ROOT,
                    "pool: %d longest answers (%d to %d chars), %d judged safe and " + "used%n",
                    answers.size(),
                    answers.get(answers.size() - 1).length(),
                    answers.get(0).length(),
                    safe.size()));
            err.flush();
            if (safe.size() < 2) {
                err.print("error: fewer than 2 safe answers to build long texts from\n");
                return ExitCodes.USAGE;
            }
            int seed = 0;
            for (int w = 0; w < warmUpRounds; w++) {
                time(single, text(safe, sizes.get(0), seed++));
                time(windowed, text(safe, sizes.get(0), seed++));
            }
            out.print(String.format(
                    Locale.ROOT,
                    "%7s  %7s  %13s  %13s  %9s  %-26s  %-26s%n",
                    "CHARS",
                    "WINDOWS",
                    "SINGLE p50",
                    "WINDOWED p50",
                    "W/S p50",
                    "SINGLE outcomes",
                    "WINDOWED outcomes"));
            for (int size : sizes) {
                long[] s = new long[repeats];
                long[] wd = new long[repeats];
                Map<String, Integer> sOut = new TreeMap<>();
                Map<String, Integer> wOut = new TreeMap<>();
                for (int r = 0; r < repeats; r++) {
                    String a = text(safe, size, seed++);
                    String b = text(safe, size, seed++);
                    Timed ts;
                    Timed tw;
                    if (r % 2 == 0) {
                        ts = time(single, a);
                        tw = time(windowed, b);
                    } else {
                        tw = time(windowed, b);
                        ts = time(single, a);
                    }
                    s[r] = ts.micros;
                    wd[r] = tw.micros;
                    sOut.merge(ts.outcome, 1, Integer::sum);
                    wOut.merge(tw.outcome, 1, Integer::sum);
                }
                long sp = Percentiles.nearestRank(s, 50);
                long wp = Percentiles.nearestRank(wd, 50);
                int windows = size <= window ? 1 : (size - overlap + (window - overlap) - 1) / (window - overlap);
                out.print(String.format(
                        Locale.ROOT,
                        "%7d  %7d  %10.1f ms  %10.1f ms  %9.2f  %-26s  %-26s%n",
                        size,
                        windows,
                        sp / 1000.0,
                        wp / 1000.0,
                        (double) wp / sp,
                        sOut,
                        wOut));
                out.flush();
            }
            return ExitCodes.ALLOWED;
        }
    }

    /** {@return the pool in a random order (seeded), joined by blank lines, cut to size characters} */
    static String text(List<String> pool, int size, int seed) {
        List<String> order = new ArrayList<>(pool);
        Collections.shuffle(order, new Random(seed));
        StringBuilder b = new StringBuilder(size + 2_000);
        int i = 0;
        while (b.length() < size) {
            if (b.length() > 0) {
                b.append("\n\n");
            }
            b.append(order.get(i++ % order.size()));
        }
        b.setLength(size);
        if (Character.isHighSurrogate(b.charAt(size - 1))) {
            b.setLength(size - 1);
        }
        return b.toString();
    }

    private record Timed(long micros, String outcome) {}

    private static Timed time(Guardrails g, String answer) throws InterruptedException, ExecutionException {
        long t0 = System.nanoTime();
        GuardResult r = g.checkOutput(USER_MESSAGE, answer).get();
        long micros = (System.nanoTime() - t0) / 1_000;
        String outcome = r.blockingVerdict().map(BenchLongCommand::describe).orElse("safe");
        return new Timed(micros, outcome);
    }

    private static String describe(Verdict v) {
        return v.outcome() == Outcome.ERROR
                ? "error:"
                        + v.errorReason()
                                .map(x -> x.name().toLowerCase(Locale.ROOT))
                                .orElse("internal")
                : v.outcome().name().toLowerCase(Locale.ROOT);
    }
}
