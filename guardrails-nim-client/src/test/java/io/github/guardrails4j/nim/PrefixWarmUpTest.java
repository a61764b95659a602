package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.WarmUpReport;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Verdict;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import org.junit.jupiter.api.Test;

class PrefixWarmUpTest {
    /** The simulator's shared prefix (chat template + fixed text) is 295 tokens: 18 whole 16-token blocks. */
    private static final int CACHED_FLOOR = 288;

    @Test
    void inputAndOutputRailsShareOnePrefixKeyAndWarmUpFillsItForTheFirstUser() {
        try (NimSimulator sim = NimSimulator.builder().start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            NimRail input = ContentSafetyRail.input(client).build();
            NimRail output =
                    ContentSafetyRail.output(client).earlyDecision(true).build();
            assertEquals(input.prefixCacheKey(), output.prefixCacheKey());
            assertTrue(input.prefixCacheKey()
                    .orElseThrow()
                    .contains(input.prefixFingerprint().orElseThrow()));

            WarmUpReport report = Guardrails.builder()
                    .rail(input)
                    .rail(output)
                    .build()
                    .warmUp()
                    .join();
            assertEquals(1, report.entries().size(), "one call for the shared prefix");
            assertEquals(
                    0,
                    report.entries()
                            .get(0)
                            .verdict()
                            .usage()
                            .orElseThrow()
                            .cachedPromptTokens()
                            .getAsInt(),
                    "the warm-up call itself is cold");

            Verdict first = input.check(RailRequest.ofInput("What is the capital of France?"))
                    .join();
            assertEquals(
                    CACHED_FLOOR,
                    first.usage().orElseThrow().cachedPromptTokens().getAsInt());
            Verdict streamed = output.checkStreamed(RailRequest.ofOutput("Hi", "Paris."))
                    .complete()
                    .join();
            assertEquals(
                    CACHED_FLOOR,
                    streamed.usage().orElseThrow().cachedPromptTokens().getAsInt(),
                    "the streamed output check reuses the same prefix");
        }
    }

    @Test
    void formatsWithoutATemplateHaveNoPrefixKey() {
        try (NimClient client =
                NimClient.builder().baseUrl("http://127.0.0.1:9").build()) {
            assertTrue(ContentSafetyRail.input(client)
                    .format(ContentSafetyFormat.LLAMA_GUARD_3)
                    .build()
                    .prefixCacheKey()
                    .isEmpty());
        }
    }
}
