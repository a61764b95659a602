package io.github.guardrails4j.build;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every published module's public API is committed as {@code api/<module>.txt} (see {@link PublicApi}), so that any
 * change to it shows as a diff in review. This test lists the API of the compiled module again and fails when it
 * differs from the committed file; {@code -Dapi.update=true} rewrites the file instead.
 */
class PublicApiTest {
    private static final String UPDATE = "api.update";

    static Stream<String> publishedModules() {
        List<String> modules = new ArrayList<>();
        for (String module : Repository.modules()) {
            if (Repository.published(module)
                    && Files.isDirectory(Repository.root().resolve(module).resolve("src/main/java"))) {
                modules.add(module);
            }
        }
        assertFalse(modules.isEmpty(), "no published module with Java code found");
        return modules.stream();
    }

    @ParameterizedTest
    @MethodSource("publishedModules")
    void theCommittedApiListingMatchesTheCompiledModule(String module) throws IOException {
        String actual = PublicApi.of(Repository.root().resolve(module).resolve("target/classes"));
        Path listing = Repository.root().resolve("api").resolve(module + ".txt");
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(listing.getParent());
            Files.writeString(listing, actual, StandardCharsets.UTF_8);
            return;
        }
        String committed = Files.exists(listing) ? Files.readString(listing, StandardCharsets.UTF_8) : "";
        if (!committed.equals(actual)) {
            fail("The public API of " + module + " differs from "
                    + Repository.root().relativize(listing)
                    + " (- committed, + compiled):\n" + diff(committed, actual)
                    + "If the change is intended, update the listing and commit it with the change:\n"
                    + "  mvn -B -ntp -pl guardrails-build-checks -am verify -Dapi.update=true -Dtest=PublicApiTest"
                    + " -Dsurefire.failIfNoSpecifiedTests=false");
        }
    }

    /** Lines only in the committed listing ({@code -}), then lines only in the compiled one ({@code +}). */
    private static String diff(String committed, String actual) {
        Set<String> before = new LinkedHashSet<>(committed.lines().toList());
        Set<String> after = new LinkedHashSet<>(actual.lines().toList());
        StringBuilder s = new StringBuilder();
        before.stream()
                .filter(l -> !after.contains(l))
                .forEach(l -> s.append("- ").append(l).append('\n'));
        after.stream()
                .filter(l -> !before.contains(l))
                .forEach(l -> s.append("+ ").append(l).append('\n'));
        if (s.length() == 0) {
            s.append("(same lines; order, duplicates or line endings differ)\n");
        }
        return s.toString();
    }
}
