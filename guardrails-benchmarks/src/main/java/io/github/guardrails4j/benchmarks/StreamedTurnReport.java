package io.github.guardrails4j.benchmarks;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.TurnResult;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.JailbreakDetectionRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.stream.StreamingGuard;
import io.github.guardrails4j.stream.StreamingLlmCall;
import io.github.guardrails4j.testkit.ApplicationModel;
import io.github.guardrails4j.testkit.ApplicationReply;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A whole guarded turn whose LLM streams ({@link StreamingGuard#guardTurn(String, StreamingLlmCall)}: three input
 * rails with speculative generation, cumulative chunk checks by the content safety output rail, the host receiving
 * the whole answer) versus the unguarded streaming LLM call alone, against one {@link NimSimulator} with
 * {@link LatencyModel#realistic()} playing the guards and the application LLM (50 tokens/s, 1, 5 and 20 s of
 * generation). Guarded and unguarded runs alternate, in one run. The application LLM is read with the JDK's own
 * HTTP client ({@link AppLlmStream}), which stamps the last content delta, the {@code finish_reason} chunk and
 * {@code [DONE]}.
 *
 * <p>Reports per duration, as p50 / p90 over the runs: the wall time of both sides, the ratio of their percentiles
 * and the percentiles of the per-run ratio (each guarded run over the unguarded run just before it); the time from
 * the last content delta to the turn's result; from the LLM stream's end ({@code [DONE]}, which completes the LLM
 * publisher) to the result; the last chunk check's own latency ({@code TurnResult.output().latency()}); and per run
 * the difference (stream end to result) minus (last check latency), the time our code adds around the last check.
 * Then the p50 and p90 of each phase between the stream's end and the result: to the last check's start, to its HTTP
 * attempt's start, the attempt, to the check's end, to the result, and to the host's {@code join()} waking up.
 *
 * <p>Run: {@code java -cp guardrails-benchmarks/target/benchmarks.jar
 * io.github.guardrails4j.benchmarks.StreamedTurnReport [runs [stop|length [seconds...]]]} (default 7 runs per
 * duration and side, a {@code stop} (end-of-sequence) finish, 1 5 20 s). With {@code length} the LLM call sends
 * {@code max_tokens} (the model would say 20 tokens more): the last content delta carries {@code finish_reason}, as vLLM
 * streams a length stop, so there is no end-of-sequence step between the last token and the stream's end.
 */
public final class StreamedTurnReport {
    private static final String USER = "How do I bake bread at home?";
    private static final double RATE = 50;

    private StreamedTurnReport() {}

    /**
     * Runs the report.
     *
     * @param args optional: runs per duration and side, {@code stop} or {@code length}, durations in seconds
     */
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        boolean lengthStop = args.length > 1 && args[1].equals("length");
        int[] durations = args.length > 2
                ? Arrays.stream(args, 2, args.length)
                        .mapToInt(Integer::parseInt)
                        .toArray()
                : new int[] {1, 5, 20};
        OutputCheckTimes times = new OutputCheckTimes();
        try (NimSimulator sim =
                        NimSimulator.builder().latency(LatencyModel.realistic()).start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            Guardrails guardrails = Guardrails.builder()
                    .rail(ContentSafetyRail.input(client).build())
                    .rail(TopicControlRail.builder(client)
                            .guidelines("Only talk about cooking and baking.")
                            .build())
                    .rail(JailbreakDetectionRail.builder(client).build())
                    .rail(ContentSafetyRail.output(client).build())
                    .speculativeGeneration(true)
                    .listenerFactory(times)
                    .build();
            guardrails.warmUp().join();
            StreamingGuard guard = StreamingGuard.create(
                    guardrails, StreamingConfig.builder().cumulative(true).build());
            for (int seconds : durations) {
                int tokens = (int) (seconds * RATE);
                // a length stop: the model would say more, max_tokens cuts it at the same length
                sim.applicationModel(
                        ApplicationModel.fixed(ApplicationReply.harmlessTokens(lengthStop ? tokens + 20 : tokens)
                                .atRate(RATE)));
                AppLlmStream app = new AppLlmStream(sim.baseUrl(), lengthStop ? tokens : null);
                int n = seconds >= 20 ? Math.max(3, runs / 2) : runs;
                Samples s = new Samples(n);
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    app.call().stream(USER).subscribe(new Drain(done));
                    done.join();
                    s.bare[i] = System.nanoTime() - t0;
                    s.bareLlm[i] = app.done - t0;

                    times.take();
                    long[] resultAt = new long[1];
                    t0 = System.nanoTime();
                    CompletableFuture<TurnResult> future = guard.guardTurn(USER, app.call());
                    future.whenComplete((r, t) -> resultAt[0] = System.nanoTime());
                    TurnResult turn = future.join();
                    long woke = System.nanoTime();
                    if (turn.allowedAnswer().isEmpty()) {
                        throw new IllegalStateException("a benign turn was blocked: " + turn);
                    }
                    String expected = lengthStop ? "length" : "stop";
                    if (!expected.equals(app.finishReason)) {
                        throw new IllegalStateException("expected a " + expected + " finish, got " + app.finishReason);
                    }
                    OutputCheckTimes.Check last = times.take();
                    long result = resultAt[0];
                    s.guarded[i] = woke - t0;
                    s.guardedLlm[i] = app.done - t0;
                    s.afterLastDelta[i] = result - app.lastContent;
                    s.afterEnd[i] = result - app.done;
                    s.lastCheck[i] = turn.output().orElseThrow().latency().toNanos();
                    s.added[i] = s.afterEnd[i] - s.lastCheck[i];
                    s.finishToDone[i] = app.done - app.finish;
                    s.toCheck[i] = last.start - app.done;
                    s.toAttempt[i] = last.attemptStart - last.start;
                    s.attempt[i] = last.attemptEnd - last.attemptStart;
                    s.toCheckEnd[i] = last.end - last.attemptEnd;
                    s.toResult[i] = result - last.end;
                    s.toWake[i] = woke - result;
                }
                System.out.println(s.report(seconds, tokens, lengthStop ? "length" : "stop"));
            }
        }
    }

    /** The per-run measurements of one duration, in nanoseconds. */
    private static final class Samples {
        final long[] bare;
        final long[] guarded;
        final long[] bareLlm;
        final long[] guardedLlm;
        final long[] afterLastDelta;
        final long[] afterEnd;
        final long[] lastCheck;
        final long[] added;
        final long[] finishToDone;
        final long[] toCheck;
        final long[] toAttempt;
        final long[] attempt;
        final long[] toCheckEnd;
        final long[] toResult;
        final long[] toWake;

        Samples(int n) {
            bare = new long[n];
            guarded = new long[n];
            bareLlm = new long[n];
            guardedLlm = new long[n];
            afterLastDelta = new long[n];
            afterEnd = new long[n];
            lastCheck = new long[n];
            added = new long[n];
            finishToDone = new long[n];
            toCheck = new long[n];
            toAttempt = new long[n];
            attempt = new long[n];
            toCheckEnd = new long[n];
            toResult = new long[n];
            toWake = new long[n];
        }

        String report(int seconds, int tokens, String stop) {
            List<String> lines = new ArrayList<>();
            lines.add(String.format(
                    Locale.ROOT,
                    "LLM %2d s (%d tokens, %s finish, n=%d): unguarded %s ms; guarded turn %s ms; ratio p50=%.4f"
                            + " p90=%.4f; paired ratio (guarded run i / unguarded run i) p50=%.4f p90=%.4f",
                    seconds,
                    tokens,
                    stop,
                    bare.length,
                    pair(bare),
                    pair(guarded),
                    (double) pct(guarded, 50) / pct(bare, 50),
                    (double) pct(guarded, 90) / pct(bare, 90),
                    pctRatio(50),
                    pctRatio(90)));
            lines.add(String.format(
                    Locale.ROOT,
                    "  start -> LLM stream end ([DONE]): unguarded %s ms, guarded %s ms",
                    pair(bareLlm),
                    pair(guardedLlm)));
            lines.add(String.format(
                    Locale.ROOT,
                    "  last content delta -> result %s ms; LLM stream end ([DONE]) -> result %s ms;"
                            + " last chunk check %s ms; (end -> result) - (last check) %s ms (max %.2f)",
                    pair(afterLastDelta),
                    pair(afterEnd),
                    pair(lastCheck),
                    pair(added),
                    ms(pct(added, 100))));
            for (int p : new int[] {50, 90}) {
                lines.add(String.format(
                        Locale.ROOT,
                        "  p%d phases: finish chunk -> [DONE] %.2f; [DONE] -> last check starts %.2f; -> its HTTP"
                                + " attempt starts %.2f; attempt %.2f; -> check ends %.2f; -> result %.2f;"
                                + " -> join() wakes %.2f ms",
                        p,
                        ms(pct(finishToDone, p)),
                        ms(pct(toCheck, p)),
                        ms(pct(toAttempt, p)),
                        ms(pct(attempt, p)),
                        ms(pct(toCheckEnd, p)),
                        ms(pct(toResult, p)),
                        ms(pct(toWake, p))));
            }
            return String.join("\n", lines);
        }

        /** {@return the p-th percentile of guarded[i] / bare[i] over the runs (each pair ran back to back)} */
        private double pctRatio(double p) {
            double[] r = new double[bare.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = (double) guarded[i] / bare[i];
            }
            Arrays.sort(r);
            return r[Math.max(0, (int) Math.ceil(p / 100 * r.length) - 1)];
        }

        private static String pair(long[] values) {
            return String.format(Locale.ROOT, "p50=%.1f p90=%.1f", ms(pct(values, 50)), ms(pct(values, 90)));
        }
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
