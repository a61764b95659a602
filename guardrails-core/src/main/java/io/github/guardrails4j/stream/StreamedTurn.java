package io.github.guardrails4j.stream;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.TurnResult;
import io.github.guardrails4j.async.LinkedFuture;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * One guarded turn whose LLM call streams while the host waits for the whole answer: the input rails run (with
 * speculative generation together with the LLM), the answer's chunks are checked as they arrive, so when the LLM
 * ends only the last chunk's check remains. Cancelling the result cancels the input check, the LLM subscription and
 * the chunk checks.
 */
final class StreamedTurn implements Flow.Subscriber<String> {
    private final Guardrails guardrails;
    private final StreamingGuard streaming;
    private final Conversation conversation;
    private final String userMessage;
    private final StreamingLlmCall llm;
    private final boolean speculative;
    private final long start = System.nanoTime();
    private final LinkedFuture<TurnResult> result = new LinkedFuture<>();
    private final StringBuilder answer = new StringBuilder();
    private final CompletableFuture<GuardResult> output = new CompletableFuture<>();
    private volatile CompletableFuture<GuardResult> inputCheck;
    private volatile GuardedStream stream;
    private volatile Flow.Subscription subscription;

    StreamedTurn(StreamingGuard streaming, Conversation conversation, StreamingLlmCall llm) {
        this.streaming = streaming;
        this.guardrails = streaming.guardrails();
        this.conversation = conversation;
        this.userMessage =
                conversation.turns().get(conversation.turns().size() - 1).text();
        this.llm = llm;
        this.speculative = guardrails.speculativeGeneration();
    }

    CompletableFuture<TurnResult> start() {
        result.onCancel(this::cancelInFlight);
        if (speculative) {
            // the LLM first: it is the long pole, and starting the input rails (render, encode, enqueue) before it
            // would delay its request, and so its last token, by that much
            startLlm();
        }
        CompletableFuture<GuardResult> in0;
        try {
            in0 = guardrails.checkInput(conversation);
        } catch (RuntimeException e) {
            cancelInFlight(); // the input cannot be checked (InputRejectedException...): stop the speculative LLM
            throw e;
        }
        inputCheck = in0;
        if (result.isCancelled()) {
            in0.cancel(true); // cancelled while the LLM call was starting, before the input check existed
        }
        in0.whenComplete((in, t) -> {
            if (t != null) {
                fail(t);
            } else if (in.blocked()) {
                cancelInFlight(); // discard the speculative answer
                result.complete(TurnResult.of(in, null, null, speculative, elapsed()));
            } else {
                if (!speculative) {
                    startLlm();
                }
                output.whenComplete((out, failure) -> {
                    if (failure != null) {
                        fail(failure);
                    } else {
                        String text;
                        synchronized (answer) {
                            text = answer.toString();
                        }
                        result.complete(TurnResult.of(in, text, out, speculative, elapsed()));
                    }
                });
            }
        });
        return result;
    }

    private void startLlm() {
        stream = streaming.open(conversation, new Listener());
        try {
            Flow.Publisher<String> deltas = llm.stream(userMessage);
            if (deltas == null) {
                throw new IllegalStateException("StreamingLlmCall.stream returned null instead of a publisher");
            }
            deltas.subscribe(this);
        } catch (RuntimeException e) {
            output.completeExceptionally(e);
            stream.cancel();
        }
    }

    // ---- the LLM's deltas -------------------------------------------------------------------------------------

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
            return;
        }
        s.request(Long.MAX_VALUE); // the host waits for the whole answer: no backpressure to apply
    }

    @Override
    public void onNext(String delta) {
        if (!stream.onDelta(delta) && subscription != null) {
            subscription.cancel(); // blocked or failed: the LLM should stop generating
        }
    }

    @Override
    public void onError(Throwable error) {
        stream.error(error);
    }

    @Override
    public void onComplete() {
        stream.complete();
    }

    /** Receives the guarded stream's signals; never called concurrently. */
    private final class Listener implements StreamListener {
        private final List<Verdict> verdicts = new ArrayList<>();
        private Duration lastCheck = Duration.ZERO;

        @Override
        public void onText(String released) {
            synchronized (answer) {
                answer.append(released);
            }
        }

        @Override
        public void onChunkChecked(int chunkIndex, int characters, GuardResult check) {
            verdicts.addAll(check.verdicts());
            lastCheck = check.latency();
        }

        @Override
        public void onComplete() {
            // every chunk passed: the output result lists every chunk check's verdicts, with the last check's latency
            output.complete(GuardResult.allowed(RailDirection.OUTPUT, verdicts, lastCheck));
        }

        @Override
        public void onBlocked(StreamBlocked blocked) {
            output.complete(blocked.result());
        }

        @Override
        public void onError(Throwable error) {
            output.completeExceptionally(error);
        }
    }

    private void fail(Throwable t) {
        result.completeExceptionally(LinkedFuture.unwrap(t));
        cancelInFlight();
    }

    private void cancelInFlight() {
        CompletableFuture<GuardResult> in = inputCheck;
        if (in != null) {
            in.cancel(true);
        }
        GuardedStream s = stream;
        if (s != null) {
            s.cancel();
        }
        Flow.Subscription sub = subscription;
        if (sub != null) {
            sub.cancel();
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
