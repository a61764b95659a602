package io.github.guardrails4j.nemo;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter().importPath(Path.of("target/classes"));

    /** Main and test code: tests use the public API of other modules too. */
    private static final JavaClasses MAIN_AND_TESTS =
            new ClassFileImporter().importPaths(Path.of("target/classes"), Path.of("target/test-classes"));

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.github.guardrails4j.(**)")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    @Test
    void usesOnlyThePublicApiOfOtherModules() {
        noClasses()
                .should()
                .dependOnClassesThat(resideInAPackage("io.github.guardrails4j..internal..")
                        .and(not(resideInAPackage("io.github.guardrails4j.nemo.internal.."))))
                .as("guardrails-nemo-config (main and tests) uses no other module's internal packages")
                .check(MAIN_AND_TESTS);
    }

    @Test
    void yamlStaysInsideTheInternalReader() {
        classes()
                .that()
                .resideInAPackage("io.github.guardrails4j.nemo")
                .should()
                .onlyDependOnClassesThat(not(resideInAPackage("com.fasterxml.jackson..")))
                .as("the public API of guardrails-nemo-config exposes no Jackson type")
                .check(CLASSES);
    }
}
