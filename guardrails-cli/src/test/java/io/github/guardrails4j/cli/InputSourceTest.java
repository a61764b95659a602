package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 item 17: an empty CSV is called empty (not "line -1"), {@code -} reads standard input, a pipe is read,
 * and a path that is not a file says what it is instead of "no such file".
 */
class InputSourceTest {
    private static final String EXPECTED = "give a CSV file with a 'prompt' column or a .jsonl file of "
            + "{\"prompt\": ...} objects, or - for standard input";

    @TempDir
    Path dir;

    private static List<CheckInput> read(Path f) throws InputFileException {
        return InputReader.read(f, InputStream.nullInputStream());
    }

    @Test
    void emptyCsvIsCalledEmptyNotLineMinusOne() throws Exception {
        for (String content : new String[] {"", "\n\n", "\uFEFF"}) {
            Path f = Files.write(dir.resolve("in.csv"), content.getBytes(StandardCharsets.UTF_8));
            InputFileException e = assertThrows(InputFileException.class, () -> read(f));
            assertEquals(
                    f + ": empty file (expected a header row with a 'prompt' column, then one row per input)",
                    e.getMessage());
        }
    }

    @Test
    void dashReadsStandardInputAsJsonLinesOrCsv() throws Exception {
        byte[] jsonl = "{\"prompt\":\"a\",\"response\":\"b\"}\n{\"prompt\":\"c\"}\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                List.of(new CheckInput("a", "b"), new CheckInput("c", null)),
                InputReader.read(Path.of("-"), new ByteArrayInputStream(jsonl)));
        byte[] csv = "prompt,response\n\"{not json}\",b\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                List.of(new CheckInput("{not json}", "b")),
                InputReader.read(Path.of("-"), new ByteArrayInputStream(csv)));
    }

    @Test
    void emptyStandardInputIsCalledEmpty() {
        InputFileException e = assertThrows(
                InputFileException.class, () -> InputReader.read(Path.of("-"), InputStream.nullInputStream()));
        assertEquals(
                "standard input: empty file (expected a header row with a 'prompt' column, then one row per input)",
                e.getMessage());
    }

    @Test
    void checkFileDashChecksStandardInput() {
        try (NimSimulator sim =
                NimSimulator.builder().latency(LatencyModel.none()).start()) {
            Cli r = Cli.runWithInput(
                    Map.of("GUARDRAILS_NIM_URL", sim.baseUrl()),
                    "{\"prompt\":\"Where is my order?\"}\n".getBytes(StandardCharsets.UTF_8),
                    "check",
                    "--file",
                    "-",
                    "--rails",
                    "content-safety",
                    "--format",
                    "jsonl");
            assertEquals(0, r.exitCode, r::toString);
            assertEquals(1, r.out.split("\n").length, r::toString);
            assertEquals(true, r.out.startsWith("{\"index\":0,\"allowed\":true,"), r::toString);
        }
    }

    @Test
    void directoryIsCalledADirectory() {
        Cli r = Cli.run("check", "--file", dir.toString());
        assertEquals(2, r.exitCode, r::toString);
        assertEquals("error: " + dir + ": is a directory, not a file; " + EXPECTED + "\n", r.err);
    }

    @Test
    void missingFileIsCalledMissing() {
        Path f = dir.resolve("nope.csv");
        Cli r = Cli.run("check", "--file", f.toString());
        assertEquals(2, r.exitCode, r::toString);
        assertEquals("error: " + f + ": no such file; " + EXPECTED + "\n", r.err);
    }

    @Test
    void characterDeviceIsRefusedAndNamed() {
        Path dev = Path.of("/dev/null");
        assumeTrue(Files.exists(dev) && !Files.isRegularFile(dev), "needs /dev/null");
        InputFileException e = assertThrows(InputFileException.class, () -> read(dev));
        assertEquals(dev + ": is a character device, not a file or a pipe; " + EXPECTED, e.getMessage());
    }

    @Test
    void namedPipeIsRead() throws Exception {
        Path fifo = dir.resolve("in.pipe");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "needs mkfifo: " + e);
            return;
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("{\"prompt\":\"from a pipe\"}\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(List.of(new CheckInput("from a pipe", null)), read(fifo));
        writer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void unknownExtensionIsReadByItsFirstCharacter() throws Exception {
        Path f = Files.write(dir.resolve("prompts.txt"), "{\"prompt\":\"x\"}\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new CheckInput("x", null)), read(f));
    }
}
