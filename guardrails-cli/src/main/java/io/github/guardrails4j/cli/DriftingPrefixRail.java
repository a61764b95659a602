package io.github.guardrails4j.cli;

import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
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

    private final ContentSafetyRail stable;
    private final NimClient client;
    private final AtomicLong lastMicros = new AtomicLong();

    /**
     * @param stable the rail to imitate; it must use a prompt template
     * @param client its client
     * @throws IllegalArgumentException when the rail's format sends plain turns (no template to prefix)
     */
    DriftingPrefixRail(ContentSafetyRail stable, NimClient client) {
        if (stable.template().isEmpty()) {
            throw new IllegalArgumentException("--drifting-prefix needs a content safety format with a prompt "
                    + "template (nemoguard); " + stable.format().id() + " sends plain turns");
        }
        this.stable = stable;
        this.client = client;
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

    /** @return a rail whose template starts with a fresh timestamp line */
    ContentSafetyRail perRequestRail() {
        PromptTemplate template = PromptTemplate.of(String.format(LINE_FORMAT, nextInstant())
                + stable.template().orElseThrow().text());
        ContentSafetyRail.Builder b =
                direction() == RailDirection.INPUT ? ContentSafetyRail.input(client) : ContentSafetyRail.output(client);
        return b.name(stable.name())
                .model(stable.model())
                .format(stable.format())
                .maxTokens(stable.maxTokens())
                .temperature(stable.temperature())
                .lenient(stable.lenient())
                .taxonomy(stable.taxonomy())
                .template(template)
                .build();
    }

    private Instant nextInstant() {
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        long micros = lastMicros.updateAndGet(last -> Math.max(last + 1, now));
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
