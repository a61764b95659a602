package io.github.guardrails4j.nim;

import io.github.guardrails4j.verdict.Verdict;
import java.util.concurrent.CompletableFuture;

/**
 * The two results of one streamed content safety check ({@link NimRail#checkStreamed}).
 *
 * <p>{@link #decision()} completes as soon as the verdict is decided, usually before the model has finished
 * writing: an early UNSAFE decision has <em>no categories and no usage yet</em>, and its latency is the time to
 * decision. {@link #complete()} completes when the stream ends with the verdict of the whole answer: categories,
 * raw text, usage (cached tokens included) and the full latency. When no early decision was possible both futures
 * complete with the same verdict.
 *
 * <p>The complete verdict never changes the decision already delivered: if the whole answer turns out to be cut or
 * unparseable after an early decision, {@link #complete()} is an ERROR verdict and the rail logs a warning; the
 * decision stands (an early UNSAFE stays blocked; see {@link RailBuilder#earlyDecision(boolean)} for
 * why an early SAFE can only disagree in the model's final token).
 *
 * <p>Both futures complete normally (never exceptionally, except by cancellation) on the OkHttp dispatcher thread
 * that reads the stream; cancelling either cancels the stream, after which {@link #complete()} is an ERROR verdict.
 * Immutable and thread safe.
 *
 * @param decision the first decisive verdict
 * @param complete the verdict of the whole answer
 */
public record StreamedVerdict(CompletableFuture<Verdict> decision, CompletableFuture<Verdict> complete) {}
