package io.github.guardrails4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "With LangChain4j" snippet is the compiled code of {@link LangChain4jExample#ask}: its imports are
 * the example's imports, and its statements are the region between the example's snippet markers, line for line
 * (indentation and the README's own comment lines aside). The example compiles and {@link LangChain4jExampleTest} runs it, so the snippet compiles and
 * works as printed.
 */
class ReadmeLangChain4jSnippetTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE =
            Path.of("src", "main", "java", "io", "github", "guardrails4j", "examples", "LangChain4jExample.java");

    private static List<String> readmeSnippet() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int section = readme.indexOf("\n## With LangChain4j\n");
        assertTrue(section >= 0, "README has no '## With LangChain4j' section");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end).lines().toList();
    }

    @Test
    void readmeSnippetIsTheExampleCodeAsCompiled() throws IOException {
        List<String> snippet = readmeSnippet();
        List<String> example = Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8);

        List<String> imports =
                snippet.stream().filter(l -> l.startsWith("import ")).toList();
        assertTrue(imports.size() >= 5, snippet.toString());
        imports.forEach(i -> assertTrue(example.contains(i), "the example does not have: " + i));

        List<String> code = new ArrayList<>();
        snippet.stream()
                .filter(l -> !l.startsWith("import ") && !l.isBlank() && !l.startsWith("//"))
                .forEach(l -> code.add(l.strip()));
        int from = example.indexOf("        // README snippet start") + 1;
        int to = example.indexOf("        // README snippet end");
        assertTrue(from > 0 && to > from, "markers missing in " + EXAMPLE);
        List<String> region =
                example.subList(from, to).stream().map(String::strip).toList();
        assertEquals(region, code);
    }
}
