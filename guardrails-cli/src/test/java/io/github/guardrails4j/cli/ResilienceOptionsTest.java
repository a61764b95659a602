package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ResilienceOptionsTest {

    @Test
    void cliDefaultsAreTheLibraryDefaults() {
        assertEquals(NimClient.DEFAULT_ATTEMPT_TIMEOUT.toMillis(), Long.parseLong(EndpointOptions.DEFAULT_TIMEOUT_MS));
        assertEquals(
                ResilienceConfig.DEFAULT_CHECK_TIMEOUT.toMillis(),
                Long.parseLong(EndpointOptions.DEFAULT_CHECK_TIMEOUT_MS));
        assertEquals(ResilienceConfig.DEFAULT_MAX_ATTEMPTS, Integer.parseInt(EndpointOptions.DEFAULT_MAX_ATTEMPTS));
    }

    @Test
    void helpShowsTheDefaults() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new GuardrailsCommand());
        cli.setOut(new PrintWriter(out));
        cli.execute("check", "--help");
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("--timeout-ms") && help.contains("Default: 10000"), help);
        assertTrue(help.contains("--deadline-ms") && help.contains("Default: 15000"), help);
        assertTrue(help.contains("--max-attempts") && help.contains("Default: 3"), help);
    }

    @Test
    void outOfRangeValuesAreUsageErrors() {
        StringWriter err = new StringWriter();
        // configured exactly as main() configures it
        CommandLine cli = GuardrailsCommand.configure(new CommandLine(new GuardrailsCommand()));
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        assertEquals(2, cli.execute("check", "--text", "hi", "--max-attempts", "0", "--nim-url", "http://127.0.0.1:9"));
        assertEquals(2, cli.execute("check", "--no-such-option"));
        assertTrue(err.toString().contains("--max-attempts"), err.toString());
    }
}
