package io.github.guardrails4j.nim.custom;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the walk-through in docs/guard-models.md the code of {@link LineVerdictGuard}. */
class GuardModelsDocTest {
    static final Path DOC = Path.of("..", "docs", "guard-models.md");
    static final Path SOURCE =
            Path.of("src", "test", "java", "io", "github", "guardrails4j", "nim", "custom", "LineVerdictGuard.java");

    /** The doc's code block, line by line, without blank lines and its one comment that stands for omitted code. */
    private static List<String> docBlock() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int start = doc.indexOf("```java\npublic final class LineVerdictGuard");
        assertTrue(start >= 0, "docs/guard-models.md has no code block starting with the class declaration");
        int end = doc.indexOf("\n```\n", start);
        return doc.substring(start + "```java\n".length(), end)
                .lines()
                .filter(l -> !l.isBlank() && !l.strip().startsWith("// "))
                .toList();
    }

    @Test
    void everyLineOfTheDocBlockIsInTheTestModelInOrder() throws IOException {
        List<String> source = Files.readAllLines(SOURCE, StandardCharsets.UTF_8);
        List<String> block = docBlock();
        int at = 0;
        for (String line : block) {
            int found = source.subList(at, source.size()).indexOf(line);
            assertTrue(found >= 0, "line of docs/guard-models.md not in LineVerdictGuard.java (in order): " + line);
            at += found + 1;
        }
        assertTrue(block.size() > 60, "the block is the whole class, got " + block.size() + " lines");
    }
}
