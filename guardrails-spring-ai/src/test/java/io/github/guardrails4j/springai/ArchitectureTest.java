package io.github.guardrails4j.springai;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The Spring AI module uses only the public API of core: no {@code .internal} package, no HTTP client. */
class ArchitectureTest {
    private static final JavaClasses SPRING_AI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.guardrails4j.springai");

    @Test
    void usesOnlyThePublicApiOfCore() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.github.guardrails4j.internal..", "io.github.guardrails4j..internal..")
                .check(SPRING_AI);
    }

    @Test
    void needsNoHttpClientOfItsOwn() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("okhttp3..", "io.github.guardrails4j.nim..")
                .check(SPRING_AI);
    }
}
