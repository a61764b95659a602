package io.github.guardrails4j.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's Spring snippet is {@link Assistant}, as compiled here (without its package line). */
class ReadmeSnippetTest {
    @Test
    void readmeShowsTheAssistantAsItCompiles() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("## With Spring AI / Spring Boot");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String snippet = readme.substring(start, readme.indexOf("```", start));

        String source = Files.readString(
                Path.of("src/main/java/io/github/guardrails4j/examples/spring/Assistant.java"), StandardCharsets.UTF_8);
        String withoutPackage = source.substring(source.indexOf('\n') + 1).stripLeading();

        assertEquals(withoutPackage, snippet);
    }
}
