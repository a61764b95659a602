package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.model.builtin.NemoGuardModels;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {
    private static final Pattern REUSED = Pattern.compile(
            "(?m)^  OK    kv reuse +reused (\\d+) of (\\d+) prompt tokens on the second call; latency first \\d+ ms, "
                    + "second \\d+ ms$");

    private static Cli doctor(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "doctor";
        all[1] = "--sim-latency";
        all[2] = "none";
        System.arraycopy(args, 0, all, 3, args.length);
        return Cli.run(Map.of(), all);
    }

    @Test
    void embeddedSimulatorWithCachingReportsReuseAndExits0() {
        Cli r = doctor();
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.out.contains("checking the embedded simulator"), r::toString);
        Matcher m = REUSED.matcher(r.out);
        assertTrue(m.find(), r::toString);
        int cached = Integer.parseInt(m.group(1));
        assertTrue(cached > 0 && cached < Integer.parseInt(m.group(2)), r::toString);
        assertFalse(r.out.contains("No KV cache reuse seen"), r::toString);
        assertFalse(r.out.contains("FAIL "), r::toString);
        for (String rail :
                new String[] {"content-safety-input", "content-safety-output", "topic-control", "jailbreak-detection"
                }) {
            assertTrue(r.out.matches("(?s).*\\n  OK    " + rail + " .*\\(benign text\\).*"), rail + "\n" + r);
        }
        assertTrue(r.out.contains("  OK    ready "), r::toString);
        assertTrue(r.out.contains("  OK    live "), r::toString);
        assertTrue(r.out.contains(NemoGuardModels.CONTENT_SAFETY + " is served"), r::toString);
        assertTrue(r.out.endsWith("0 FAIL: healthy (exit 0)\n"), r::toString);
    }

    @Test
    void embeddedSimulatorWithoutCachingPrintsTheHintAndStillExits0() {
        Cli r = doctor("--sim-prefix-caching=false");
        assertEquals(0, r.exitCode, "no reuse is slower, not wrong: a WARN\n" + r);
        assertTrue(r.out.contains("prefix caching off"), r::toString);
        assertTrue(
                r.out.matches("(?s).*\\n  WARN  kv reuse +0 of \\d+ prompt tokens reused on the second call;.*"),
                r::toString);
        assertTrue(
                r.out.contains("No KV cache reuse seen. Start the NIM container with NIM_ENABLE_KV_CACHE_REUSE=1 "
                        + "(it is read at startup: exporting it in a running container (docker exec) has no effect; restart "
                        + "the container)."),
                r::toString);
        assertFalse(REUSED.matcher(r.out).find(), r::toString);
    }

    @Test
    void unreportedCachedTokensAreUnknownNotZero() {
        Cli r = doctor("--sim-report-cached-tokens=false", "--rails", "content-safety");
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.out.contains("the server does not report cached_tokens"), r::toString);
        assertFalse(r.out.contains("0 of "), r::toString);
    }

    @Test
    void reuseIsJudgedByCachedTokensWhenReportedElseByALatencyDrop() {
        Duration slow = Duration.ofMillis(100);
        Duration fast = Duration.ofMillis(60);
        assertEquals(
                new DoctorCommand.ReuseFinding(
                        DoctorCommand.Status.OK,
                        "reused 288 of 301 prompt tokens on " + "the second call; latency first 100 ms, second 100 ms",
                        false),
                DoctorCommand.judgeReuse(slow, slow, OptionalInt.of(288), 301));
        DoctorCommand.ReuseFinding zero = DoctorCommand.judgeReuse(slow, fast, OptionalInt.of(0), 301);
        assertEquals(DoctorCommand.Status.WARN, zero.status());
        assertTrue(zero.hint(), "cached 0 means no reuse, whatever the latency");
        DoctorCommand.ReuseFinding drop = DoctorCommand.judgeReuse(slow, fast, OptionalInt.empty(), 301);
        assertEquals(DoctorCommand.Status.OK, drop.status());
        assertFalse(drop.hint());
        DoctorCommand.ReuseFinding flat =
                DoctorCommand.judgeReuse(slow, Duration.ofMillis(97), OptionalInt.empty(), 301);
        assertEquals(DoctorCommand.Status.WARN, flat.status());
        assertTrue(flat.hint(), "unknown and no drop: no reuse seen");
        assertTrue(
                DoctorCommand.judgeReuse(Duration.ofNanos(900_000), Duration.ofNanos(100_000), OptionalInt.empty(), 301)
                        .hint(),
                "a drop under 1 ms is noise");
    }

    @Test
    void configuredModelNotServedIsAFailNamingItAndExits4() {
        try (NimSimulator sim = NimSimulator.builder()
                .latency(LatencyModel.none())
                .models(NemoGuardModels.CONTENT_SAFETY)
                .start()) {
            Cli r = Cli.run(
                    Map.of(),
                    "doctor",
                    "--nim-url",
                    sim.baseUrl(),
                    "--rails",
                    "content-safety",
                    "--content-safety-model",
                    NemoGuardModels.SAFETY_GUARD_V3);
            assertEquals(4, r.exitCode, r::toString);
            assertTrue(
                    r.out.contains(
                            "  FAIL  model                  " + NemoGuardModels.SAFETY_GUARD_V3 + " is NOT served"),
                    r::toString);
            assertTrue(r.out.contains("lists [" + NemoGuardModels.CONTENT_SAFETY + "]"), r::toString);
            assertFalse(r.out.contains("embedded simulator"), r::toString);
            assertTrue(r.out.contains("guard unavailable (exit 4)"), r::toString);
        }
    }

    @Test
    void deadEndpointExits4() {
        Cli r = Cli.run(Map.of(), "doctor", "--nim-url", "http://127.0.0.1:9", "--rails", "content-safety");
        assertEquals(4, r.exitCode, r::toString);
        assertTrue(r.out.contains("  FAIL  ready "), r::toString);
        assertTrue(r.out.contains("  FAIL  content-safety-input "), r::toString);
    }

    @Test
    void notReadyIsAFail() {
        try (NimSimulator sim =
                NimSimulator.builder().latency(LatencyModel.none()).start()) {
            sim.setReady(false);
            Cli r = Cli.run(Map.of(), "doctor", "--nim-url", sim.baseUrl(), "--rails", "jailbreak-detection");
            assertEquals(4, r.exitCode, r::toString);
            assertTrue(r.out.contains("  FAIL  ready "), r::toString);
            assertTrue(r.out.contains("  WARN  kv reuse               not probed"), r::toString);
        }
    }

    @Test
    void helpListsExitCodesAndHidesTheSimulatorSwitches() {
        Cli r = Cli.run("doctor", "--help");
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.out.contains("4   guard unavailable: at least one FAIL"), r::toString);
        assertTrue(r.out.contains("Default: realistic."), r::toString);
        assertFalse(r.out.contains("--sim-prefix-caching"), r::toString);
        assertTrue(Cli.run("--help").out.contains("doctor"));
        assertTrue(Cli.run("--help").out.contains("bench"));
    }
}
