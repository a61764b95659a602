package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.Taxonomy;
import io.github.guardrails4j.verdict.Verdict;
import io.github.guardrails4j.verdict.VerdictParser;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a NemoGuard JSON verdict from a streamed answer as soon as the verdict value is known, and completes the
 * full verdict when the stream ends. Internal API; {@code ContentSafetyRail} documents the behaviour.
 *
 * <p>Rules:
 * <ul>
 *   <li><b>UNSAFE</b> is decided when the closing quote of the verdict key's string value arrives and the value is
 *       not {@code safe} (lower-cased): the decision carries no categories and no usage yet. Whatever follows can
 *       only keep it unsafe or make the answer an error, and both block a fail-closed rail.</li>
 *   <li><b>SAFE</b> is decided only when the text received so far is one complete JSON object that the strict
 *       parser reads as safe (the closing brace has arrived). Only the end token and a cut or extra text after the
 *       brace can still disagree; the complete verdict then reports that as an ERROR, it never flips the SAFE
 *       already delivered.</li>
 *   <li>Otherwise the decision waits for the end of the stream and equals the complete verdict: a stream that ends
 *       without a finish reason, or with {@code length}, is {@link ErrorReason#TRUNCATED_OUTPUT}.</li>
 * </ul>
 * Both futures are completed on the OkHttp thread that reads the stream; cancelling either cancels the stream.
 * Thread safe: the delta consumer runs on that one reading thread.
 */
public final class EarlyDecisionCall {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyDecisionCall.class);

    private EarlyDecisionCall() {}

    /**
     * The two futures of one streamed check.
     *
     * @param decision completes with the first decisive verdict (early or at the end)
     * @param complete completes with the verdict of the whole answer: categories, raw text, usage, full latency
     */
    public record Futures(CompletableFuture<Verdict> decision, CompletableFuture<Verdict> complete) {}

    /**
     * Starts a streamed check.
     *
     * @param rail the rail's name
     * @param startNanos {@link System#nanoTime()} at the start of the check
     * @param call starts the streamed call with a delta consumer (for example {@link SseChatCall#start})
     * @param verdictKey the JSON key holding the verdict, for example {@code User Safety}
     * @param parser the strict parser of the whole answer
     * @param taxonomy the taxonomy categories are mapped to, or null
     * @param onComplete receives the complete verdict once per check, on the reading thread; must not throw
     *        (a throw is logged and ignored)
     * @return the decision and complete futures; neither ever completes exceptionally except by cancellation
     */
    public static Futures start(
            String rail,
            long startNanos,
            Function<Consumer<String>, ? extends CompletableFuture<WireFormat.Completion>> call,
            String verdictKey,
            VerdictParser parser,
            Taxonomy taxonomy,
            Consumer<Verdict> onComplete) {
        LinkedFuture<Verdict> decision = new LinkedFuture<>();
        LinkedFuture<Verdict> complete = new LinkedFuture<>();
        StringBuilder text = new StringBuilder();
        Consumer<String> onDelta = delta -> {
            if (decision.isDone()) {
                return;
            }
            text.append(delta);
            String value = VerdictScanner.verdictValue(text, verdictKey);
            if (value == null) {
                return;
            }
            if (!value.toLowerCase(Locale.ROOT).equals("safe")) {
                decision.complete(early(rail, Outcome.UNSAFE, text, startNanos));
            } else if (endsWithBrace(text) && readsSafe(parser, text)) {
                decision.complete(early(rail, Outcome.SAFE, text, startNanos));
            }
        };
        CompletableFuture<WireFormat.Completion> upstream;
        try {
            upstream = call.apply(onDelta);
        } catch (RuntimeException e) {
            Verdict failed = Verdict.error(rail, RailCalls.asGuardrails(rail, e), RailCalls.since(startNanos));
            decision.complete(failed);
            notify(onComplete, failed);
            complete.complete(failed);
            return new Futures(decision, complete);
        }
        decision.link(upstream);
        complete.link(upstream);
        upstream.whenComplete((answer, failure) -> {
            Verdict full = failure != null
                    ? Verdict.error(rail, RailCalls.asGuardrails(rail, failure), RailCalls.since(startNanos))
                    : fromStream(rail, answer, parser, taxonomy, RailCalls.since(startNanos));
            if (!decision.complete(full)) {
                Verdict decided = decision.isCancelled() ? null : decision.join();
                if (decided != null && decided != full && decided.outcome() != full.outcome()) {
                    LOG.warn(
                            "rail {} decided {} from the streamed verdict, but the complete answer is {}{}; the "
                                    + "decision stands, the complete verdict reports it",
                            rail,
                            decided.outcome(),
                            full.outcome(),
                            full.errorReason().map(r -> " (" + r + ")").orElse(""));
                }
            }
            notify(onComplete, full); // before completing, so that complete() implies the consumer has run
            complete.complete(full);
        });
        return new Futures(decision, complete);
    }

    private static Verdict fromStream(
            String rail, WireFormat.Completion answer, VerdictParser parser, Taxonomy taxonomy, Duration latency) {
        if (answer.finishReason() == null) {
            VerdictParseException cut = new VerdictParseException(
                    ErrorReason.TRUNCATED_OUTPUT,
                    "the stream ended "
                            + "without a finish_reason (the connection or the server cut it) before the verdict was "
                            + "complete; a cut verdict is never read",
                    answer.content(),
                    null);
            return Verdict.error(rail, cut, latency).toBuilder()
                    .usage(answer.usage())
                    .build();
        }
        return RailCalls.fromCompletion(
                rail,
                answer.content(),
                "length".equals(answer.finishReason()),
                answer.usage(),
                parser,
                taxonomy,
                latency);
    }

    private static Verdict early(String rail, Outcome outcome, CharSequence text, long startNanos) {
        return Verdict.builder(rail)
                .outcome(outcome)
                .rawOutput(text.toString())
                .latency(RailCalls.since(startNanos))
                .attempts(1)
                .build();
    }

    private static boolean endsWithBrace(CharSequence text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '}';
            }
        }
        return false;
    }

    private static boolean readsSafe(VerdictParser parser, CharSequence text) {
        try {
            ParsedVerdict parsed = parser.parse(text.toString());
            return parsed.outcome() == Outcome.SAFE;
        } catch (VerdictParseException notYet) {
            return false; // not one strict object yet (or never): the end of the stream decides
        }
    }

    private static void notify(Consumer<Verdict> onComplete, Verdict full) {
        try {
            onComplete.accept(full);
        } catch (RuntimeException e) {
            LOG.warn("the complete-verdict consumer of rail {} threw; ignored", full.rail(), e);
        }
    }
}
