package io.github.guardrails4j.cli;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.stream.StreamingGuard;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The checks of one input in a {@code check --stream} run: the input rails on the prompt, then (when the input has
 * an answer) the answer replayed as a token stream through the streaming output rails.
 *
 * @param check the input check and, when the stream was blocked, the blocked chunk's result as the output result
 *     (a stream that passed has no single output result: null)
 * @param stream the replayed stream, or null when the input has no answer
 */
record StreamOutcome(CheckOutcome check, TokenReplay.Result stream) {

    /**
     * Checks one input: the input rails, then the replayed stream. The stream starts once the input check is done
     * (whatever its verdict, as {@code check} runs the output check whatever the input verdict). The latency covers
     * both.
     *
     * @param guardrails the rails (input rails for the prompt)
     * @param streaming the streaming output rails
     * @param scheduler paces the replayed tokens
     * @param tokensPerSecond the pace
     * @param index the input's 0-based position
     * @param input the input
     * @return a future of the outcome, completed on the thread that delivered the stream's terminal signal
     */
    static CompletableFuture<StreamOutcome> check(
            Guardrails guardrails,
            StreamingGuard streaming,
            ScheduledExecutorService scheduler,
            double tokensPerSecond,
            int index,
            CheckInput input) {
        long t0 = System.nanoTime();
        return guardrails.checkInput(input.prompt()).thenCompose(in -> {
            if (!input.hasResponse()) {
                return CompletableFuture.completedFuture(
                        new StreamOutcome(new CheckOutcome(index, input, in, null, System.nanoTime() - t0), null));
            }
            return TokenReplay.start(streaming, scheduler, input.prompt(), input.response(), tokensPerSecond)
                    .thenApply(s -> new StreamOutcome(
                            new CheckOutcome(
                                    index,
                                    input,
                                    in,
                                    s.blocked() != null ? s.blocked().result() : null,
                                    System.nanoTime() - t0),
                            s));
        });
    }

    /** {@return true when the input check allowed and the stream (if any) completed: never true for a failed one} */
    boolean allowed() {
        return check.allowed() && (stream == null || stream.error() == null);
    }

    /** {@return true when blocked only by rail errors (the guard failed closed)} */
    boolean blockedOnlyByErrors() {
        return check.blockedOnlyByErrors();
    }
}
