package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.prompt.NemoGuardPrompts;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderCommandTest {
    private static final String TEXT = "Wie backe ich Brot?\r\n  ünïcødé {{ user_input }} \"quoted\"  ";

    @Test
    void inputPromptIsByteExact() {
        Cli r = Cli.run("render", "--rail", "content-safety-input", "--text", TEXT);
        assertEquals(0, r.exitCode, r::toString);
        String expected = NemoGuardPrompts.contentSafetyInput().render(Map.of(NemoGuardPrompts.USER_INPUT, TEXT));
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), r.bytes);
        assertTrue(r.bytesAsUtf8().endsWith("Output JSON:"), "no newline added");
        assertEquals("", r.out);
        assertEquals("", r.err);
    }

    @Test
    void outputPromptIsByteExact() {
        Cli r = Cli.run("render", "--rail", "content-safety-output", "--text", "hi", "--response", TEXT);
        assertEquals(0, r.exitCode, r::toString);
        String expected = NemoGuardPrompts.contentSafetyOutput()
                .render(Map.of(NemoGuardPrompts.USER_INPUT, "hi", NemoGuardPrompts.BOT_RESPONSE, TEXT));
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), r.bytes);
    }

    @Test
    void fingerprintIsThePrefixSha256AndANewline() {
        Cli in = Cli.run("render", "--rail", "content-safety-input", "--fingerprint");
        assertEquals(0, in.exitCode, in::toString);
        assertEquals(NemoGuardPrompts.contentSafetyInput().prefixFingerprint() + "\n", in.out);
        assertEquals(65, in.out.length());
        Cli out = Cli.run("render", "--rail", "content-safety-output", "--fingerprint");
        assertEquals(in.out, out.out, "input and output templates share one prefix");
    }

    @Test
    void outputRailWithoutResponseIsAUsageError() {
        Cli r = Cli.run("render", "--rail", "content-safety-output", "--text", "hi");
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(r.err.contains("needs --response"), r::toString);
        assertEquals(0, r.bytes.length);
    }

    @Test
    void unknownRailIsAUsageError() {
        Cli r = Cli.run("render", "--rail", "topic-control", "--text", "hi");
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(r.err.contains("content-safety-input or content-safety-output"), r::toString);
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli r = Cli.run("render", "--rail", "content-safety-input", "--text", "x", "--bogus");
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(r.err.contains("--bogus"), r::toString);
    }

    @Test
    void bareRunPrintsUsageAndExits2() {
        Cli r = Cli.run();
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(r.err.contains("Usage: guardrails"), r::toString);
        assertTrue(r.err.contains("Exit codes:"), r::toString);
    }

    @Test
    void helpListsExitCodes() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.exitCode, r::toString);
        assertTrue(r.out.contains("4   guard unavailable") || r.out.contains("4  guard unavailable"), r::toString);
    }
}
