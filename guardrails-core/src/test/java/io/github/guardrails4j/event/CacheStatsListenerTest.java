package io.github.guardrails4j.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.TokenUsage;
import org.junit.jupiter.api.Test;

class CacheStatsListenerTest {

    private static TokensEvent event(TokenUsage usage) {
        return new TokensEvent("content-safety-input", RailDirection.INPUT, "m", usage);
    }

    @Test
    void hitRatioIsCachedOverPromptTokensOfReportedCallsOnly() {
        CacheStatsListener stats = CacheStatsListener.create(10, 16);
        stats.tokensReported(event(TokenUsage.of(400, 8, 0)));
        stats.tokensReported(event(TokenUsage.of(400, 8, 288)));
        stats.tokensReported(event(TokenUsage.of(400, 8, null))); // unknown, not zero
        CacheStatsListener.Snapshot s = stats.snapshot();
        assertEquals(3, s.calls());
        assertEquals(1, s.unreportedCalls());
        assertEquals(2, s.windowCalls());
        assertEquals(288.0 / 800.0, s.hitRatio().getAsDouble(), 1e-12);
    }

    @Test
    void windowForgetsTheOldestCalls() {
        CacheStatsListener stats = CacheStatsListener.create(2, 16);
        stats.tokensReported(event(TokenUsage.of(100, 8, 0)));
        stats.tokensReported(event(TokenUsage.of(100, 8, 96)));
        stats.tokensReported(event(TokenUsage.of(100, 8, 96)));
        assertEquals(0.96, stats.snapshot().hitRatio().getAsDouble(), 1e-12);
    }

    @Test
    void noReportedUsageMeansUnknownRatio() {
        CacheStatsListener stats = CacheStatsListener.create();
        stats.tokensReported(event(null));
        assertTrue(stats.snapshot().hitRatio().isEmpty());
        assertEquals(0, stats.snapshot().calls());
    }

    @Test
    void expectedCacheableTokensAreWholeBlocks() {
        assertEquals(288, CacheStatsListener.create(1, 16).expectedCacheableTokens(295));
        assertEquals(288, CacheStatsListener.create(1, 32).expectedCacheableTokens(295));
        assertEquals(256, CacheStatsListener.create(1, 64).expectedCacheableTokens(295));
    }

    @Test
    void rejectsNonPositiveSettings() {
        assertThrows(ConfigurationException.class, () -> CacheStatsListener.create(0, 16));
        assertThrows(ConfigurationException.class, () -> CacheStatsListener.create(1, 0));
    }
}
