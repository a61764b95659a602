package io.github.guardrails4j.nemo;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.stream.StreamingConfig;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Guardrails} built from a NeMo Guardrails configuration, with the {@link NimClient}s its rails call.
 * The clients belong to this object: {@link #close()} closes them (the {@code Guardrails} stops working then).
 * Thread safe: {@link #guardrails()} is shared by any number of threads.
 */
public final class NemoGuardrails implements AutoCloseable {
    private final Guardrails guardrails;
    private final List<NimClient> clients;
    private final Optional<StreamingConfig> streaming;

    NemoGuardrails(Guardrails guardrails, List<NimClient> clients, Optional<StreamingConfig> streaming) {
        this.guardrails = guardrails;
        this.clients = List.copyOf(clients);
        this.streaming = streaming;
    }

    /** {@return the rails, in the order of the configuration's flows; a direction without flows is unguarded} */
    public Guardrails guardrails() {
        return guardrails;
    }

    /** {@return one client per distinct endpoint and API key, in first-use order; unmodifiable} */
    public List<NimClient> clients() {
        return clients;
    }

    /**
     * The settings of streaming output rails ({@code rails.output.streaming}), for
     * {@code io.github.guardrails4j.stream.StreamingGuard}.
     *
     * @return the settings when {@code rails.output.streaming.enabled} is true, else empty
     */
    public Optional<StreamingConfig> streaming() {
        return streaming;
    }

    /** Closes every client; idempotent. */
    @Override
    public void close() {
        clients.forEach(NimClient::close);
    }

    @Override
    public String toString() {
        return "NemoGuardrails{" + guardrails + ", clients=" + clients.size() + '}';
    }
}
