package io.github.guardrails4j.micrometer;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
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
    void dependsOnCoreTheNimClientsApiAndTheMicrometerApiOnlyNeverOnARegistryImplementation() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.github.guardrails4j.nim.internal..",
                        "io.github.guardrails4j.internal..",
                        "io.micrometer.prometheusmetrics..",
                        "io.micrometer.tracing..",
                        "io.opentelemetry..",
                        "okhttp3..")
                .check(CLASSES);
    }

    @Test
    void onlyTheEndpointGaugesKnowTheNimClient() {
        noClasses()
                .that()
                .doNotHaveSimpleName("EndpointGauges")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.guardrails4j.nim..")
                .as("the listener works for any rail; only EndpointGauges reads NimClient.endpointLoad()")
                .check(CLASSES);
    }

    @Test
    void usesOnlyThePublicApiOfOtherModules() {
        noClasses()
                .should()
                .dependOnClassesThat(resideInAPackage("io.github.guardrails4j..internal..")
                        .and(not(resideInAPackage("io.github.guardrails4j.micrometer.internal.."))))
                .as("guardrails-micrometer (main and tests) uses no other module's internal packages")
                .check(MAIN_AND_TESTS);
    }
}
