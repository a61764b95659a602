package io.github.guardrails4j.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.guardrails4j.exception.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TaxonomyTest {
    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "S1|S1",
                "Violence|S1",
                "S1: Violence|S1",
                "s1|S1",
                "Violence.|S1",
                "'  violence '|S1",
                "S1: Violence.|S1",
                "Criminal Planning/Confessions|S3",
                "S23|S23",
                "Immoral/Unethical|S23",
            })
    void matchesNemoGuardCategoriesByCodeNameOrBoth(String text, String code) {
        assertEquals(code, Taxonomy.NEMOGUARD.match(text).orElseThrow().code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"S24", "S0", "Violence and more", "S1: Sexual", "S1 Violence", "", "JSON parsing failed"})
    void matchesNothingForUnknownOrMismatchedText(String text) {
        assertEquals(Optional.empty(), Taxonomy.NEMOGUARD.match(text));
    }

    @Test
    void matchesNothingForNull() {
        assertEquals(Optional.empty(), Taxonomy.NEMOGUARD.match(null));
    }

    @Test
    void llamaGuard3HasTheFourteenCodesOfTheReferencePrompt() throws IOException {
        List<SafetyCategory> fromPrompt = new ArrayList<>();
        try (InputStream in =
                Taxonomy.class.getResourceAsStream("/io/github/guardrails4j/prompt/llama_guard_3_input.txt")) {
            Matcher m = Pattern.compile("(?m)^(S\\d+): (.+)\\. $")
                    .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            while (m.find()) {
                fromPrompt.add(new SafetyCategory(m.group(1), m.group(2)));
            }
        }
        assertEquals(14, fromPrompt.size());
        assertEquals(fromPrompt, Taxonomy.LLAMA_GUARD_3.categories());
        assertEquals("Hate", Taxonomy.LLAMA_GUARD_3.match("S10").orElseThrow().name());
        assertEquals(
                "S14",
                Taxonomy.LLAMA_GUARD_3
                        .match("code interpreter abuse")
                        .orElseThrow()
                        .code());
        assertEquals(Optional.empty(), Taxonomy.LLAMA_GUARD_3.match("S15"));
    }

    @Test
    void nemoGuardHasTheTwentyThreeCodesOfTheReferencePrompt() throws IOException {
        List<SafetyCategory> fromPrompt = new ArrayList<>();
        try (InputStream in =
                Taxonomy.class.getResourceAsStream("/io/github/guardrails4j/prompt/content_safety_input.txt")) {
            Matcher m = Pattern.compile("(?m)^(S\\d+): (.+)\\.$")
                    .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            while (m.find()) {
                fromPrompt.add(new SafetyCategory(m.group(1), m.group(2)));
            }
        }
        assertEquals(23, fromPrompt.size());
        assertEquals(fromPrompt, Taxonomy.NEMOGUARD.categories());
    }

    @Test
    void rejectsAnEmptyTaxonomyOrRepeatedCodes() {
        assertThrows(ConfigurationException.class, () -> Taxonomy.of());
        assertThrows(
                ConfigurationException.class,
                () -> Taxonomy.of(List.of(new SafetyCategory("S1", "A"), new SafetyCategory("s1", "B"))));
    }
}
