package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.testkit.NimSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary secrets (a {@code user:password@} in {@code --nim-url} and an API key in {@code NVIDIA_API_KEY}) never appear
 * in what {@code doctor}, {@code bench} and {@code check} print, nor in the DEBUG log (the test logging configuration
 * writes every DEBUG record to {@code target/cli-test-log.txt}).
 */
class UrlCredentialsCanaryTest {
    private static final String USER = "canaryUser7c1";
    private static final String PASSWORD = "CanaryPass-9f3a6e";
    private static final String API_KEY = "nvapi-CANARY-4d2b9e71";
    private static final Path LOG = Path.of("target", "cli-test-log.txt");

    @TempDir
    Path dir;

    private static void assertClean(String what, String text) {
        for (String secret : List.of(USER, PASSWORD, API_KEY)) {
            assertFalse(text.contains(secret), () -> what + " shows the canary " + secret + ":\n" + text);
        }
    }

    private static String log() throws IOException {
        return Files.exists(LOG) ? Files.readString(LOG, StandardCharsets.UTF_8) : "";
    }

    @Test
    void doctorBenchAndCheckNeverPrintUrlCredentialsOrTheKey() throws IOException {
        try (NimSimulator sim = NimSimulator.builder().start()) {
            String url = "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + sim.port() + "/v1";
            Map<String, String> env = Map.of(GuardSetup.ENV_API_KEY, API_KEY);
            int logBefore = log().length();

            Cli doctor = Cli.run(env, "doctor", "--nim-url", url);
            assertEquals(ExitCodes.ALLOWED, doctor.exitCode, doctor::toString);
            assertTrue(doctor.out.contains("endpoint http://127.0.0.1:" + sim.port()), doctor::toString);
            assertClean("doctor", doctor.toString());

            Cli bench = Cli.run(
                    env,
                    "bench",
                    "--nim-url",
                    url,
                    "--samples",
                    "--requests",
                    "6",
                    "--concurrency",
                    "2",
                    "--out",
                    dir.resolve("bench.json").toString());
            assertEquals(ExitCodes.ALLOWED, bench.exitCode, bench::toString);
            assertClean("bench", bench.toString());
            assertClean("bench --out", Files.readString(dir.resolve("bench.json"), StandardCharsets.UTF_8));

            Cli check = Cli.run(env, "check", "--nim-url", url, "--text", "How do I bake bread?");
            assertEquals(ExitCodes.ALLOWED, check.exitCode, check::toString);
            assertClean("check", check.toString());

            String logged = log().substring(logBefore);
            assertTrue(logged.contains("[DEBUG]"), "DEBUG logging was on during the runs:\n" + logged);
            assertClean("the DEBUG log", logged);
            // the requests carried the key: it was there to leak
            assertTrue(
                    sim.recordedRequests().stream()
                            .anyMatch(r -> r.header("authorization").orElse("").equals("Bearer " + API_KEY)),
                    "the canary key was sent to the simulator");
        }
    }
}
