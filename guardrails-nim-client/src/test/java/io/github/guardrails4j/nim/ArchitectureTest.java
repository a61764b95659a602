package io.github.guardrails4j.nim;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.guardrails4j.nim");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.github.guardrails4j.(**)")
                .should()
                .beFreeOfCycles()
                .check(CLASSES);
    }

    @Test
    void clientModuleNeverUsesCoreInternals() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.guardrails4j.internal..")
                .check(CLASSES);
    }
}
