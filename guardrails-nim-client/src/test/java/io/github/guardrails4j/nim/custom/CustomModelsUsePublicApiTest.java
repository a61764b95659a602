package io.github.guardrails4j.nim.custom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.github.guardrails4j.nim.NimRail;
import org.junit.jupiter.api.Test;

/** The custom guard models of this package are written with public API only: no {@code ..internal..} type. */
class CustomModelsUsePublicApiTest {
    private static final ArchRule PUBLIC_API_ONLY = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..internal..")
            .because("a host's guard model can use only the public API");

    @Test
    void thisPackageDependsOnNoInternalPackage() {
        PUBLIC_API_ONLY.check(
                new ClassFileImporter().importPackages(CustomModelsUsePublicApiTest.class.getPackageName()));
    }

    @Test
    void theRuleCatchesAClassThatDoes() {
        // NimRail uses nim.internal.Attempted: the rule is not vacuous
        JavaClasses nimRail = new ClassFileImporter().importClasses(NimRail.class);
        assertThrows(AssertionError.class, () -> PUBLIC_API_ONLY.check(nimRail));
    }
}
