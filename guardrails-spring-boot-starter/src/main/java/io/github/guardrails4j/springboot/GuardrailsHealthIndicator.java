package io.github.guardrails4j.springboot;

import io.github.guardrails4j.nim.NimClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator health of the NIM endpoints: {@code GET /v1/health/ready} on each {@link NimClients} URL, all at once.
 * UP when every NIM answers ready; DOWN when any answers another status, cannot be reached, or does not answer
 * within the timeout. Details: one entry per URL, {@code ready}, {@code not ready} or the error. Thread safe.
 */
public final class GuardrailsHealthIndicator implements HealthIndicator {
    /** Default time to wait for every NIM's answer: 2 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final NimClients clients;
    private final Duration timeout;

    /**
     * Sets clients.
     *
     * @param clients the NIM clients to probe; borrowed
     * @param timeout the time to wait for all answers
     * @throws NullPointerException when an argument is null
     */
    public GuardrailsHealthIndicator(NimClients clients, Duration timeout) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** {@return UP when every NIM is ready, otherwise DOWN; details per URL} */
    @Override
    public Health health() {
        Map<String, CompletableFuture<Boolean>> probes = new LinkedHashMap<>();
        clients.byUrl().forEach((url, nim) -> probes.put(url, probe(nim)));
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean up = true;
        Health.Builder health = Health.up();
        for (Map.Entry<String, CompletableFuture<Boolean>> e : probes.entrySet()) {
            String state;
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                state = e.getValue().get(left, TimeUnit.NANOSECONDS) ? "ready" : "not ready";
            } catch (TimeoutException ex) {
                e.getValue().cancel(true);
                state = "no answer within " + timeout.toMillis() + " ms";
            } catch (ExecutionException ex) {
                state = String.valueOf(ex.getCause());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                state = "interrupted";
            }
            up &= "ready".equals(state);
            health.withDetail(e.getKey(), state);
        }
        return up ? health.build() : health.down().build();
    }

    private static CompletableFuture<Boolean> probe(NimClient nim) {
        try {
            return nim.ready();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
