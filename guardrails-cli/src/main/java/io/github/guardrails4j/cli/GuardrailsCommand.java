package io.github.guardrails4j.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code guardrails} command: checks texts with NemoGuard safety NIMs (or the embedded simulator),
 * renders the exact prompts sent, runs the simulator, benchmarks the guard and checks a deployment.
 *
 * <p>Run bare, it prints its usage on stderr and exits 2. Only {@link #main(String[])} calls {@link System#exit};
 * tests run {@code new CommandLine(new GuardrailsCommand(env, byteOut)).execute(args)} and read the exit code.
 * Not thread safe: one instance per execution.
 */
@Command(
        name = "guardrails",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Check user messages and LLM answers with NVIDIA NemoGuard safety models served as NIMs.",
        subcommands = {
            CheckCommand.class,
            RenderCommand.class,
            SimulateCommand.class,
            BenchCommand.class,
            DoctorCommand.class,
            BenchLongCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.HELP_0, ExitCodes.HELP_1, ExitCodes.HELP_2, ExitCodes.HELP_3, ExitCodes.HELP_4},
        footerHeading = "%n",
        footer = "Without --nim-url (or GUARDRAILS_NIM_URL and the per-rail variables) the embedded simulator "
                + "is used: a keyword classifier for trying the tool, not a safety model.")
public final class GuardrailsCommand implements Callable<Integer> {
    private final Map<String, String> env;
    private final OutputStream byteOut;
    private final InputStream stdin;

    @Spec
    CommandSpec spec;

    /** Creates the command reading the process environment and writing raw bytes to {@link System#out}. */
    public GuardrailsCommand() {
        this(System.getenv(), null, System.in);
    }

    /**
     * Creates the command with an injected environment, for tests.
     *
     * @param env the environment variables the command reads ({@code NVIDIA_API_KEY}, {@code GUARDRAILS_*})
     * @param byteOut where {@code render} writes its bytes, or null to print through the command's writer
     */
    GuardrailsCommand(Map<String, String> env, OutputStream byteOut) {
        this(env, byteOut, System.in);
    }

    /**
     * Creates the command with an injected environment and standard input, for tests.
     *
     * @param env the environment variables the command reads ({@code NVIDIA_API_KEY}, {@code GUARDRAILS_*})
     * @param byteOut where {@code render} writes its bytes, or null to print through the command's writer
     * @param stdin what {@code --file -} reads
     */
    GuardrailsCommand(Map<String, String> env, OutputStream byteOut, InputStream stdin) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.byteOut = byteOut;
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    /** {@return what {@code --file -} reads: the process's standard input unless a test injected one} */
    InputStream stdin() {
        return stdin;
    }

    /** {@return the environment this command reads; unmodifiable} */
    Map<String, String> env() {
        return env;
    }

    /** {@return the byte sink of {@code render}, or null to use the command's writer} */
    OutputStream byteOut() {
        return byteOut;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /**
     * Configures exit codes for a command line: 2 for usage errors, 1 for exceptions.
     *
     * @param cli the command line
     * @return cli
     */
    static CommandLine configure(CommandLine cli) {
        // picocli routes parameter errors through this mapper too: they are usage errors (2), the rest internal (1)
        cli.setExitCodeExceptionMapper(
                t -> t instanceof CommandLine.ParameterException ? ExitCodes.USAGE : ExitCodes.INTERNAL_ERROR);
        // A usage error prints its one-line message and a pointer to --help, not the whole help page.
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            java.io.PrintWriter err = failed.getErr();
            err.println("error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            err.flush();
            return ExitCodes.USAGE;
        });
        return cli.setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * Runs the command and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        PrintStream stdout = System.out;
        GuardrailsCommand command = new GuardrailsCommand(System.getenv(), stdout, System.in);
        CommandLine cli = configure(new CommandLine(command));
        // Text output is UTF-8 whatever the platform encoding, so JSONL of non-ASCII prompts is valid UTF-8.
        cli.setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        int code = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(code);
    }
}
