package io.github.guardrails4j;

import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.exception.InputRejectedException;
import io.github.guardrails4j.internal.FirstBlockRace;
import io.github.guardrails4j.internal.TextWindows;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.rail.ThinkTrace;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The entry point: runs the configured input rails on a user's message and the output rails on the LLM's answer.
 *
 * <pre>{@code
 * Guardrails guardrails = Guardrails.builder()
 *     .rail(contentSafetyInput)                       // fail closed (the default)
 *     .rail(topicControl, FailurePolicy.FAIL_OPEN)
 *     .rail(contentSafetyOutput)
 *     .build();
 * GuardResult in = guardrails.checkInput(userMessage).join();
 * }</pre>
 *
 * <p><b>Concurrency.</b> All rails of a direction run at once. The result completes as soon as the outcome is
 * decided: the first verdict that blocks (unsafe, or an error of a fail-closed rail) completes it and cancels the
 * rails still running, HTTP calls included; otherwise it completes, allowed, when every rail has answered.
 * The future completes on the thread that completed the deciding rail (for NIM rails an HTTP dispatcher thread):
 * use the {@code *Async} methods of {@link CompletableFuture} with your own executor for heavy continuations.
 * Cancelling the returned future cancels every rail.
 *
 * <p><b>Sharing.</b> Immutable and thread safe: build one instance and share it. It borrows its rails (and their
 * HTTP clients): closing those is the host's job. Derive a variant with {@link #toBuilder()}.
 *
 * <p><b>Long answers.</b> With {@link Builder#outputWindow(int, int)} set, {@link #checkOutput} checks an answer
 * longer than the window as overlapping windows, concurrently (see {@code docs/streaming.md}).
 */
public final class Guardrails {
    /** Default of {@link Builder#speculativeGeneration(boolean)}: {@value}. */
    public static final boolean DEFAULT_SPECULATIVE_GENERATION = false;
    /** Default of {@link Builder#runAllRails(boolean)}: {@value}. */
    public static final boolean DEFAULT_RUN_ALL_RAILS = false;
    /** Default window of {@link Builder#outputWindow(int, int)}: {@value}, windowed output checks off. */
    public static final int DEFAULT_OUTPUT_WINDOW_CHARS = 0;
    /** Default overlap of {@link Builder#outputWindow(int, int)}: {@value} characters. */
    public static final int DEFAULT_OUTPUT_OVERLAP_CHARS = 0;
    /** Default of {@link Builder#checkReasoningTrace(boolean)}: {@value} (the trace is not checked). */
    public static final boolean DEFAULT_CHECK_REASONING_TRACE = false;
    /** Default of {@link Builder#rejectUncheckedContent(boolean)}: {@value} (checked on its text, noted). */
    public static final boolean DEFAULT_REJECT_UNCHECKED_CONTENT = false;

    private final List<RailBinding> inputRails;
    private final List<RailBinding> outputRails;
    private final GuardrailsListener.Factory listeners;
    private final boolean speculativeGeneration;
    private final boolean runAllRails;
    private final int outputWindowChars;
    private final int outputOverlapChars;
    private final Set<RailDirection> unguarded;
    private final boolean checkReasoningTrace;
    private final boolean rejectUncheckedContent;

    private Guardrails(Builder b) {
        this.inputRails = List.copyOf(b.inputRails);
        this.outputRails = List.copyOf(b.outputRails);
        this.unguarded = Set.copyOf(b.unguarded);
        this.listeners = b.listeners;
        this.speculativeGeneration = b.speculativeGeneration;
        this.runAllRails = b.runAllRails;
        this.outputWindowChars = b.outputWindowChars;
        this.outputOverlapChars = b.outputOverlapChars;
        this.checkReasoningTrace = b.checkReasoningTrace;
        this.rejectUncheckedContent = b.rejectUncheckedContent;
    }

    /** {@return a new builder with no rails, fail-closed defaults and no listener} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this instance's rails, policies and listener} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.inputRails.addAll(inputRails);
        b.outputRails.addAll(outputRails);
        b.listeners = listeners;
        b.speculativeGeneration = speculativeGeneration;
        b.runAllRails = runAllRails;
        b.outputWindowChars = outputWindowChars;
        b.outputOverlapChars = outputOverlapChars;
        b.checkReasoningTrace = checkReasoningTrace;
        b.rejectUncheckedContent = rejectUncheckedContent;
        b.unguarded.addAll(unguarded);
        return b;
    }

    /**
     * Runs every input rail on the user's message, concurrently.
     *
     * @param userMessage the user's message, verbatim; may be empty
     * @return a future of the result, never completed exceptionally except by cancellation
     * @throws NullPointerException when userMessage is null
     * @throws ConfigurationException when there are no input rails and the input was not declared unguarded
     *     ({@link Builder#unguarded(RailDirection)}): a check without rails is never "allowed" by accident
     */
    public CompletableFuture<GuardResult> checkInput(String userMessage) {
        return checkInput(RailRequest.ofInput(userMessage));
    }

    /**
     * Runs every input rail on a conversation's last user turn, with the turns before it as context: each rail
     * sends what its model was trained on (topic control the whole conversation, content safety the last user
     * turn or, with {@code historyTurns}, the last turns; see {@code docs/verdicts.md}, "What each rail sees").
     *
     * @param conversation the conversation, ending with the user's turn to check
     * @return a future of the result, never completed exceptionally except by cancellation
     * @throws IllegalArgumentException when the conversation does not end with a user turn
     * @throws NullPointerException when conversation is null
     * @throws InputRejectedException when it carries parts that are not text and
     *     {@link Builder#rejectUncheckedContent(boolean)} is on
     * @throws ConfigurationException as {@link #checkInput(String)}
     */
    public CompletableFuture<GuardResult> checkInput(Conversation conversation) {
        return checkInput(acceptable(RailRequest.ofConversation(conversation, null)));
    }

    /** Refuses a conversation with parts that are not text when the host asked for it. */
    private RailRequest acceptable(RailRequest request) {
        if (rejectUncheckedContent && !request.unchecked().isEmpty()) {
            throw new InputRejectedException(
                    "the conversation carries content that is not text " + request.unchecked()
                            + ", which the guard models do not check; rejectUncheckedContent(true) refuses it (turn"
                            + " it off to check the text and get the note unchecked-content:<kind> on the verdicts)",
                    null);
        }
        return request;
    }

    private CompletableFuture<GuardResult> checkInput(RailRequest request) {
        requireGuarded(RailDirection.INPUT);
        return FirstBlockWins.run(RailDirection.INPUT, inputRails, request, listeners, runAllRails, true);
    }

    /**
     * Runs every output rail on the LLM's answer to a conversation's last user turn, as
     * {@link #checkOutput(String, String)} does for one message.
     *
     * @param conversation the conversation, ending with the user's turn the answer replies to
     * @param answer the LLM's answer, verbatim
     * @return a future of the result, never completed exceptionally except by cancellation
     * @throws IllegalArgumentException when the conversation does not end with a user turn
     * @throws NullPointerException when an argument is null
     * @throws InputRejectedException when it carries parts that are not text and
     *     {@link Builder#rejectUncheckedContent(boolean)} is on
     * @throws ConfigurationException as {@link #checkOutput(String, String)}
     */
    public CompletableFuture<GuardResult> checkOutput(Conversation conversation, String answer) {
        Objects.requireNonNull(answer, "answer must not be null");
        RailRequest request = acceptable(RailRequest.ofConversation(conversation, answer));
        return checkOutput(request, answer, true);
    }

    /**
     * Runs every output rail on the LLM's answer (with the user's message as context), concurrently.
     *
     * <p>When an output window is set ({@link Builder#outputWindow(int, int)}) and the answer is longer than the
     * window, the answer is split into overlapping windows and every window is checked at once, each by every
     * output rail. The first window that blocks decides: its result is returned and the other windows' checks are
     * cancelled. When every window is allowed, the result lists all verdicts, window by window, each window's in
     * rail order.
     *
     * @param userMessage the user's message, verbatim
     * @param answer the LLM's answer, verbatim; may be empty
     * @return a future of the result, never completed exceptionally except by cancellation
     * @throws NullPointerException when an argument is null
     * @throws ConfigurationException when there are no output rails and the output was not declared unguarded
     *     ({@link Builder#unguarded(RailDirection)}): a check without rails is never "allowed" by accident
     */
    public CompletableFuture<GuardResult> checkOutput(String userMessage, String answer) {
        Objects.requireNonNull(userMessage, "userMessage must not be null (use \"\" for none)");
        Objects.requireNonNull(answer, "answer must not be null");
        return checkOutput(RailRequest.ofOutput(userMessage, answer), answer, true);
    }

    /**
     * Checks one chunk of a streamed answer to a conversation: {@link #checkOutput(Conversation, String)} without
     * verdict caches (no rail looks the chunk up in its verdict cache or caches its verdict: each chunk is new text,
     * and caching chunks would only evict useful verdicts). {@code StreamingGuard} checks every chunk this way.
     *
     * @param conversation the conversation, ending with the user's turn the answer replies to
     * @param chunkText the text of the chunk check (the chunk with its context), verbatim
     * @return a future of the result, never completed exceptionally except by cancellation
     * @throws IllegalArgumentException when the conversation does not end with a user turn
     * @throws NullPointerException when an argument is null
     * @throws InputRejectedException as {@link #checkOutput(Conversation, String)}
     * @throws ConfigurationException as {@link #checkOutput(String, String)}
     */
    public CompletableFuture<GuardResult> checkStreamedChunk(Conversation conversation, String chunkText) {
        Objects.requireNonNull(chunkText, "chunkText must not be null");
        RailRequest request = acceptable(RailRequest.ofConversation(conversation, chunkText));
        return checkOutput(request, chunkText, false);
    }

    /**
     * Runs the output rails on the request's conversation with the answer (its think trace removed by default);
     * {@code cacheable} false keeps the rails' verdict caches out of it.
     */
    private CompletableFuture<GuardResult> checkOutput(RailRequest conversation, String fullAnswer, boolean cacheable) {
        requireGuarded(RailDirection.OUTPUT);
        String answer = checkReasoningTrace ? fullAnswer : ThinkTrace.strip(fullAnswer);
        if (outputWindowChars > 0 && answer.length() > outputWindowChars) {
            long start = System.nanoTime();
            List<Supplier<CompletableFuture<GuardResult>>> windows = new ArrayList<>();
            for (String window : TextWindows.split(answer, outputWindowChars, outputOverlapChars)) {
                RailRequest request = conversation.withJudged(RailDirection.OUTPUT, window);
                windows.add(() -> FirstBlockWins.run(
                        RailDirection.OUTPUT, outputRails, request, listeners, runAllRails, cacheable));
            }
            return FirstBlockRace.run(
                    windows, Integer.MAX_VALUE, false, new FirstBlockRace.Rules<GuardResult, GuardResult>() {
                        @Override
                        public boolean blocks(int index, GuardResult window) {
                            return window.blocked();
                        }

                        @Override
                        public GuardResult blocked(GuardResult first, List<GuardResult> collected) {
                            return first;
                        }

                        @Override
                        public GuardResult allowed(List<GuardResult> all) {
                            return GuardResult.allowed(
                                    RailDirection.OUTPUT,
                                    all.stream()
                                            .flatMap(r -> r.verdicts().stream())
                                            .toList(),
                                    Duration.ofNanos(System.nanoTime() - start));
                        }
                    });
        }
        return FirstBlockWins.run(
                RailDirection.OUTPUT,
                outputRails,
                conversation.withJudged(RailDirection.OUTPUT, answer),
                listeners,
                runAllRails,
                cacheable);
    }

    /**
     * Whether the host LLM's own reasoning trace ({@code <think>...</think>}) is checked with its answer.
     *
     * @return false (the default) when output checks see the answer without its complete think blocks
     */
    public boolean checkReasoningTrace() {
        return checkReasoningTrace;
    }

    /** {@return the output window in characters, or 0 when windowed output checks are off (the default)} */
    public int outputWindowChars() {
        return outputWindowChars;
    }

    /** {@return the overlap between output windows in characters; 0 when windowed output checks are off} */
    public int outputOverlapChars() {
        return outputOverlapChars;
    }

    /**
     * Blocking form of {@link #checkInput(String)}. If the calling thread is interrupted, the check is cancelled
     * and the interrupt flag is restored.
     *
     * @param userMessage the user's message
     * @return the result
     * @throws GuardrailsException when the thread was interrupted (reason {@code INTERNAL})
     * @throws ConfigurationException as {@link #checkInput(String)}
     */
    public GuardResult checkInputBlocking(String userMessage) {
        return await(checkInput(userMessage));
    }

    /**
     * Blocking form of {@link #checkOutput(String, String)}.
     *
     * @param userMessage the user's message
     * @param answer the LLM's answer
     * @return the result
     * @throws GuardrailsException when the thread was interrupted (reason {@code INTERNAL})
     * @throws ConfigurationException as {@link #checkOutput(String, String)}
     */
    public GuardResult checkOutputBlocking(String userMessage, String answer) {
        return await(checkOutput(userMessage, answer));
    }

    /**
     * Runs a whole turn: input rails, the host's LLM call, output rails. The LLM's answer reaches the caller only
     * through {@link TurnResult#allowedAnswer()} when both checks allowed it.
     *
     * <p>With {@link Builder#speculativeGeneration(boolean)} on, the LLM call starts at the same time as the input
     * rails, so the input checks hide behind the LLM's time to first token; if the input is blocked the LLM future
     * is cancelled and its answer discarded. Off (the default), the LLM is called only after the input is allowed.
     *
     * @param userMessage the user's message, verbatim
     * @param llmCall starts the host's LLM call
     * @return a future of the turn; it completes exceptionally only with the LLM call's own failure (or when
     *     cancelled); cancelling it cancels the rails and the LLM call in flight
     * @throws NullPointerException when an argument is null
     * @throws ConfigurationException when a direction has no rails and was not declared unguarded
     *     ({@link Builder#unguarded(RailDirection)}); the LLM is not called, so no unchecked answer is handed out
     */
    public CompletableFuture<TurnResult> guard(String userMessage, LlmCall llmCall) {
        Objects.requireNonNull(userMessage, "userMessage");
        return guard(Conversation.empty().plus(Conversation.Role.USER, userMessage), llmCall);
    }

    /**
     * Runs a whole turn of a conversation: input rails on its last user turn (with the turns before it as
     * context), the host's LLM call (given that user turn's text; the host's call holds the conversation it
     * sends), output rails on the answer with the same context.
     *
     * @param conversation the conversation, ending with the user's turn
     * @param llmCall starts the host's LLM call
     * @return a future of the turn, as {@link #guard(String, LlmCall)}
     * @throws IllegalArgumentException when the conversation does not end with a user turn
     * @throws InputRejectedException as {@link #checkInput(Conversation)}
     * @throws NullPointerException when an argument is null
     * @throws ConfigurationException as {@link #guard(String, LlmCall)}
     */
    public CompletableFuture<TurnResult> guard(Conversation conversation, LlmCall llmCall) {
        acceptable(RailRequest.ofConversation(conversation, null)); // refuses before anything starts
        Objects.requireNonNull(llmCall, "llmCall");
        requireGuarded(RailDirection.INPUT);
        requireGuarded(RailDirection.OUTPUT);
        return new GuardedTurn(this, conversation, llmCall, speculativeGeneration).start();
    }

    /**
     * Sends one request per distinct prompt prefix and endpoint ({@link Rail#prefixCacheKey()}), so that the guard
     * servers hold every rail's fixed prefix in their KV cache before the first real user arrives. Rails without a
     * key are skipped. The calls run concurrently.
     *
     * @return a future of what each warm-up call saw (latency, prompt and cached tokens where reported, or the
     *     error); it never completes exceptionally
     */
    public CompletableFuture<WarmUpReport> warmUp() {
        Map<String, Rail> byKey = new LinkedHashMap<>();
        for (RailBinding b : allBindings()) {
            b.rail().prefixCacheKey().ifPresent(key -> byKey.putIfAbsent(key, b.rail()));
        }
        List<CompletableFuture<WarmUpReport.Entry>> calls = new ArrayList<>();
        for (Map.Entry<String, Rail> e : byKey.entrySet()) {
            Rail rail = e.getValue();
            long start = System.nanoTime();
            CompletableFuture<Verdict> call;
            try {
                call = rail.warmUp();
            } catch (RuntimeException ex) {
                call = CompletableFuture.failedFuture(ex);
            }
            calls.add(call.handle((v, t) -> new WarmUpReport.Entry(
                    rail.name(),
                    e.getKey(),
                    t == null && v != null
                            ? v
                            : Verdict.failed(rail.name(), t, Duration.ofNanos(System.nanoTime() - start)))));
        }
        return CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]))
                .thenApply(ignored -> new WarmUpReport(
                        calls.stream().map(CompletableFuture::join).toList()));
    }

    /** {@return true when a block does not cancel the other rails ({@link Builder#runAllRails(boolean)})} */
    public boolean runAllRails() {
        return runAllRails;
    }

    /** {@return true when {@link #guard(String, LlmCall)} starts the LLM call together with the input rails} */
    public boolean speculativeGeneration() {
        return speculativeGeneration;
    }

    /** {@return the input rails, in configuration order; unmodifiable} */
    public List<Rail> inputRails() {
        return inputRails.stream().map(RailBinding::rail).toList();
    }

    /** {@return the output rails, in configuration order; unmodifiable} */
    public List<Rail> outputRails() {
        return outputRails.stream().map(RailBinding::rail).toList();
    }

    /**
     * {@return the directions the host declared unguarded ({@link Builder#unguarded(RailDirection)}); their checks
     * are allowed with zero verdicts} Unmodifiable.
     */
    public Set<RailDirection> unguardedDirections() {
        return unguarded;
    }

    /**
     * Fails when a direction is checked that has no rails and was not declared unguarded.
     *
     * @param direction the direction about to be checked
     * @throws ConfigurationException naming the direction and the two fixes
     */
    public void requireGuarded(RailDirection direction) {
        if (unguarded.contains(direction)) {
            return;
        }
        List<RailBinding> rails = direction == RailDirection.INPUT ? inputRails : outputRails;
        if (rails.isEmpty()) {
            String d = direction.name().toLowerCase(Locale.ROOT);
            throw new ConfigurationException("this Guardrails has no " + d + " rails, so a " + d
                    + " check cannot be guarded (it is never allowed by accident); add a " + d
                    + " rail with rail(...), or declare the " + d + " unguarded explicitly with "
                    + "Guardrails.Builder.unguarded(RailDirection." + direction.name() + ")");
        }
    }

    /**
     * Returns its failure policy.
     *
     * @param railName a configured rail's name
     * @return its failure policy
     * @throws IllegalArgumentException when no rail has that name
     */
    public FailurePolicy failurePolicy(String railName) {
        return allBindings().stream()
                .filter(b -> b.rail().name().equals(railName))
                .findFirst()
                .map(RailBinding::policy)
                .orElseThrow(() -> new IllegalArgumentException("no rail named " + railName));
    }

    private List<RailBinding> allBindings() {
        List<RailBinding> all = new ArrayList<>(inputRails);
        all.addAll(outputRails);
        return all;
    }

    private static GuardResult await(CompletableFuture<GuardResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new GuardrailsException(
                    ErrorReason.INTERNAL, "interrupted while waiting for the guard check; the check was cancelled", e);
        } catch (ExecutionException e) {
            // FirstBlockWins never completes exceptionally; keep the cause if that ever changes.
            throw new CompletionException(e.getCause());
        } catch (CancellationException e) {
            throw e;
        }
    }

    @Override
    public String toString() {
        return "Guardrails{input=" + names(inputRails) + ", output=" + names(outputRails)
                + (unguarded.isEmpty() ? "" : ", unguarded=" + unguarded) + '}';
    }

    private static List<String> names(List<RailBinding> bindings) {
        return bindings.stream()
                .map(b -> b.rail().name() + (b.policy() == FailurePolicy.FAIL_OPEN ? "(fail-open)" : ""))
                .toList();
    }

    /**
     * Builds {@link Guardrails}. Mutable and not thread safe; {@link #build()} copies its state.
     */
    public static final class Builder {
        private final List<RailBinding> inputRails = new ArrayList<>();
        private final List<RailBinding> outputRails = new ArrayList<>();
        private GuardrailsListener.Factory listeners;
        private boolean speculativeGeneration = DEFAULT_SPECULATIVE_GENERATION;
        private boolean runAllRails = DEFAULT_RUN_ALL_RAILS;
        private int outputWindowChars = DEFAULT_OUTPUT_WINDOW_CHARS;
        private int outputOverlapChars = DEFAULT_OUTPUT_OVERLAP_CHARS;
        private final Set<RailDirection> unguarded = EnumSet.noneOf(RailDirection.class);
        private boolean checkReasoningTrace = DEFAULT_CHECK_REASONING_TRACE;
        private boolean rejectUncheckedContent = DEFAULT_REJECT_UNCHECKED_CONTENT;

        /**
         * What a conversation check does with parts that are not text ({@link Conversation.Turn#unchecked()}:
         * images, tool calls, tool results), which the guard models do not check. Off (the default): the text is
         * checked and every verdict carries the note {@code unchecked-content:<kind>}. On: the check is refused
         * with an {@link InputRejectedException} before any rail runs.
         *
         * @param reject true to refuse such conversations
         * @return this
         */
        public Builder rejectUncheckedContent(boolean reject) {
            this.rejectUncheckedContent = reject;
            return this;
        }

        /**
         * Whether output checks also see the host LLM's own reasoning trace. Off (the default, as NeMo
         * Guardrails): every complete {@code <think>...</think>} block is removed from the answer before the output
         * rails see it ({@link ThinkTrace}; an unterminated trace is checked); the answer the user gets is not
         * changed. On: the answer is checked verbatim, trace included.
         *
         * @param check true to check the trace too
         * @return this
         */
        public Builder checkReasoningTrace(boolean check) {
            this.checkReasoningTrace = check;
            return this;
        }

        /**
         * Declares a direction unguarded on purpose: its checks are then allowed with zero verdicts (for example an
         * input-only setup whose answers are not checked, or the output side of a {@code guard()} turn). Without
         * this, checking a direction that has no rails throws a {@link ConfigurationException}. Default: none; a
         * direction that has rails cannot be declared unguarded ({@link #build()} fails).
         *
         * @param direction the direction without rails
         * @return this
         * @throws NullPointerException when direction is null
         */
        public Builder unguarded(RailDirection direction) {
            unguarded.add(Objects.requireNonNull(direction, "direction"));
            return this;
        }

        private Builder() {}

        /**
         * Lets every rail run to its verdict even after one blocks, for evaluation runs and metrics that want every
         * rail's verdict. The result still reports the first blocking verdict, but completes only when the slowest
         * rail has answered. Default {@value Guardrails#DEFAULT_RUN_ALL_RAILS}: the first block completes the result
         * and cancels the rest (lowest latency, fewest calls).
         *
         * @param runAll true to wait for every rail
         * @return this
         */
        public Builder runAllRails(boolean runAll) {
            this.runAllRails = runAll;
            return this;
        }

        /**
         * Starts the LLM call of {@link Guardrails#guard(String, LlmCall)} together with the input rails (and
         * discards it if the input is blocked). Default {@value Guardrails#DEFAULT_SPECULATIVE_GENERATION}: the
         * LLM costs tokens even for blocked inputs when this is on.
         *
         * @param speculative true to race the LLM call against the input rails
         * @return this
         */
        public Builder speculativeGeneration(boolean speculative) {
            this.speculativeGeneration = speculative;
            return this;
        }

        /**
         * Checks long answers as overlapping windows: {@link Guardrails#checkOutput} splits an answer longer than
         * {@code windowChars} into windows of at most {@code windowChars} characters, each starting
         * {@code overlapChars} before the end of the previous one, and checks them concurrently. Example: 10,000
         * characters with window 2,000 and overlap 200 make 6 checks per output rail.
         *
         * <p>Trade-off: more guard calls, each short and sharing the cached prompt prefix, so a long answer is
         * judged sooner; but a window sees no context beyond the overlap. Default: off
         * ({@link #DEFAULT_OUTPUT_WINDOW_CHARS} = 0, {@link #DEFAULT_OUTPUT_OVERLAP_CHARS} = 0).
         *
         * @param windowChars window size in UTF-16 characters, {@code >= 1}; or 0 to turn windowing off
         * @param overlapChars overlap in characters, {@code 0 <= overlapChars < windowChars}; 0 when off
         * @return this
         * @throws ConfigurationException when a value is out of range
         */
        public Builder outputWindow(int windowChars, int overlapChars) {
            if (windowChars < 0) {
                throw new ConfigurationException("outputWindow windowChars must be >= 1 (or 0 for off), got "
                        + windowChars + "; use for example outputWindow(2000, 200)");
            }
            if (windowChars == 0 ? overlapChars != 0 : overlapChars < 0 || overlapChars >= windowChars) {
                throw new ConfigurationException("outputWindow overlapChars must be in [0, windowChars) = [0, "
                        + windowChars + "), got " + overlapChars
                        + "; use an overlap about a tenth of the window, for example outputWindow(2000, 200)");
            }
            this.outputWindowChars = windowChars;
            this.outputOverlapChars = overlapChars;
            return this;
        }

        /**
         * Adds a rail with the default policy, {@link FailurePolicy#FAIL_CLOSED}. Its {@link Rail#direction()}
         * decides whether it runs on input or output checks.
         *
         * @param rail the rail
         * @return this
         */
        public Builder rail(Rail rail) {
            return rail(rail, FailurePolicy.DEFAULT);
        }

        /**
         * Adds a rail with a failure policy.
         *
         * @param rail the rail
         * @param policy what an error verdict of this rail means
         * @return this
         */
        public Builder rail(Rail rail, FailurePolicy policy) {
            RailBinding binding = new RailBinding(rail, policy);
            (rail.direction() == RailDirection.INPUT ? inputRails : outputRails).add(binding);
            return this;
        }

        /**
         * Sets one listener for every check (see {@link GuardrailsListener} for the events and the rules). Replaces
         * a {@link #listenerFactory(GuardrailsListener.Factory) factory}. Default: none.
         *
         * @param listener the listener; {@link GuardrailsListener#NONE} for none
         * @return this
         * @throws NullPointerException when listener is null
         */
        public Builder listener(GuardrailsListener listener) {
            Objects.requireNonNull(listener, "listener");
            this.listeners = listener == GuardrailsListener.NONE ? null : started -> listener;
            return this;
        }

        /**
         * Sets a factory that makes one listener per check, for listeners that keep per-check state (a span, a
         * timer). Replaces a {@link #listener(GuardrailsListener) listener}. Default: none.
         *
         * @param factory the factory; its listeners follow {@link GuardrailsListener}'s rules
         * @return this
         * @throws NullPointerException when factory is null
         */
        public Builder listenerFactory(GuardrailsListener.Factory factory) {
            this.listeners = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Returns the configured instance.
         *
         * @return the configured instance
         * @throws ConfigurationException when there are no rails at all, when two rails share a name, or when a
         *     direction declared {@link #unguarded(RailDirection)} has rails
         */
        public Guardrails build() {
            if (inputRails.isEmpty() && outputRails.isEmpty()) {
                throw new ConfigurationException("Guardrails has no rails, so it would allow everything; add at least "
                        + "one rail with rail(...) (for example ContentSafetyRail.input(nim).build())");
            }
            for (RailDirection d : unguarded) {
                if (!(d == RailDirection.INPUT ? inputRails : outputRails).isEmpty()) {
                    throw new ConfigurationException("the " + d.name().toLowerCase(Locale.ROOT)
                            + " direction is declared unguarded but has rails; remove unguarded(RailDirection."
                            + d.name() + ") or its rails");
                }
            }
            Set<String> names = new HashSet<>();
            for (RailBinding b : inputRails) {
                if (!names.add(b.rail().name())) {
                    throw new ConfigurationException("two input rails are named "
                            + b.rail().name() + "; rail names must be unique per direction");
                }
            }
            names.clear();
            for (RailBinding b : outputRails) {
                if (!names.add(b.rail().name())) {
                    throw new ConfigurationException("two output rails are named "
                            + b.rail().name() + "; rail names must be unique per direction");
                }
            }
            return new Guardrails(this);
        }
    }
}
