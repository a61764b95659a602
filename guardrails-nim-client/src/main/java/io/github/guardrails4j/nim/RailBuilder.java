package io.github.guardrails4j.nim;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.ClassifyRequest;
import io.github.guardrails4j.model.GuardModel;
import io.github.guardrails4j.model.GuardRequest;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.rail.TextLimit;
import io.github.guardrails4j.verdict.Verdict;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The settings every {@link NimRail} has, written once: name, text limit, early decision and the complete-verdict
 * consumer. {@link NimRail.Builder} (any model) and the built-in rails' builders extend it. Mutable and not thread
 * safe; {@link #build()} validates and copies.
 *
 * @param <B> the concrete builder
 */
public abstract class RailBuilder<B extends RailBuilder<B>> {
    /** Default of {@link #earlyDecision(boolean)}: {@value}. */
    public static final boolean DEFAULT_EARLY_DECISION = false;

    final NimClient client;
    String name;
    RailDirection direction;
    TextLimit textLimit = TextLimit.DEFAULT;
    boolean earlyDecision = DEFAULT_EARLY_DECISION;
    String path;
    Consumer<Verdict> onCompleteVerdict = v -> {};
    VerdictCache verdictCache;

    RailBuilder(NimClient client, String defaultName, RailDirection direction) {
        this.client = Objects.requireNonNull(client, "client");
        this.name = defaultName;
        this.direction = direction;
    }

    /** {@return this builder, typed} */
    protected abstract B self();

    /**
     * The guard model the rail serves, built from this builder's settings.
     *
     * @return the model
     * @throws ConfigurationException when a model setting is invalid
     */
    protected abstract GuardModel model();

    void copy(NimRail rail) {
        this.name = rail.name();
        this.direction = rail.direction();
        this.textLimit = rail.textLimit();
        this.earlyDecision = rail.earlyDecision();
        this.path = rail.path();
        this.verdictCache = rail.verdictCache().orElse(null);
    }

    void setDirection(RailDirection direction) {
        this.direction = direction;
    }

    void setPath(String path) {
        this.path = path;
    }

    /**
     * Sets name.
     *
     * @param name the rail's name, reported on verdicts, results and events; default the rail's own
     * @return this
     */
    public B name(String name) {
        this.name = name;
        return self();
    }

    /**
     * How much text one request may carry and what happens above it. Default {@link TextLimit#DEFAULT}: reject (no
     * call) above {@value TextLimit#DEFAULT_MAX_CHARS} characters; {@link TextLimit#split(int)} checks long text in
     * overlapping windows instead. Text is never silently truncated.
     *
     * @param textLimit the limit
     * @return this
     * @throws NullPointerException when textLimit is null
     */
    public B textLimit(TextLimit textLimit) {
        this.textLimit = Objects.requireNonNull(textLimit, "textLimit");
        return self();
    }

    /**
     * Streams the answer and decides the verdict before the model has finished writing it, by the model's
     * {@link io.github.guardrails4j.model.EarlyDecision} rule (only models that have one; for NemoGuard content
     * safety: UNSAFE as soon as the verdict value is complete, before the categories). Streamed calls go through the
     * same resilient path as every other call: deadline, concurrency limit, circuit breaker and retries. Default
     * {@value #DEFAULT_EARLY_DECISION}.
     *
     * <p>The stream is read to its end in the background; the complete verdict (categories, raw text, usage with
     * cached tokens, full latency) goes to {@link #onCompleteVerdict(Consumer)} and to
     * {@link NimRail#checkStreamed}'s {@link StreamedVerdict#complete()}, and its token usage to the listener's
     * {@code tokensReported}. If it disagrees with the decision, it is an ERROR verdict and a warning is logged;
     * the decision already delivered is never changed.
     *
     * @param earlyDecision true to stream and decide early
     * @return this
     */
    public B earlyDecision(boolean earlyDecision) {
        this.earlyDecision = earlyDecision;
        return self();
    }

    /**
     * Receives the complete verdict of every streamed check (see {@link #earlyDecision(boolean)}), once per check,
     * on the OkHttp thread that read the stream. Must be fast, must not block and should not throw (a throw is
     * logged and ignored). Default: ignore.
     *
     * @param consumer the consumer
     * @return this
     * @throws NullPointerException when consumer is null
     */
    public B onCompleteVerdict(Consumer<Verdict> consumer) {
        this.onCompleteVerdict = Objects.requireNonNull(consumer, "consumer");
        return self();
    }

    /**
     * Answers identical checks from a verdict cache, with single flight: concurrent identical checks share one guard
     * call (see {@link VerdictCache}). One cache may serve many rails, on many clients; keep one per tenant. Chunk
     * checks of a streamed answer and warm-up calls bypass it. Cannot be combined with
     * {@link #earlyDecision(boolean)}. Default: none (every check calls the guard).
     *
     * @param verdictCache the cache, or null for none
     * @return this
     */
    public B verdictCache(VerdictCache verdictCache) {
        this.verdictCache = verdictCache;
        return self();
    }

    /**
     * Returns the rail.
     *
     * @return the rail
     * @throws ConfigurationException when a setting is invalid: a blank name, no direction, a direction the model
     *     cannot judge, early decision with a model that has no rule for it or with a verdict cache, or an invalid
     *     model setting
     */
    public NimRail build() {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("a rail name must not be blank; omit name(...) for the default");
        }
        if (direction == null) {
            throw new ConfigurationException("direction must be INPUT or OUTPUT, got null");
        }
        GuardModel model = model();
        if (!model.supports(direction)) {
            throw new ConfigurationException("model " + model.modelId() + " cannot judge "
                    + direction.name().toLowerCase(Locale.ROOT) + " (it supports "
                    + (model.supports(RailDirection.INPUT) ? "input" : "output") + " only); use it on the other side");
        }
        if (earlyDecision && model.earlyDecision(direction).isEmpty()) {
            throw noEarlyDecision(model, direction);
        }
        if (earlyDecision && verdictCache != null) {
            throw new ConfigurationException("rail " + name + " has both earlyDecision(true) and a verdictCache; "
                    + "streamed early-decision checks are not cached: remove one of them");
        }
        // render a benign check now: a model that cannot render fails here, not on the first user
        GuardRequest probe = model.render(
                direction,
                direction == RailDirection.INPUT
                        ? RailRequest.ofInput(Rail.WARM_UP_TEXT)
                        : RailRequest.ofOutput(Rail.WARM_UP_TEXT, Rail.WARM_UP_TEXT));
        if (path == null || path.isBlank()) {
            path = probe instanceof ClassifyRequest ? NimClient.DEFAULT_CLASSIFY_PATH : NimClient.CHAT_COMPLETIONS_PATH;
        }
        return new NimRail(this, model);
    }

    static ConfigurationException noEarlyDecision(GuardModel model, RailDirection direction) {
        return new ConfigurationException("earlyDecision(true) needs a model that can decide from a partial answer; "
                + model + " has no early-decision rule for " + direction.name().toLowerCase(Locale.ROOT)
                + " checks; remove earlyDecision(true)");
    }
}
