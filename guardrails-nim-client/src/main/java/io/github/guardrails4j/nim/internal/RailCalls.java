package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.Taxonomy;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;
import io.github.guardrails4j.verdict.VerdictParser;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Turns one guard call into a rail's verdict future: every failure becomes an {@code ERROR} verdict (the future
 * completes normally, never exceptionally and never safe), and cancelling the verdict future cancels the HTTP call.
 * Internal API. Stateless and thread safe.
 */
public final class RailCalls {
    private RailCalls() {}

    /**
     * Reads a successful answer as a verdict.
     *
     * @param <T> the answer type
     */
    @FunctionalInterface
    public interface VerdictReader<T> {
        /**
         * @param answer the decoded answer
         * @param latency time since the check started
         * @return the verdict
         * @throws GuardrailsException when the answer is not a verdict; becomes an ERROR verdict
         */
        Verdict read(T answer, Duration latency);
    }

    /**
     * Starts a call and maps its outcome to a verdict.
     *
     * @param rail the rail's name
     * @param startNanos {@link System#nanoTime()} at the start of the check
     * @param call starts the HTTP call (lazily, so a retry layer can start a new call per attempt)
     * @param reader reads a successful answer
     * @param <T> the answer type
     * @return the verdict future; cancelling it cancels the call
     */
    public static <T> CompletableFuture<Verdict> verdict(
            String rail, long startNanos, Supplier<? extends CompletableFuture<T>> call, VerdictReader<T> reader) {
        LinkedFuture<Verdict> result = new LinkedFuture<>();
        CompletableFuture<T> upstream;
        try {
            upstream = call.get();
        } catch (RuntimeException e) {
            result.complete(Verdict.error(rail, asGuardrails(rail, e), since(startNanos)));
            return result;
        }
        result.link(upstream);
        upstream.whenComplete((answer, failure) -> {
            Duration latency = since(startNanos);
            if (failure != null) {
                result.complete(Verdict.error(rail, asGuardrails(rail, failure), latency));
                return;
            }
            try {
                result.complete(reader.read(answer, latency));
            } catch (RuntimeException e) {
                result.complete(Verdict.error(rail, asGuardrails(rail, e), latency));
            }
        });
        return result;
    }

    /**
     * Reads a chat completion as a verdict: a cut answer ({@code finish_reason: "length"}) is an error
     * ({@link ErrorReason#TRUNCATED_OUTPUT}) and is never parsed; no text is an error
     * ({@link ErrorReason#UNPARSEABLE_OUTPUT}); otherwise the parser decides. Usage is kept on every verdict.
     *
     * @param rail the rail's name
     * @param content {@code message.content} exactly as received, or null
     * @param truncated true when {@code finish_reason} was {@code length}
     * @param usage the reported usage, or null
     * @param parser the format's parser
     * @param taxonomy the taxonomy to map categories to, or null
     * @param latency time since the check started
     * @return the verdict, possibly ERROR
     */
    public static Verdict fromCompletion(
            String rail,
            String content,
            boolean truncated,
            TokenUsage usage,
            VerdictParser parser,
            Taxonomy taxonomy,
            Duration latency) {
        try {
            if (truncated) {
                throw new VerdictParseException(
                        ErrorReason.TRUNCATED_OUTPUT,
                        "the model stopped at max_tokens "
                                + "(finish_reason \"length\") before its verdict was complete; a cut verdict is never "
                                + "read: raise maxTokens (NeMo uses 50 for content safety)",
                        content,
                        null);
            }
            if (content == null || content.isEmpty()) {
                throw new VerdictParseException(
                        "the model returned no text (message.content was " + (content == null ? "null" : "empty")
                                + "); check the model id and the server's logs",
                        content);
            }
            ParsedVerdict parsed = parser.parse(content);
            return Verdict.builder(rail)
                    .parsed(parsed, taxonomy)
                    .rawOutput(content)
                    .usage(usage)
                    .latency(latency)
                    .attempts(1)
                    .build();
        } catch (RuntimeException e) {
            return Verdict.error(rail, asGuardrails(rail, e), latency).toBuilder()
                    .rawOutput(content)
                    .usage(usage)
                    .build();
        }
    }

    /**
     * @param rail the rail's name
     * @param t a failure
     * @return the failure itself when typed, else an {@link ErrorReason#INTERNAL} wrapper keeping it as the cause
     */
    public static GuardrailsException asGuardrails(String rail, Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof GuardrailsException) {
            return (GuardrailsException) cause;
        }
        if (cause instanceof CancellationException) {
            return new GuardrailsException(
                    ErrorReason.INTERNAL, "rail " + rail + ": the guard call was cancelled", cause);
        }
        return new GuardrailsException(ErrorReason.INTERNAL, "rail " + rail + " failed unexpectedly: " + cause, cause);
    }

    /**
     * @param startNanos a {@link System#nanoTime()} reading
     * @return the time since then
     */
    public static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
