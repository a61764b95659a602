package io.github.guardrails4j.nim;

import io.github.guardrails4j.async.LinkedFuture;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.model.EarlyDecision;
import io.github.guardrails4j.model.GuardAnswer;
import io.github.guardrails4j.model.GuardModel;
import io.github.guardrails4j.model.GuardRequest;
import io.github.guardrails4j.nim.internal.Attempted;
import io.github.guardrails4j.nim.internal.PrefixedChatEncoder;
import io.github.guardrails4j.nim.internal.Rendezvous;
import io.github.guardrails4j.nim.internal.VerdictKey;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailObserver;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.rail.TextLimit;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one rail that serves a {@link GuardModel} from a NIM. Every check reads top to bottom:
 *
 * <ol>
 *   <li><b>text limit</b> ({@link TextLimit}): within it, rejected (no call), or split into windows;</li>
 *   <li><b>render</b>: {@link GuardModel#render} makes the chat or classify request, fixed prefix first;</li>
 *   <li><b>resilient call</b> through the {@link NimClient}: retries, the check's deadline, circuit breaker and
 *       concurrency limit per endpoint, prefix affinity across replicas; streamed when early decision is on, with
 *       the same resilience;</li>
 *   <li><b>parse</b>: {@link GuardModel#parse} reads the answer;</li>
 *   <li><b>verdict</b>: the one place where an outcome, a cut or empty answer, a parse failure or a transport
 *       failure becomes a {@link Verdict}; failures are ERROR verdicts with a typed exception, never SAFE.</li>
 * </ol>
 *
 * <p>Make one with {@link #builder(NimClient, GuardModel)}, or through the factories of the built-in rails
 * ({@link ContentSafetyRail}, {@link TopicControlRail}, {@link JailbreakDetectionRail}), which configure a built-in
 * model. Any {@link GuardModel}, the host's own included, gets every feature: retries, replicas, prefix affinity,
 * warm-up, early decision (when the model has a rule), streaming output checks, windows and events.
 *
 * <p>The verdict future always completes normally (never exceptionally, never SAFE on a failure), on an OkHttp
 * dispatcher thread or the client's scheduler. Cancelling it cancels the HTTP call. Immutable and thread safe: one
 * rail serves many checks at once. It borrows its {@link NimClient}.
 */
public final class NimRail implements Rail {
    private static final Logger LOG = LoggerFactory.getLogger(NimRail.class);

    private final NimClient client;
    private final GuardModel model;
    private final String name;
    private final RailDirection direction;
    private final TextLimit textLimit;
    private final boolean earlyDecision;
    private final EarlyDecision rule;
    private final String path;
    private final Consumer<Verdict> onCompleteVerdict;
    /** The verdict cache, or null for none; with it, the parser identity the keys hash. */
    private final VerdictCache verdictCache;

    private final String parserIdentity;
    /** The affinity key's rendezvous hash, computed once: the key never changes. */
    private final long affinityHash;
    /** Encode this rail's requests without escaping the template's fixed prefix on every check. */
    private final PrefixedChatEncoder plainEncoder = new PrefixedChatEncoder(false);

    private final PrefixedChatEncoder streamEncoder = new PrefixedChatEncoder(true);

    NimRail(RailBuilder<?> b, GuardModel model) {
        this.client = b.client;
        this.model = model;
        this.name = b.name;
        this.direction = b.direction;
        this.textLimit = b.textLimit;
        this.earlyDecision = b.earlyDecision;
        this.rule = earlyDecision ? model.earlyDecision(direction).orElseThrow() : null;
        this.path = b.path;
        this.onCompleteVerdict = b.onCompleteVerdict;
        this.verdictCache = b.verdictCache;
        this.parserIdentity = verdictCache == null ? null : verdictCache.parserIdentity(model);
        // prefix affinity: the same fixed prefix prefers the same replica (input and output share the prefix)
        String affinityKey =
                model.modelId() + " " + model.prefixFingerprint(direction).orElse(name);
        this.affinityHash = Rendezvous.hash(affinityKey);
    }

    /**
     * Starts a rail for any guard model, the host's own included.
     *
     * @param client the NIM client, borrowed
     * @param model the guard model
     * @return a new builder (direction {@link RailDirection#INPUT}); mutable and not thread safe
     * @throws NullPointerException when an argument is null
     */
    public static Builder builder(NimClient client, GuardModel model) {
        return new Builder(client, model);
    }

    /** {@return a builder holding this rail's settings, for a variant} */
    public Builder toBuilder() {
        Builder b = new Builder(client, model);
        b.copy(this);
        return b;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RailDirection direction() {
        return direction;
    }

    /** {@return the served model id} */
    @Override
    public Optional<String> model() {
        return Optional.of(model.modelId());
    }

    /** {@return the guard model this rail serves} */
    public GuardModel guardModel() {
        return model;
    }

    /** {@return the client it calls, borrowed} */
    public NimClient client() {
        return client;
    }

    /** {@return the text limit} */
    public TextLimit textLimit() {
        return textLimit;
    }

    /** {@return true when {@link #check} streams the answer and decides early} */
    public boolean earlyDecision() {
        return earlyDecision;
    }

    /** {@return the verdict cache, or empty when the rail has none (the default)} */
    public Optional<VerdictCache> verdictCache() {
        return Optional.ofNullable(verdictCache);
    }

    /** {@return the path (or full URL) requests go to} */
    public String path() {
        return path;
    }

    /** {@return the SHA-256 of the model's fixed prefix for this direction, or empty when it has none} */
    public Optional<String> prefixFingerprint() {
        return model.prefixFingerprint(direction);
    }

    /**
     * The request this rail sends for a conversation (for tests and dry runs; no call is made).
     *
     * @param request the conversation
     * @return the request
     * @throws io.github.guardrails4j.exception.GuardrailsException (reason INTERNAL) when an output rail gets a
     *     request without the LLM's answer
     */
    public GuardRequest request(RailRequest request) {
        return model.render(direction, request);
    }

    /**
     * Checks one request; never throws and never completes exceptionally.
     *
     * @param request the conversation; an output rail needs {@link RailRequest#ofOutput}
     * @return a future of the verdict; cancelling it cancels the HTTP call
     */
    @Override
    public CompletableFuture<Verdict> check(RailRequest request) {
        return check(request, RailObserver.NONE);
    }

    @Override
    public CompletableFuture<Verdict> check(RailRequest request, RailObserver observer) {
        return textLimit.apply(
                name,
                direction,
                request,
                r -> earlyDecision ? stream(r, observer).decision() : call(r, observer));
    }

    /**
     * Checks one request over a streamed answer and decides as early as the model's {@link EarlyDecision} rule
     * allows, whatever {@link #earlyDecision()} says. Never throws and never completes exceptionally. The text is
     * sent as one request: the text limit is applied by {@link #check}, not here.
     *
     * @param request the conversation
     * @return the decision and the complete verdict; cancelling either cancels the stream
     * @throws io.github.guardrails4j.exception.ConfigurationException when the model has no early-decision rule
     *     for this direction
     */
    public StreamedVerdict checkStreamed(RailRequest request) {
        if (rule == null && model.earlyDecision(direction).isEmpty()) {
            throw RailBuilder.noEarlyDecision(model, direction);
        }
        return stream(request, RailObserver.NONE);
    }

    private CompletableFuture<Verdict> call(RailRequest request, RailObserver observer) {
        return call(request, observer, verdictCache != null && observer.verdictCacheable());
    }

    private CompletableFuture<Verdict> call(RailRequest request, RailObserver observer, boolean cached) {
        long start = System.nanoTime();
        GuardRequest wire;
        try {
            wire = model.render(direction, request);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(verdict(start, null, e, false, observer));
        }
        List<String> notes = model.notes(direction, request);
        byte[] body = NimClient.encode(wire, plainEncoder);
        boolean chat = wire instanceof ChatRequest;
        Supplier<CompletableFuture<Verdict>> send = () -> LinkedFuture.map(
                client.send(body, chat, path, affinityHash, observer),
                a -> withNotes(verdict(start, a, null, false, observer), notes));
        if (!cached) {
            return send.get();
        }
        return verdictCache.check(
                VerdictKey.of(path, direction, parserIdentity, body),
                send,
                parsed -> withNotes(
                        Verdict.builder(name)
                                .parsed(parsed, model.taxonomy().orElse(null))
                                .latency(since(start))
                                .attempts(0)
                                .build(),
                        notes),
                failure -> withNotes(Verdict.failed(name, failure, since(start)), notes),
                client.resilience().checkTimeout(),
                client.scheduler(),
                observer);
    }

    private StreamedVerdict stream(RailRequest request, RailObserver observer) {
        long start = System.nanoTime();
        EarlyDecision decide =
                rule != null ? rule : model.earlyDecision(direction).orElseThrow();
        LinkedFuture<Verdict> decision = new LinkedFuture<>();
        LinkedFuture<Verdict> complete = new LinkedFuture<>();
        ChatRequest wire;
        try {
            wire = (ChatRequest) model.render(direction, request);
        } catch (RuntimeException e) {
            Verdict failed = verdict(start, null, e, true, observer);
            decision.complete(failed);
            notifyComplete(failed);
            complete.complete(failed);
            return new StreamedVerdict(decision, complete);
        }
        CompletableFuture<Attempted<ChatAnswer>> call = client.stream(
                wire,
                affinityHash,
                observer,
                () -> {
                    StringBuilder text = new StringBuilder();
                    return delta -> {
                        if (decision.isDone()) {
                            return;
                        }
                        text.append(delta);
                        Outcome outcome = decide.decide(text);
                        if (outcome != null) {
                            decision.complete(Verdict.builder(name)
                                    .outcome(outcome)
                                    .rawOutput(text.toString())
                                    .latency(since(start))
                                    .attempts(1)
                                    .build());
                        }
                    };
                },
                streamEncoder);
        decision.link(call);
        complete.link(call);
        List<String> notes = model.notes(direction, request);
        call.whenComplete((a, failure) -> {
            Verdict full = withNotes(verdict(start, a, failure, true, observer), notes);
            if (!decision.complete(full)) {
                Verdict decided = decision.isCancelled() ? null : decision.join();
                if (decided != null && decided.outcome() != full.outcome()) {
                    LOG.warn(
                            "rail {} decided {} from the streamed verdict, but the complete answer is {}{}; the "
                                    + "decision stands, the complete verdict reports it",
                            name,
                            decided.outcome(),
                            full.outcome(),
                            full.errorReason().map(r -> " (" + r + ")").orElse(""));
                }
            }
            notifyComplete(full); // before completing, so that complete() implies the consumer has run
            complete.complete(full);
        });
        return new StreamedVerdict(decision, complete);
    }

    /**
     * The one place where a guard call's outcome becomes a verdict.
     *
     * @param start the check's start
     * @param attempted the call's outcome, or null when it never started
     * @param failure why it never started or failed outside the resilient path, else null
     * @param streamed true for a streamed answer (a stream that ends without a finish reason was cut)
     * @param observer receives the reported token usage
     * @return the verdict: SAFE, UNSAFE, or ERROR with a typed exception
     */
    private Verdict verdict(
            long start,
            Attempted<? extends GuardAnswer> attempted,
            Throwable failure,
            boolean streamed,
            RailObserver observer) {
        Duration latency = since(start);
        if (attempted == null || failure != null) {
            return Verdict.failed(name, failure, latency).toBuilder()
                    .attempts(attempted == null ? 0 : attempted.attempts())
                    .build();
        }
        Verdict.Builder v;
        if (!attempted.ok()) {
            v = Verdict.failed(name, attempted.error(), latency).toBuilder();
        } else {
            GuardAnswer answer = attempted.value();
            ChatAnswer chat = answer instanceof ChatAnswer ? (ChatAnswer) answer : null;
            if (chat != null && chat.usage() != null) {
                observer.tokensReported(chat.usage());
            }
            try {
                if (chat != null) {
                    checkComplete(chat, streamed);
                }
                ParsedVerdict parsed = model.parse(direction, answer);
                v = Verdict.builder(name)
                        .parsed(parsed, model.taxonomy().orElse(null))
                        .latency(latency);
            } catch (RuntimeException e) {
                v = Verdict.failed(name, e, latency).toBuilder();
            }
            if (chat != null) {
                v.rawOutput(chat.content()).usage(chat.usage());
            }
        }
        return v.attempts(attempted.attempts()).endpoint(attempted.endpoint()).build();
    }

    /** Copies the model's notes on how the request was sent (GuardModel.notes) onto the verdict. */
    private static Verdict withNotes(Verdict v, List<String> notes) {
        return notes.isEmpty() ? v : v.toBuilder().notes(notes).build();
    }

    /** A cut or empty chat answer is never parsed. */
    private static void checkComplete(ChatAnswer chat, boolean streamed) {
        if (streamed && chat.finishReason() == null) {
            throw new VerdictParseException(
                    ErrorReason.TRUNCATED_OUTPUT,
                    "the stream ended without a finish_reason (the connection or the server cut it) before the "
                            + "verdict was complete; a cut verdict is never read",
                    chat.content(),
                    null);
        }
        if (chat.truncated()) {
            throw new VerdictParseException(
                    ErrorReason.TRUNCATED_OUTPUT,
                    "the model stopped at max_tokens (finish_reason \"length\") before its verdict was complete; a "
                            + "cut verdict is never read: raise maxTokens (NeMo uses 50 for content safety)",
                    chat.content(),
                    null);
        }
        if (chat.content() == null || chat.content().isEmpty()) {
            throw new VerdictParseException(
                    "the model returned no text (message.content was " + (chat.content() == null ? "null" : "empty")
                            + "); check the model id and the server's logs",
                    chat.content());
        }
    }

    private void notifyComplete(Verdict full) {
        try {
            onCompleteVerdict.accept(full);
        } catch (RuntimeException e) {
            LOG.warn("the complete-verdict consumer of rail {} threw; ignored", name, e);
        }
    }

    /**
     * {@code client base URL + " " + model + " " + prefix SHA-256}: rails of one NIM and model that share a fixed
     * prefix (the content safety input and output rails do) share the key, so
     * {@link io.github.guardrails4j.Guardrails#warmUp()} warms it once.
     *
     * @return the key, or empty when the model has no fixed prefix
     */
    @Override
    public Optional<String> prefixCacheKey() {
        return prefixFingerprint().map(sha -> client.baseUrl() + " " + model.modelId() + " " + sha);
    }

    /**
     * Sends one non-streamed check of a short benign text (also with early decision on, so that the warm-up verdict
     * carries the usage and cached tokens; never answered from the verdict cache).
     *
     * @return a future of the warm-up verdict
     */
    @Override
    public CompletableFuture<Verdict> warmUp() {
        // never from the verdict cache: a warm-up exists to make the server compute the prefix
        return call(
                direction == RailDirection.INPUT
                        ? RailRequest.ofInput(WARM_UP_TEXT)
                        : RailRequest.ofOutput(WARM_UP_TEXT, WARM_UP_TEXT),
                RailObserver.NONE,
                false);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public String toString() {
        return "NimRail{name=" + name + ", direction=" + direction + ", model=" + model
                + (earlyDecision ? ", earlyDecision" : "") + (verdictCache != null ? ", " + verdictCache : "")
                + ", client=" + client + '}';
    }

    /** Builds a {@link NimRail} for any {@link GuardModel}. Mutable and not thread safe. */
    public static final class Builder extends RailBuilder<Builder> {
        private final GuardModel model;

        private Builder(NimClient client, GuardModel model) {
            super(client, defaultName(model), RailDirection.INPUT);
            this.model = Objects.requireNonNull(model, "model");
        }

        private static String defaultName(GuardModel model) {
            String id = model.modelId();
            return id.substring(id.lastIndexOf('/') + 1);
        }

        /**
         * Sets direction.
         *
         * @param direction what the rail judges: the user's message (INPUT, the default) or the answer (OUTPUT)
         * @return this
         */
        public Builder direction(RailDirection direction) {
            setDirection(direction);
            return this;
        }

        /**
         * Sets path.
         *
         * @param path the path below the base URL, or a full http(s) URL, that requests go to; default
         *     {@link NimClient#CHAT_COMPLETIONS_PATH} for chat models and {@link NimClient#DEFAULT_CLASSIFY_PATH}
         *     for classifiers
         * @return this
         */
        public Builder path(String path) {
            setPath(path);
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected GuardModel model() {
            return model;
        }
    }
}
