package io.github.guardrails4j.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Javadoc and comments in main sources cite public sources (model cards, NVIDIA docs, NeMo Guardrails files at a
 * pinned commit), never the workspace's {@code ../shared} folder, which is not in the repository: published Javadoc
 * would point nowhere. Scans every module's {@code src/main/java}, comments only (a string literal such as a default
 * path is code, not a citation).
 */
class JavadocCitationTest {
    /** {@code ../shared}, or a {@code shared/reference} / {@code shared/data} path written without it. */
    static final Pattern SHARED = Pattern.compile("\\.\\./shared\\b|\\bshared/(reference|data)/");

    @Test
    void noCommentInMainSourcesCitesTheSharedFolder() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        for (String module : Repository.modules()) {
            Path main = Repository.root().resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(main)) {
                continue;
            }
            List<Path> sources;
            try (Stream<Path> walk = Files.walk(main)) {
                sources = walk.filter(p -> p.toString().endsWith(".java"))
                        .sorted()
                        .toList();
            }
            for (Path source : sources) {
                files++;
                String text = Files.readString(source, StandardCharsets.UTF_8);
                for (JavaComments.Comment comment : JavaComments.of(text)) {
                    if (SHARED.matcher(comment.text()).find()) {
                        found.add(Repository.root().relativize(source) + ":" + comment.line());
                    }
                }
            }
        }
        assertTrue(files > 0, "no main source found under " + Repository.root());
        assertEquals(
                List.of(),
                found,
                "comments that cite ../shared (not in the repository); cite the public source instead (model card,"
                        + " NVIDIA docs, NeMo Guardrails file at a pinned commit)");
    }

    @Test
    void theScanFindsACitationInAJavadocAndIgnoresAStringLiteral() {
        String source = "/**\n * Source: {@code ../shared/reference/prompts/x.txt}.\n */\nclass A {\n"
                + "    String u = \"// ../shared/ in a string\";\n"
                + "    String p = \"../shared/data/x.csv\"; // see shared/data/ too\n"
                + "    char c = '\"'; /* {@link ../shared} */\n}\n";
        List<Integer> lines = JavaComments.of(source).stream()
                .filter(c -> SHARED.matcher(c.text()).find())
                .map(JavaComments.Comment::line)
                .toList();
        assertEquals(List.of(1, 6, 7), lines);
    }
}
