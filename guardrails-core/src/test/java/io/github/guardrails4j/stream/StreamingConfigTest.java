package io.github.guardrails4j.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ConfigurationException;
import org.junit.jupiter.api.Test;

class StreamingConfigTest {
    @Test
    void defaultsMatchNemoGuardrails() {
        StreamingConfig c = StreamingConfig.ofDefaults();
        assertEquals(200, c.chunkSize());
        assertEquals(50, c.contextSize());
        assertTrue(c.streamFirst());
        assertEquals(ChunkUnit.DELTAS, c.chunkUnit());
        assertEquals(StreamingConfig.DEFAULT_MAX_IN_FLIGHT_CHECKS, c.maxInFlightChecks());
        assertEquals(StreamingConfig.DEFAULT_PREFETCH, c.prefetch());
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void chunkSizeCharsSwitchesTheUnit() {
        StreamingConfig c =
                StreamingConfig.builder().chunkSizeChars(800).contextSize(100).build();
        assertEquals(ChunkUnit.CHARACTERS, c.chunkUnit());
        assertEquals(800, c.chunkSize());
    }

    @Test
    void contextNotSmallerThanChunkIsAConfigurationErrorNamingBothValuesAndTheFix() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> StreamingConfig.builder().chunkSize(50).contextSize(50).build());
        assertTrue(
                e.getMessage().contains("contextSize 50")
                        && e.getMessage().contains("chunkSize 50")
                        && e.getMessage().contains("lower contextSize"),
                e.getMessage());
    }

    @Test
    void outOfRangeValuesAreRejectedAtTheSetter() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class, () -> StreamingConfig.builder().chunkSize(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
        assertThrows(
                ConfigurationException.class, () -> StreamingConfig.builder().chunkSizeChars(-1));
        assertThrows(
                ConfigurationException.class, () -> StreamingConfig.builder().contextSize(-1));
        assertThrows(
                ConfigurationException.class, () -> StreamingConfig.builder().maxInFlightChecks(0));
        assertThrows(
                ConfigurationException.class, () -> StreamingConfig.builder().prefetch(0));
    }
}
