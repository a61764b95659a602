package io.github.guardrails4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyModelTest {

    @Test
    void realisticChargesFixedPassPromptBeyondFreeTokensAndDecode() {
        LatencyModel m = LatencyModel.realistic();
        // 7.5 ms + 0.03 ms * (400 - 200) + 5 ms * 8 = 7.5 + 6 + 40 = 53.5 ms
        assertEquals(Duration.ofNanos(53_500_000), m.latency(400, 0, 8));
    }

    @Test
    void cachedTokensAreNotCharged() {
        LatencyModel m = LatencyModel.realistic();
        // 400 prompt tokens, 288 cached: 112 uncached, all within the 200 free ones.
        assertEquals(Duration.ofNanos(7_500_000), m.prefill(112));
        assertEquals(Duration.ofNanos(7_500_000 + 5_000_000 * 22L), m.latency(400, 288, 22));
    }

    @Test
    void noneIsZeroAndFixedIgnoresTokens() {
        assertEquals(Duration.ZERO, LatencyModel.none().latency(10_000, 0, 500));
        assertEquals(
                Duration.ofMillis(30), LatencyModel.fixed(Duration.ofMillis(30)).latency(10_000, 16, 500));
    }

    @Test
    void builderAndToBuilderRoundTrip() {
        LatencyModel m = LatencyModel.builder()
                .fixedPerCall(Duration.ofMillis(2))
                .perUncachedPromptToken(Duration.ofNanos(1_000))
                .freeUncachedPromptTokens(10)
                .perGeneratedToken(Duration.ofMillis(1))
                .build();
        assertEquals(m, m.toBuilder().build());
        // 2 ms + 1 us * (110 - 10) + 1 ms * 3 = 5.1 ms
        assertEquals(Duration.ofNanos(5_100_000), m.latency(110, 0, 3));
        assertEquals(Duration.ofMillis(3), m.decode(3));
    }

    @Test
    void rejectsNegativeValuesAndCachedAbovePrompt() {
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.fixed(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.none().latency(10, 11, 1));
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.none().decode(-1));
    }
}
