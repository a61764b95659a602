package io.github.guardrails4j.stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The streaming and windowing code adds no package cycle, the root package counted as a package of its own. */
class StreamArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter().importPath(Path.of("target/classes"));

    @Test
    void nothingOutsideTheStreamPackageDependsOnIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.github.guardrails4j.stream..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.guardrails4j.stream..")
                .check(CORE);
    }

    @Test
    void windowingHelpersDoNotDependOnTheRootPackage() {
        noClasses()
                .that()
                .haveSimpleName("TextWindows")
                .or()
                .haveSimpleName("WindowedOutputCheck")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.github.guardrails4j")
                .check(CORE);
    }
}
