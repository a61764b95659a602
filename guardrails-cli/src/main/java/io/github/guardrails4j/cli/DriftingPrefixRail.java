package io.github.guardrails4j.cli;

import io.github.guardrails4j.model.builtin.NemoGuardContentSafety;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a careless client does, for {@code guardrails bench --drifting-prefix} (and {@code doctor}'s warm-up of its
 * own code paths, which must not cache the real prefix): a content safety rail whose
 * prompt starts with {@code Current time: <instant>\n} before the template's instructions, so no two requests share
 * a prefix and a NIM's KV cache cannot be reused. Never use it to guard anything: it exists to measure the cost.
 *
 * <p>Each check builds a {@link ContentSafetyRail} with a per-request template (same client, model, format and
 * name as the rail it replaces). The instants are strictly increasing (one microsecond apart at least), so even
 * concurrent requests differ. Thread safe.
 */
final class DriftingPrefixRail implements Rail {
    /** The line put before the instructions; {@code %s} is the instant. */
    static final String LINE_FORMAT = "Current time: %s\n";

    private final NimRail stable;
    private final NemoGuardContentSafety model;
    private final NimClient client;
    private final AtomicLong lastMicros = new AtomicLong();

    /**
     * Sets stable.
     *
     * @param stable the configured content safety rail (NemoGuard format, the one with a prompt template)
     * @param client its client
     * @throws IllegalArgumentException when the rail does not serve a NemoGuard content safety model
     */
    DriftingPrefixRail(NimRail stable, NimClient client) {
        if (!(stable.guardModel() instanceof NemoGuardContentSafety)) {
            throw new IllegalArgumentException("--drifting-prefix needs a content safety format with a prompt "
                    + "template (nemoguard); " + stable.guardModel().modelId() + " sends plain turns");
        }
        this.stable = stable;
        this.model = (NemoGuardContentSafety) stable.guardModel();
        this.client = client;
    }

    /**
     * Sets rail.
     *
     * @param rail a rail
     * @return true when it is a content safety rail (any format)
     */
    static boolean isContentSafety(NimRail rail) {
        return rail.name().startsWith("content-safety");
    }

    @Override
    public String name() {
        return stable.name();
    }

    @Override
    public RailDirection direction() {
        return stable.direction();
    }

    @Override
    public CompletableFuture<Verdict> check(RailRequest request) {
        return perRequestRail().check(request);
    }

    /** {@return a rail whose template starts with a fresh timestamp line} */
    NimRail perRequestRail() {
        PromptTemplate template = PromptTemplate.of(String.format(LINE_FORMAT, nextInstant())
                + model.template(direction()).text());
        return NimRail.builder(
                        client,
                        model.toBuilder().template(direction(), template).build())
                .name(stable.name())
                .direction(stable.direction())
                .textLimit(stable.textLimit())
                .build();
    }

    private Instant nextInstant() {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        long micros = lastMicros.updateAndGet(last -> Math.max(last + 1, now));
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
