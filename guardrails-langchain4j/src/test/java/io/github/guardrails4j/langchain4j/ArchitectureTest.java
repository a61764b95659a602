package io.github.guardrails4j.langchain4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.guardrails4j.langchain4j");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.github.guardrails4j.(**)")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    @Test
    void usesOnlyThePublicApiOfCoreAndNeverTheNimClientOrLangChain4jInternals() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.github.guardrails4j.internal..",
                        "io.github.guardrails4j.stream.internal..",
                        "io.github.guardrails4j.nim..",
                        "dev.langchain4j.internal..")
                .check(CLASSES);
    }
}
