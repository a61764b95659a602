package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A base URL with a query or a fragment would carry the API path inside it: rejected at build time. */
class BaseUrlValidationTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8000?x=1",
                "http://127.0.0.1:8000/v1?api-version=2",
                "http://127.0.0.1:8000/#frag",
                "http://127.0.0.1:8000#",
                "http://127.0.0.1:8000?"
            })
    void aQueryOrAFragmentIsAConfigurationError(String url) {
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> NimClient.builder().baseUrl(url).build());
        assertTrue(e.getMessage().contains("query") && e.getMessage().contains("fragment"), e.getMessage());
    }

    @Test
    void everyReplicaIsChecked() {
        assertThrows(
                ConfigurationException.class,
                () -> NimClient.builder()
                        .baseUrls(List.of("http://127.0.0.1:8000", "http://127.0.0.1:8001?sig=s3cr3t"))
                        .build());
    }

    @Test
    void theMessageNeverShowsCredentialsOrTheQuery() {
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> NimClient.builder()
                        .baseUrl("http://user:hunter2@127.0.0.1:8000/v1?sig=s3cr3t")
                        .build());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void aPlainBaseUrlStillBuilds() {
        try (NimClient c =
                NimClient.builder().baseUrl("http://127.0.0.1:8000/v1/").build()) {
            assertEquals("http://127.0.0.1:8000", c.baseUrl());
        }
    }
}
