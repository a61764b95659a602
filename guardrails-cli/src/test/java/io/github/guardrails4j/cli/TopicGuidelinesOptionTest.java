package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invalid {@code --topic-guidelines} is a usage error (exit 2) with the SDK's validation message, never a crash (an
 * {@code OutOfMemoryError} on {@code /dev/zero} before) or a server error blamed on the user's message (exit 4).
 */
class TopicGuidelinesOptionTest {
    @TempDir
    Path dir;

    private static Cli check(Path guidelines) {
        return Cli.run(
                "check",
                "--text",
                "Fix my chain?",
                "--rails",
                "topic-control",
                "--topic-guidelines",
                guidelines.toString());
    }

    private static void assertUsageError(Cli r, String expected) {
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.contains("--topic-guidelines"), r::toString);
        assertTrue(r.err.contains(expected), r::toString);
        assertFalse(r.err.contains("OutOfMemoryError") || r.err.contains("\tat "), r::toString);
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void devZeroIsAUsageError() {
        assertUsageError(check(Path.of("/dev/zero")), "/dev/zero");
    }

    @Test
    void aDirectoryIsAUsageError() {
        assertUsageError(check(dir), dir.toString());
    }

    @Test
    void oneHundredKilobytesOfNulBytesAreAUsageErrorBySize() throws IOException {
        Path nul = dir.resolve("nul.txt");
        Files.write(nul, new byte[100_000]);
        assertUsageError(check(nul), "100000 bytes");
    }

    @Test
    void aNulCharacterInShortGuidelinesIsAUsageError() throws IOException {
        Path nul = dir.resolve("nul-short.txt");
        Files.writeString(nul, "Only talk about bicycles.\0 And nothing else.", StandardCharsets.UTF_8);
        assertUsageError(check(nul), "NUL character at index 25");
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertUsageError(check(dir.resolve("missing.txt")), "missing");
    }

    @Test
    void validGuidelinesAreUsed() throws IOException {
        Path ok = dir.resolve("ok.txt");
        Files.writeString(ok, "Only talk about bicycles.", StandardCharsets.UTF_8);
        Cli r = check(ok);
        assertTrue(r.exitCode == ExitCodes.ALLOWED || r.exitCode == ExitCodes.BLOCKED, r::toString);
    }

    @Test
    void aTenMegabyteFileIsAUsageError() throws IOException {
        Path big = dir.resolve("big.txt");
        Files.writeString(big, "Only talk about bicycles. ".repeat(400_000), StandardCharsets.UTF_8);
        assertUsageError(check(big), "bytes");
    }

    @Test
    void overSixteenThousandCharactersIsAUsageError() throws IOException {
        Path longer = dir.resolve("long.txt");
        Files.writeString(longer, "a".repeat(16_001), StandardCharsets.UTF_8);
        assertUsageError(check(longer), "16,001");
    }
}
