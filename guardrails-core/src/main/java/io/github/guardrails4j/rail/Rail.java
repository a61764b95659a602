package io.github.guardrails4j.rail;

import io.github.guardrails4j.verdict.Verdict;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A named check of one side of a conversation that returns its {@link Verdict} asynchronously.
 *
 * <p>Built-in rails (content safety, topic control, jailbreak detection) live in {@code guardrails-nim-client};
 * hosts may write their own (see {@link RegexRail}).
 *
 * <p><b>Contract for implementations.</b>
 * <ul>
 *   <li>{@link #check} returns promptly; the work happens asynchronously.</li>
 *   <li>The future completes with a verdict; failures should complete it with an
 *       {@link io.github.guardrails4j.verdict.Outcome#ERROR} verdict carrying a typed
 *       {@link io.github.guardrails4j.exception.GuardrailsException}. A future completed exceptionally, or a
 *       {@code check} that throws, is turned into an ERROR verdict ({@code INTERNAL}) by the caller: never safe.</li>
 *   <li>Cancelling the returned future cancels the underlying I/O (the HTTP call).</li>
 *   <li>Implementations are thread safe: one rail serves many checks at once.</li>
 * </ul>
 */
public interface Rail {
    /**
     * The rail's name, reported on verdicts and results, for example {@code content-safety-input}.
     *
     * @return a stable, non-blank name
     */
    String name();

    /** {@return whether this rail guards the user's message or the LLM's answer} */
    RailDirection direction();

    /**
     * Checks one request.
     *
     * @param request the conversation to check; for an output rail it has the LLM's answer
     * @return a future of the verdict; cancelling it cancels the check's I/O
     */
    CompletableFuture<Verdict> check(RailRequest request);

    /**
     * Checks one request and reports its HTTP attempts, retries and token usage to an observer.
     * {@code Guardrails} calls this form; the default ignores the observer and calls {@link #check(RailRequest)}.
     *
     * @param request the conversation to check
     * @param observer receives this check's reports; never null
     * @return a future of the verdict; cancelling it cancels the check's I/O
     */
    default CompletableFuture<Verdict> check(RailRequest request, RailObserver observer) {
        return check(request);
    }

    /**
     * The served model this rail asks, for events and metrics ({@code gen_ai.request.model}).
     *
     * @return the model id, or empty for rails that call no model (the default)
     */
    default Optional<String> model() {
        return Optional.empty();
    }

    /**
     * Identifies the cacheable prompt prefix this rail sends and where it sends it, so that
     * {@link io.github.guardrails4j.Guardrails#warmUp()} sends one request per distinct prefix and endpoint
     * (the content safety input and output rails share one). Rails with no reusable prefix return empty and are
     * not warmed up.
     *
     * @return a key such as {@code endpoint + " " + model + " " + prefixSha256}, or empty (the default)
     */
    default Optional<String> prefixCacheKey() {
        return Optional.empty();
    }

    /**
     * Sends one representative request so that the guard server fills its KV cache with this rail's fixed prefix
     * before the first real user pays a cold prefill. The default checks a short benign text.
     *
     * @return a future of the warm-up call's verdict (its latency and cached tokens show what the server did)
     */
    default CompletableFuture<Verdict> warmUp() {
        return check(
                direction() == RailDirection.INPUT
                        ? RailRequest.ofInput(WARM_UP_TEXT)
                        : RailRequest.ofOutput(WARM_UP_TEXT, WARM_UP_TEXT));
    }

    /** The benign text the default {@link #warmUp()} sends: {@value}. */
    String WARM_UP_TEXT = "Hello";
}
