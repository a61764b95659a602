package io.github.guardrails4j.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * guardrails-bom does not inherit the parent, so it repeats what must stay equal: every published module is in it
 * at the project's version, and it manages OkHttp, Okio and the Kotlin standard library at the parent's versions.
 * Modules that are never published skip sources, Javadoc, SBOM and deploy, and the release profile excludes them.
 */
class BomTest {
    private static final String GROUP = "io.github.guardrails4j";
    private static final String BOM = "guardrails-bom";

    @Test
    void theBomListsEveryPublishedModuleAtTheProjectVersion() {
        String version = Repository.text(Repository.rootPom().getDocumentElement(), "version");
        Map<String, String> managed = managed(Repository.modulePom(BOM), GROUP);
        Map<String, String> expected = new TreeMap<>();
        for (String module : Repository.modules()) {
            if (!module.equals(BOM) && Repository.published(module) && !module.equals(".")) {
                expected.put(artifactId(module), version);
            }
        }
        assertFalse(expected.isEmpty(), "no published module found");
        assertEquals(expected, managed, "guardrails-bom must list exactly the published modules, at " + version);
        assertEquals(version, Repository.text(Repository.modulePom(BOM).getDocumentElement(), "version"));
    }

    @Test
    void theBomManagesOkHttpOkioAndKotlinAtTheParentVersions() {
        Document parent = Repository.rootPom();
        Document bom = Repository.modulePom(BOM);
        for (String property : List.of("okhttp.version", "okio.version", "kotlin-stdlib.version")) {
            String expected = Repository.property(parent, property).orElseThrow();
            assertEquals(expected, Repository.property(bom, property).orElseThrow(), property + " in guardrails-bom");
        }
        assertEquals("${okhttp.version}", managed(bom, "com.squareup.okhttp3").get("okhttp"));
        assertEquals("${okhttp.version}", managed(bom, "com.squareup.okhttp3").get("okhttp-jvm"));
        assertEquals("${okio.version}", managed(bom, "com.squareup.okio").get("okio-jvm"));
        assertEquals(
                "${kotlin-stdlib.version}", managed(bom, "org.jetbrains.kotlin").get("kotlin-stdlib"));
    }

    @Test
    void unpublishedModulesSkipEveryPublishingStepAndTheReleaseProfileExcludesThem() {
        List<String> unpublished = new ArrayList<>();
        for (String module : Repository.modules()) {
            Document pom = Repository.modulePom(module);
            if (Repository.published(module)) {
                for (String skip : List.of("maven.source.skip", "maven.javadoc.skip", "cyclonedx.skip")) {
                    assertFalse(
                            Repository.property(pom, skip).orElse("false").equals("true"),
                            module + " is published but sets " + skip);
                }
            } else {
                unpublished.add(artifactId(module));
                for (String skip : List.of("maven.deploy.skip", "maven.source.skip", "maven.javadoc.skip")) {
                    assertEquals("true", Repository.property(pom, skip).orElse(null), module + " must set " + skip);
                }
            }
        }
        assertTrue(unpublished.contains("guardrails-benchmarks"), "benchmarks are never published");
        assertTrue(unpublished.contains("guardrails-examples"), "examples are never published");
        assertEquals(
                unpublished.stream().sorted().toList(),
                releaseExcludes().stream().sorted().toList());
    }

    private static List<String> releaseExcludes() {
        for (Element profile : Repository.children(
                Repository.children(Repository.rootPom().getDocumentElement(), "profiles")
                        .get(0),
                "profile")) {
            if ("release".equals(Repository.text(profile, "id"))) {
                return Repository.texts(
                        profile, "build", "plugins", "plugin", "configuration", "excludeArtifacts", "excludeArtifact");
            }
        }
        throw new AssertionError("the root POM has no release profile");
    }

    private static Map<String, String> managed(Document pom, String groupId) {
        Map<String, String> out = new TreeMap<>();
        Element management = Repository.children(pom.getDocumentElement(), "dependencyManagement")
                .get(0);
        for (Element dependency : Repository.children(
                Repository.children(management, "dependencies").get(0), "dependency")) {
            if (groupId.equals(Repository.text(dependency, "groupId"))) {
                out.put(Repository.text(dependency, "artifactId"), Repository.text(dependency, "version"));
            }
        }
        return out;
    }

    private static String artifactId(String module) {
        return Repository.text(Repository.modulePom(module).getDocumentElement(), "artifactId");
    }
}
