package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 16: only an unset URL setting means "use the embedded simulator"; an explicitly empty one, or a
 * base URL with a query or fragment, is a usage error (exit 2) that names the option or variable. No check runs.
 */
class NimUrlSettingTest {
    private static final String HELP = "Run 'guardrails check --help' for the options.\n";

    @Test
    void emptyNimUrlOptionIsAUsageError() {
        Cli r = Cli.run("check", "--nim-url", "", "--text", "hello");
        assertEquals(2, r.exitCode, r::toString);
        assertEquals(
                "error: --nim-url is empty; give a NIM base URL like http://127.0.0.1:8000, or leave the option "
                        + "out\n" + HELP,
                r.err);
        assertEquals("", r.out);
    }

    @Test
    void blankRailUrlOptionIsAUsageError() {
        Cli r = Cli.run("check", "--content-safety-url", "  ", "--text", "hello");
        assertEquals(2, r.exitCode, r::toString);
        assertEquals(
                "error: --content-safety-url is empty; give a NIM base URL like http://127.0.0.1:8000, or leave "
                        + "the option out\n" + HELP,
                r.err);
    }

    @Test
    void emptyNimUrlVariableIsAUsageErrorNotTheSimulator() {
        Cli r = Cli.run(Map.of("GUARDRAILS_NIM_URL", ""), "check", "--text", "hello");
        assertEquals(2, r.exitCode, r::toString);
        assertEquals(
                "error: GUARDRAILS_NIM_URL is set but empty; set it to a NIM base URL like http://127.0.0.1:8000, "
                        + "or unset it to use the embedded simulator\n" + HELP,
                r.err);
        assertEquals("", r.out);
    }

    @Test
    void emptyRailUrlVariableIsAUsageError() {
        Cli r = Cli.run(
                Map.of("GUARDRAILS_NIM_URL", "http://127.0.0.1:9", "GUARDRAILS_JAILBREAK_URL", " "),
                "check",
                "--text",
                "hello");
        assertEquals(2, r.exitCode, r::toString);
        assertEquals(
                "error: GUARDRAILS_JAILBREAK_URL is set but empty; set it to a NIM base URL like "
                        + "http://127.0.0.1:8000, or unset it to use --nim-url\n" + HELP,
                r.err);
    }

    @Test
    void optionWinsOverAnEmptyVariable() {
        // The option is given, so the variable is never read: nothing to complain about. Port 9 refuses: exit 4.
        Cli r = Cli.run(
                Map.of("GUARDRAILS_NIM_URL", ""),
                "check",
                "--nim-url",
                "http://127.0.0.1:9",
                "--max-attempts",
                "1",
                "--rails",
                "content-safety",
                "--text",
                "hello");
        assertEquals(4, r.exitCode, r::toString);
    }

    @Test
    void queryInABaseUrlIsAUsageErrorThatDoesNotEchoTheQuery() {
        Cli r = Cli.run("check", "--nim-url", "http://127.0.0.1:8000/?api_key=secret", "--text", "hello");
        assertEquals(2, r.exitCode, r::toString);
        assertEquals(
                "error: --nim-url has a query (a part from '?'); a base URL is a scheme, host, port and optional "
                        + "path prefix, for example http://127.0.0.1:8000\n" + HELP,
                r.err);
    }

    @Test
    void fragmentInABaseUrlVariableIsAUsageError() {
        Cli r = Cli.run(Map.of("GUARDRAILS_CONTENT_SAFETY_URL", "http://127.0.0.1:8000#x"), "check", "--text", "hi");
        assertEquals(2, r.exitCode, r::toString);
        assertEquals(
                "error: GUARDRAILS_CONTENT_SAFETY_URL has a fragment (a part from '#'); a base URL is a scheme, "
                        + "host, port and optional path prefix, for example http://127.0.0.1:8000\n" + HELP,
                r.err);
    }

    @Test
    void doctorAndBenchRejectAnEmptyVariableToo() {
        for (String command : new String[] {"doctor", "bench"}) {
            Cli r = Cli.run(Map.of("GUARDRAILS_NIM_URL", ""), command);
            assertEquals(2, r.exitCode, r::toString);
            assertEquals(
                    "error: GUARDRAILS_NIM_URL is set but empty; set it to a NIM base URL like "
                            + "http://127.0.0.1:8000, or unset it to use the embedded simulator\n"
                            + "Run 'guardrails " + command + " --help' for the options.\n",
                    r.err);
        }
    }
}
