package io.github.guardrails4j.springboot;

import io.github.guardrails4j.nim.NimClient;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link NimClient}s the starter created, one per distinct NIM URL (rails on one NIM share its client and its
 * connection pool). A Spring bean: the context closes it, and so every client, on shutdown. Immutable after
 * construction; thread safe.
 */
public final class NimClients implements AutoCloseable {
    private final Map<String, NimClient> byUrl;

    /**
     * Sets byUrl.
     *
     * @param byUrl the clients by base URL as configured; the map is copied, the clients are owned from now on
     * @throws NullPointerException when byUrl is null
     */
    public NimClients(Map<String, NimClient> byUrl) {
        this.byUrl = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(byUrl, "byUrl")));
    }

    /** {@return the clients by configured base URL, in configuration order; unmodifiable} */
    public Map<String, NimClient> byUrl() {
        return byUrl;
    }

    /** Closes every client (idempotent; see {@link NimClient#close()}). */
    @Override
    public void close() {
        byUrl.values().forEach(NimClient::close);
    }

    @Override
    public String toString() {
        return "NimClients" + byUrl.keySet();
    }
}
