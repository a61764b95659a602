package io.github.guardrails4j.model;

import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.Taxonomy;
import java.util.List;
import java.util.Optional;

/**
 * Everything one guard model needs, in one place and with no HTTP: how a check is rendered into the request the
 * model was trained on, and how its answer is read as a verdict. A rail that serves a guard model (the NIM rail in
 * {@code guardrails-nim-client}) takes a {@code GuardModel} and adds the transport: text limits, retries, circuit
 * breakers, replicas and prefix affinity, warm-up, early decision, streaming checks and events. A host that brings
 * its own guard model implements this interface (or extends {@link ChatGuardModel}) and gets all of those with no
 * change to the library; see {@code docs/guard-models.md}.
 *
 * <p>The built-in models are in {@code io.github.guardrails4j.model.builtin}.
 *
 * <p><b>Contract.</b> Implementations are immutable and thread safe (one model serves many checks at once), never
 * do I/O, and are deterministic: the same request renders to the same bytes whatever the locale, time zone or line
 * separator. Every fixed part of a prompt comes before the injected text, so the server's KV cache reuse (prefix
 * caching) recomputes only the new tokens. {@link #parse} never reads an unclear answer as safe: it throws.
 */
public interface GuardModel {
    /**
     * The served model id sent as {@code "model"} (and reported as {@code gen_ai.request.model}), for example
     * {@code nvidia/llama-3.1-nemoguard-8b-content-safety}; for a classifier endpoint that takes no model id, a
     * stable name of the model.
     *
     * @return the model id, never blank
     */
    String modelId();

    /**
     * Sets direction.
     *
     * @param direction input (judge the user's message) or output (judge the answer)
     * @return true when this model can judge that direction
     */
    boolean supports(RailDirection direction);

    /**
     * Renders a check into the request this model wants.
     *
     * @param direction the direction judged, one {@link #supports} accepts
     * @param request the conversation; an output check carries the answer
     * @return the request, a {@link ChatRequest} or a {@link ClassifyRequest}
     * @throws io.github.guardrails4j.exception.GuardrailsException (reason {@code INTERNAL}) when the request
     *     lacks what the direction needs (an output check without an answer)
     */
    GuardRequest render(RailDirection direction, RailRequest request);

    /**
     * Reads the model's answer as a verdict. The caller has already turned transport failures, an answer cut at
     * {@code max_tokens} and an empty chat answer into errors; this reads a complete answer.
     *
     * @param direction the direction judged
     * @param answer the answer to the request {@link #render} made: a {@link ChatAnswer} for a chat request, a
     *     {@link ClassifyAnswer} for a classify request
     * @return the verdict: SAFE or UNSAFE with categories (and a score where the model gives one)
     * @throws VerdictParseException when the answer is not a verdict of this model's format: never read as safe
     */
    ParsedVerdict parse(RailDirection direction, GuardAnswer answer);

    /**
     * What a verdict of this request should say about how it was sent, for example that control tokens were
     * neutralised ({@code special-tokens-neutralized}). Rails copy the notes to {@code Verdict.notes()}.
     *
     * @param direction the direction judged
     * @param request the conversation
     * @return the notes, possibly empty (the default)
     */
    default List<String> notes(RailDirection direction, RailRequest request) {
        return List.of();
    }

    /**
     * The taxonomy a verdict's categories are mapped to ({@code Verdict.safetyCategories()}).
     *
     * @return the taxonomy, or empty when the model's categories are free text or it has none (the default)
     */
    default Optional<Taxonomy> taxonomy() {
        return Optional.empty();
    }

    /**
     * The rule that decides a verdict from a streamed answer before it is complete, for rails with early decision
     * on. Models without one cannot be used with early decision (the rail refuses at build time).
     *
     * @param direction the direction judged
     * @return the rule, or empty (the default)
     */
    default Optional<EarlyDecision> earlyDecision(RailDirection direction) {
        return Optional.empty();
    }

    /**
     * The SHA-256 of the fixed prompt prefix this model sends for a direction: the part a server with prefix
     * caching reuses across checks. Rails send requests with the same fingerprint to the same replica (prefix
     * affinity) and warm it up once.
     *
     * @param direction the direction judged
     * @return 64 lower-case hex digits, or empty when the model has no fixed prefix of its own (the default)
     */
    default Optional<String> prefixFingerprint(RailDirection direction) {
        return Optional.empty();
    }

    /**
     * The identity and version of the way this model reads answers: its {@link #parse} code and every setting that
     * {@link #parse} uses (a score threshold, a lenient mode, an answer format), as a stable string such as {@code "com.example.MyGuard/2 threshold=0.5"}. A verdict cache (the NIM rail's
     * {@code VerdictCache}) keys a verdict by the exact request bytes plus this string, so two model instances that
     * return equal identities must read every answer to the same verdict; bump the version whenever the parsing
     * changes. The request itself (template, model id, temperature, {@code max_tokens}) is in the request bytes and
     * need not be repeated here; the {@link #taxonomy} mapping is applied by each rail to the cached categories.
     *
     * @return the identity, or empty (the default): a verdict cache then shares verdicts only between checks of this
     *     same model instance, which is always safe (never a stale verdict) but shares less
     */
    default Optional<String> parserIdentity() {
        return Optional.empty();
    }
}
