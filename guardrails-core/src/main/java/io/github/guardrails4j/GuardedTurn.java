package io.github.guardrails4j;

import io.github.guardrails4j.async.LinkedFuture;
import io.github.guardrails4j.rail.Conversation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One guarded turn: input rails, the host's LLM call, output rails. With speculative generation the LLM call starts
 * together with the input rails and is cancelled (its answer discarded) when the input is blocked, so the input
 * checks hide behind the LLM's time to first token.
 *
 * <p>Cancelling the returned future cancels whatever is in flight: input rails, LLM call and output rails.
 */
final class GuardedTurn {
    private final Guardrails guardrails;
    private final Conversation conversation;
    private final String userMessage;
    private final LlmCall llm;
    private final boolean speculative;
    private final long start = System.nanoTime();
    private volatile CompletableFuture<GuardResult> inputCheck;
    private volatile CompletableFuture<String> llmCall;
    private volatile CompletableFuture<GuardResult> outputCheck;
    private final LinkedFuture<TurnResult> result = new LinkedFuture<>();

    GuardedTurn(Guardrails guardrails, Conversation conversation, LlmCall llm, boolean speculative) {
        this.guardrails = guardrails;
        this.conversation = conversation;
        this.userMessage =
                conversation.turns().get(conversation.turns().size() - 1).text();
        this.llm = llm;
        this.speculative = speculative;
    }

    CompletableFuture<TurnResult> start() {
        result.onCancel(this::cancelInFlight);
        inputCheck = guardrails.checkInput(conversation);
        if (speculative) {
            llmCall = startLlm();
        }
        inputCheck.whenComplete((in, t) -> {
            if (t != null) {
                fail(t);
            } else if (in.blocked()) {
                CompletableFuture<String> running = llmCall;
                if (running != null) {
                    running.cancel(true); // discard the speculative answer
                }
                result.complete(new TurnResult(in, null, null, speculative, elapsed()));
            } else {
                if (llmCall == null) {
                    llmCall = startLlm();
                }
                llmCall.whenComplete((answer, llmFailure) -> onAnswer(in, answer, llmFailure));
            }
        });
        return result;
    }

    private CompletableFuture<String> startLlm() {
        try {
            CompletableFuture<String> f = llm.generate(userMessage);
            return f != null
                    ? f
                    : CompletableFuture.failedFuture(
                            new IllegalStateException("LlmCall.generate returned null instead of a future"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void onAnswer(GuardResult in, String answer, Throwable llmFailure) {
        if (llmFailure != null || answer == null) {
            // The host's LLM failed: that is the host's error to handle, not a guard verdict.
            fail(llmFailure != null ? llmFailure : new IllegalStateException("the LLM call completed with null"));
            return;
        }
        if (result.isDone()) {
            return;
        }
        outputCheck = guardrails.checkOutput(conversation, answer);
        outputCheck.whenComplete((out, t) -> {
            if (t != null) {
                fail(t);
            } else {
                result.complete(new TurnResult(in, answer, out, speculative, elapsed()));
            }
        });
    }

    private void fail(Throwable t) {
        result.completeExceptionally(LinkedFuture.unwrap(t));
        cancelInFlight();
    }

    private void cancelInFlight() {
        for (CompletableFuture<?> f : new CompletableFuture<?>[] {inputCheck, llmCall, outputCheck}) {
            if (f != null) {
                f.cancel(true);
            }
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
