package io.github.guardrails4j.benchmarks;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter().importPath(Path.of("target/classes"));

    /** Main and test code: tests use the public API of other modules too. */
    private static final JavaClasses MAIN_AND_TESTS =
            new ClassFileImporter().importPaths(Path.of("target/classes"), Path.of("target/test-classes"));

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.github.guardrails4j.(**)")
                .should()
                .beFreeOfCycles()
                .check(MAIN);
    }

    @Test
    void usesOnlyThePublicApiOfOtherModules() {
        noClasses()
                .should()
                .dependOnClassesThat(resideInAPackage("io.github.guardrails4j..internal.."))
                .as("the benchmarks use the public API only")
                .check(MAIN_AND_TESTS);
    }
}
