package io.github.guardrails4j.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rendering gives the same bytes in a JVM with a CRLF line separator, a Turkish locale (dotless i casing), a time
 * zone with a 45-minute offset and a Latin-1 default charset. The settings are passed to a child JVM on its command
 * line, where they take effect at start-up (the line separator cannot be changed later), and the child reports
 * them back so the test proves they applied.
 */
class ForeignJvmRenderingTest {

    @Test
    void renderedBytesDoNotDependOnLineSeparatorLocaleTimeZoneOrDefaultCharset() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(
                java,
                "-Dline.separator=\r\n",
                "-Duser.language=tr",
                "-Duser.country=TR",
                "-Duser.timezone=Pacific/Chatham",
                "-Dfile.encoding=ISO-8859-1",
                "-cp",
                System.getProperty("java.class.path"),
                PromptDigestMain.class.getName());
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM finished");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("separator=0d0a"), "the child really uses CRLF: " + out);
        assertTrue(out.contains("locale=tr-TR"), "the child really uses the Turkish locale: " + out);
        assertTrue(out.contains("digest=" + PromptDigestMain.digest()), out);
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
