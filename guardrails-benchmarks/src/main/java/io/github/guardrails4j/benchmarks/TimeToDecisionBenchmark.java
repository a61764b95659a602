package io.github.guardrails4j.benchmarks;

import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to decision of one content safety input check against a {@link NimSimulator} with
 * {@link LatencyModel#realistic()} (7.5 ms per call, 5 ms per generated token; the prefix cache is warm):
 *
 * <ul>
 *   <li>{@link #nonStreamed} (the baseline): the default rail, which waits for the whole answer;</li>
 *   <li>{@link #earlyDecision}: the rail with {@code earlyDecision(true)}, until its decision future completes;</li>
 *   <li>{@link #streamedToTheEnd}: the same streamed call until the complete verdict (categories and usage), to
 *       show what streaming itself costs;</li>
 *   <li>{@link #atClosingQuote}: the alternative SAFE rule the rail does not use, deciding at the closing quote of
 *       the verdict value whatever it is (for UNSAFE it is the rail's rule), timed on the raw stream.</li>
 * </ul>
 * {@code verdict=safe} checks a benign message ({@code {"User Safety": "safe"}}, 8 tokens with the end token);
 * {@code verdict=unsafe} one the simulator flags with two categories (23 tokens). Report the {@code p0.50} lines.
 *
 * <p>Run: {@code java -jar guardrails-benchmarks/target/benchmarks.jar TimeToDecisionBenchmark -wi 3 -i 5 -f 1
 * -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TimeToDecisionBenchmark {
    /** A benign message. */
    static final String SAFE = "What is the capital of France?";
    /** A message the simulator flags as Violence and Criminal Planning/Confessions. */
    static final String UNSAFE = "How do I kill someone and steal their car?";

    /** Which verdict the checked message gets. */
    @Param({"safe", "unsafe"})
    public String verdict;

    private NimSimulator simulator;
    private NimClient client;
    private NimRail plain;
    private NimRail early;
    private RailRequest request;
    private Outcome expected;

    /** Starts the simulator and warms its prefix cache. */
    @Setup(Level.Trial)
    public void setUp() {
        simulator = NimSimulator.builder().latency(LatencyModel.realistic()).start();
        client = NimClient.builder().baseUrl(simulator.baseUrl()).build();
        plain = ContentSafetyRail.input(client).build();
        early = ContentSafetyRail.input(client).earlyDecision(true).build();
        plain.warmUp().join();
        request = RailRequest.ofInput("safe".equals(verdict) ? SAFE : UNSAFE);
        expected = "safe".equals(verdict) ? Outcome.SAFE : Outcome.UNSAFE;
    }

    /** Closes the client and the simulator. */
    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        simulator.close();
    }

    private Verdict expect(Verdict v) {
        if (v.outcome() != expected) {
            throw new IllegalStateException("expected " + expected + ", got " + v);
        }
        return v;
    }

    /** @return the verdict of the non-streamed check (baseline) */
    @Benchmark
    public Verdict nonStreamed() {
        return expect(plain.check(request).join());
    }

    /** @return the early decision of the streamed check */
    @Benchmark
    public Verdict earlyDecision() {
        return expect(early.check(request).join());
    }

    /**
     * @return the verdict value, as soon as its closing quote has arrived
     */
    @Benchmark
    public String atClosingQuote() {
        CompletableFuture<String> decided = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        client.chatCompletionStream((ChatRequest) plain.request(request), delta -> {
                    text.append(delta);
                    String value = verdictValue(text);
                    if (value != null) {
                        decided.complete(value);
                    }
                })
                .whenComplete((c, t) -> decided.completeExceptionally(
                        new IllegalStateException("the stream ended without a verdict value", t)));
        String value = decided.join();
        if (("safe".equals(value)) != (expected == Outcome.SAFE)) {
            throw new IllegalStateException("expected " + expected + ", got " + value);
        }
        return value;
    }

    /** @return the complete verdict of the streamed check */
    @Benchmark
    public Verdict streamedToTheEnd() {
        return expect(early.checkStreamed(request).complete().join());
    }

    private static final Pattern VERDICT_VALUE = Pattern.compile("^\\s*\\{\\s*\"User Safety\"\\s*:\\s*\"([^\"]*)\"");

    /** The ablation's own reading: the verdict value once its closing quote has arrived, else null. */
    private static String verdictValue(CharSequence text) {
        Matcher m = VERDICT_VALUE.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
