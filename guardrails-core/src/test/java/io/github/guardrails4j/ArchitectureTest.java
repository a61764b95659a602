package io.github.guardrails4j;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter().importPath(Path.of("target/classes"));

    /** Main and test code: tests use the public API of other modules too. */
    private static final JavaClasses MAIN_AND_TESTS =
            new ClassFileImporter().importPaths(Path.of("target/classes"), Path.of("target/test-classes"));

    /** Every package, the root one included, is its own slice. */
    static final SliceAssignment BY_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "one slice per package";
        }
    };

    @Test
    void corePackagesHaveNoCycles() {
        slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(CORE);
    }

    @Test
    void coreHasNoHttpNorLoggingBinding() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "okhttp3..", "io.micrometer..", "io.opentelemetry..", "org.slf4j.simple..", "ch.qos.logback..")
                .check(CORE);
    }

    /** Values, SPIs and models stand alone; only the facade, rails' text limits and streaming run the race. */
    @Test
    void valueAndModelPackagesDoNotDependOnInternalOnes() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.github.guardrails4j.verdict..",
                        "io.github.guardrails4j.prompt..",
                        "io.github.guardrails4j.model..",
                        "io.github.guardrails4j.async..",
                        "io.github.guardrails4j.exception..",
                        "io.github.guardrails4j.event..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.guardrails4j.internal..")
                .check(CORE);
    }

    @Test
    void usesOnlyThePublicApiOfOtherModules() {
        noClasses()
                .should()
                .dependOnClassesThat(resideInAPackage("io.github.guardrails4j..internal..")
                        .and(not(resideInAPackage("io.github.guardrails4j.internal.."))))
                .as("core uses no other module's internal packages")
                .check(MAIN_AND_TESTS);
    }
}
