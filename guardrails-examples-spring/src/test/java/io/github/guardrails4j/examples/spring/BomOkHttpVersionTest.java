package io.github.guardrails4j.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttp;
import org.junit.jupiter.api.Test;

/**
 * The BOM pins {@code com.squareup.okhttp3:okhttp} to the OkHttp we run on (the one okhttp-jvm on this class path),
 * and Spring AI's OpenAI client gets its okhttp3 classes from there.
 */
class BomOkHttpVersionTest {
    @Test
    void bomPinsThePlainOkHttpArtifactToTheOkHttpOnTheClassPath() throws IOException {
        String bom = Files.readString(Path.of("..", "guardrails-bom", "pom.xml"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<groupId>com\\.squareup\\.okhttp3</groupId>\\s*<artifactId>okhttp</artifactId>\\s*"
                        + "<version>([^<]+)</version>")
                .matcher(bom);
        assertTrue(m.find(), "guardrails-bom manages com.squareup.okhttp3:okhttp");

        String version = m.group(1);
        Matcher property = Pattern.compile("^\\$\\{(.+)}$").matcher(version);
        if (property.matches()) { // the BOM names its versions once, as properties
            Matcher value = Pattern.compile("<" + Pattern.quote(property.group(1)) + ">([^<]+)</")
                    .matcher(bom);
            assertTrue(value.find(), "guardrails-bom defines " + version);
            version = value.group(1);
        }
        assertEquals(OkHttp.VERSION, version);
    }

    @Test
    void theOkHttp3ClassesComeFromOkHttpJvm5() {
        String jar =
                OkHttp.class.getProtectionDomain().getCodeSource().getLocation().getPath();

        assertTrue(jar.contains("okhttp-jvm-5."), jar);
    }
}
