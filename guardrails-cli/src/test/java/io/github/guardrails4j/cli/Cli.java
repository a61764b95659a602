package io.github.guardrails4j.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command in-process with captured output and an injected environment. */
final class Cli {
    final int exitCode;
    final String out;
    final String err;
    final byte[] bytes;

    private Cli(int exitCode, String out, String err, byte[] bytes) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
        this.bytes = bytes;
    }

    static Cli run(Map<String, String> env, String... args) {
        return runWithInput(env, new byte[0], args);
    }

    /** Runs with {@code stdin} as the command's standard input (what {@code --file -} reads). */
    static Cli runWithInput(Map<String, String> env, byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // configured as main() configures it: exit codes and the usage-error handler
        CommandLine cli = GuardrailsCommand.configure(
                new CommandLine(new GuardrailsCommand(env, bytes, new ByteArrayInputStream(stdin))));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Cli(code, out.toString(), err.toString(), bytes.toByteArray());
    }

    static Cli run(String... args) {
        return run(Map.of(), args);
    }

    String bytesAsUtf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "exit=" + exitCode + "\n--- out:\n" + out + "\n--- err:\n" + err;
    }
}
