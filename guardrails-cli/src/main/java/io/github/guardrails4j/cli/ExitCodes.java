package io.github.guardrails4j.cli;

/**
 * The process exit codes of the {@code guardrails} command, listed in every command's {@code --help}.
 *
 * <p>0, 1 and 2 follow picocli's {@code CommandLine.ExitCode} (itself after BSD sysexits): OK, software error,
 * usage error. 3 and 4 are ours.
 */
final class ExitCodes {
    /** The text (and response) was allowed; for a file or the samples: the run completed. */
    static final int ALLOWED = 0;
    /** An internal error: a bug, or a failure the command could not classify. */
    static final int INTERNAL_ERROR = 1;
    /** A usage error: unknown or conflicting options, or an unreadable or malformed input file. */
    static final int USAGE = 2;
    /** A rail blocked the text: at least one verdict was unsafe. */
    static final int BLOCKED = 3;
    /** The guard was unavailable: the text was blocked only by rail errors (failed closed). */
    static final int GUARD_UNAVAILABLE = 4;

    /** Heading of the exit code list in {@code --help}. */
    static final String HEADING = "%nExit codes:%n";
    /** Help line for 0. */
    static final String HELP_0 = "0:allowed; for --file and --samples: the run completed (even with blocked inputs)";
    /** Help line for 1. */
    static final String HELP_1 = "1:internal error";
    /** Help line for 2. */
    static final String HELP_2 = "2:usage error (bad option, unreadable or malformed input file)";
    /** Help line for 3. */
    static final String HELP_3 = "3:blocked (a rail judged the text unsafe, off-topic or a jailbreak)";
    /** Help line for 4. */
    static final String HELP_4 = "4:guard unavailable: blocked only by rail errors (failed closed); for --file and "
            + "--samples: every input was";

    private ExitCodes() {}
}
