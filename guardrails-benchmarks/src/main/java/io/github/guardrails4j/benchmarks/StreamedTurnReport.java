package io.github.guardrails4j.benchmarks;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.TurnResult;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.JailbreakDetectionRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.stream.StreamingGuard;
import io.github.guardrails4j.stream.StreamingLlmCall;
import io.github.guardrails4j.testkit.ApplicationModel;
import io.github.guardrails4j.testkit.ApplicationReply;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A whole guarded turn whose LLM streams ({@link StreamingGuard#guardTurn(String, StreamingLlmCall)}: three input
 * rails with speculative generation, cumulative chunk checks by the content safety output rail, the host receiving
 * the whole answer) versus the unguarded streaming LLM call alone, against one {@link NimSimulator} with
 * {@link LatencyModel#realistic()} playing the guards and the application LLM (50 tokens/s, 1, 5 and 20 s of
 * generation). Guarded and unguarded runs alternate, in one run.
 *
 * <p>Reports per duration: the wall time p50/p90 of both and their ratio, and the time from the LLM's last token to
 * the turn's result next to the latency of the last chunk check.
 *
 * <p>Run: {@code java -cp guardrails-benchmarks/target/benchmarks.jar
 * io.github.guardrails4j.benchmarks.StreamedTurnReport [runs]} (default 7 per duration and side).
 */
public final class StreamedTurnReport {
    private static final String USER = "How do I bake bread at home?";
    private static final double RATE = 50;

    private StreamedTurnReport() {}

    /**
     * Runs the report.
     *
     * @param args optional: runs per duration and side
     */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        try (NimSimulator sim =
                        NimSimulator.builder().latency(LatencyModel.realistic()).start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build();
                // the application LLM's client: a 20 s stream needs more than a guard call's timeouts
                NimClient app = NimClient.builder()
                        .baseUrl(sim.baseUrl())
                        .attemptTimeout(Duration.ofSeconds(60))
                        .resilience(ResilienceConfig.builder()
                                .checkTimeout(Duration.ofSeconds(90))
                                .build())
                        .build()) {
            Guardrails guardrails = Guardrails.builder()
                    .rail(ContentSafetyRail.input(client).build())
                    .rail(TopicControlRail.builder(client)
                            .guidelines("Only talk about cooking and baking.")
                            .build())
                    .rail(JailbreakDetectionRail.builder(client).build())
                    .rail(ContentSafetyRail.output(client).build())
                    .speculativeGeneration(true)
                    .build();
            guardrails.warmUp().join();
            StreamingGuard guard = StreamingGuard.create(
                    guardrails, StreamingConfig.builder().cumulative(true).build());
            for (int seconds : new int[] {1, 5, 20}) {
                int tokens = (int) (seconds * RATE);
                sim.applicationModel(ApplicationModel.fixed(
                        ApplicationReply.harmlessTokens(tokens).atRate(RATE)));
                int n = seconds == 20 ? Math.max(3, runs / 2) : runs;
                long[] bare = new long[n];
                long[] guarded = new long[n];
                long[] afterLast = new long[n];
                long[] lastCheck = new long[n];
                for (int i = 0; i < n; i++) {
                    AtomicLong lastToken = new AtomicLong();
                    long t0 = System.nanoTime();
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    llm(app, lastToken).stream(USER).subscribe(new Drain(done));
                    done.join();
                    bare[i] = System.nanoTime() - t0;

                    t0 = System.nanoTime();
                    TurnResult turn = guard.guardTurn(USER, llm(app, lastToken)).join();
                    long end = System.nanoTime();
                    if (turn.allowedAnswer().isEmpty()) {
                        throw new IllegalStateException("a benign turn was blocked: " + turn);
                    }
                    guarded[i] = end - t0;
                    afterLast[i] = end - lastToken.get();
                    lastCheck[i] = turn.output().orElseThrow().latency().toNanos();
                }
                System.out.println(String.format(
                        Locale.ROOT,
                        "LLM %2d s (%d tokens, n=%d): unguarded p50=%.1f p90=%.1f ms; guarded turn p50=%.1f p90=%.1f ms;"
                                + " ratio p50=%.4f p90=%.4f; last token -> result p50=%.1f p90=%.1f ms;"
                                + " last chunk check p50=%.1f p90=%.1f ms",
                        seconds,
                        tokens,
                        n,
                        ms(pct(bare, 50)),
                        ms(pct(bare, 90)),
                        ms(pct(guarded, 50)),
                        ms(pct(guarded, 90)),
                        (double) pct(guarded, 50) / pct(bare, 50),
                        (double) pct(guarded, 90) / pct(bare, 90),
                        ms(pct(afterLast, 50)),
                        ms(pct(afterLast, 90)),
                        ms(pct(lastCheck, 50)),
                        ms(pct(lastCheck, 90))));
            }
        }
    }

    /** The application LLM over SSE; records when its last token arrived; cancelling cancels the HTTP call. */
    private static StreamingLlmCall llm(NimClient client, AtomicLong lastToken) {
        return userMessage -> subscriber -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            CompletableFuture<?>[] call = new CompletableFuture<?>[1];
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {
                    cancelled.set(true);
                    CompletableFuture<?> f = call[0];
                    if (f != null) {
                        f.cancel(true);
                    }
                }
            });
            CompletableFuture<?> http = client.chatCompletionStream(
                    ChatRequest.of(
                            NimSimulator.DEFAULT_APPLICATION_MODEL_ID,
                            List.of(ChatMessage.user(userMessage)),
                            null,
                            null),
                    delta -> {
                        lastToken.set(System.nanoTime());
                        if (!cancelled.get()) {
                            subscriber.onNext(delta);
                        }
                    });
            call[0] = http;
            http.whenComplete((answer, failure) -> {
                if (cancelled.get()) {
                    return;
                }
                if (failure != null) {
                    subscriber.onError(failure);
                } else {
                    subscriber.onComplete();
                }
            });
        };
    }

    private static long pct(long[] values, double p) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[Math.max(0, (int) Math.ceil(p / 100 * s.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Reads the unguarded stream to its end. */
    private static final class Drain implements Flow.Subscriber<String> {
        private final CompletableFuture<Void> done;

        Drain(CompletableFuture<Void> done) {
            this.done = done;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String item) {}

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }
}
