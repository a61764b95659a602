package io.github.guardrails4j.nim.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every endpoint's {@code GET /v1/health/ready} at a fixed interval and marks it healthy (2xx) or not
 * (anything else, or no answer). Probes of one endpoint never overlap; a probe is bounded by the client's
 * {@code attemptTimeout}. Probe results do not count in circuit breakers. Internal API. Thread safe.
 */
public final class HealthProbes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthProbes.class);

    private final NimHttp http;
    private final List<Endpoint> endpoints;
    private final String path;
    private final ScheduledFuture<?> task;

    /**
     * Starts probing at once, then every {@code interval}.
     *
     * @param http the one-attempt path
     * @param endpoints the endpoints
     * @param path the readiness path, such as {@code /v1/health/ready}
     * @param interval the delay between the end of one round and the start of the next
     * @param scheduler runs the rounds; not shut down here
     */
    public HealthProbes(
            NimHttp http,
            List<Endpoint> endpoints,
            String path,
            Duration interval,
            ScheduledExecutorService scheduler) {
        this.http = http;
        this.endpoints = List.copyOf(endpoints);
        this.path = path;
        this.task = scheduler.scheduleWithFixedDelay(this::probeAll, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Probes every endpoint now (an endpoint already being probed is skipped). */
    public void probeAll() {
        for (Endpoint ep : endpoints) {
            if (!ep.probing().compareAndSet(false, true)) {
                continue;
            }
            try {
                HttpUrl url = HttpUrl.get(ep.baseUrl() + path);
                http.execute(new Request.Builder().url(url).get().build(), (u, status, body) -> status / 100 == 2)
                        .whenComplete((ready, failure) -> {
                            boolean ok = failure == null && Boolean.TRUE.equals(ready);
                            if (ok != ep.healthy()) {
                                if (ok) {
                                    LOG.info(
                                            "guard endpoint {} is ready again; it gets its share of checks back",
                                            ep.baseUrl());
                                } else {
                                    LOG.warn(
                                            "guard endpoint {} failed its readiness probe ({}); its checks go to "
                                                    + "the other endpoints",
                                            ep.baseUrl(),
                                            failure != null ? failure.getMessage() : "not ready");
                                }
                            }
                            ep.healthy(ok);
                            ep.probing().set(false);
                        });
            } catch (RuntimeException e) {
                ep.probing().set(false);
                if (e instanceof RejectedExecutionException) {
                    return; // the client is closing: nothing left to probe for
                }
                LOG.warn("cannot probe guard endpoint {}: {}", ep.baseUrl(), e.toString());
            }
        }
    }

    /** Stops probing; probes in flight finish on their own. */
    @Override
    public void close() {
        task.cancel(false);
    }
}
