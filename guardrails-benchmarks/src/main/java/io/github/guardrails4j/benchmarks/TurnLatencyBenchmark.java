package io.github.guardrails4j.benchmarks;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.LlmCall;
import io.github.guardrails4j.TurnResult;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 * Latency of a whole guarded turn, {@link Guardrails#guard(String, LlmCall)}: content safety input rail, the host's
 * LLM call, content safety output rail, against a {@link NimSimulator} with {@link LatencyModel#realistic()} (each
 * safe check about 50 ms). The stub LLM answers {@value #LLM_MILLIS} ms after it is called (a time-to-answer of a
 * short reply); cancelling it cancels the timer.
 *
 * <p>{@code speculative=false} (the default, the baseline) calls the LLM only after the input is allowed;
 * {@code speculative=true} starts it together with the input rails. {@link #benignTurn} is allowed by both rails;
 * {@link #blockedTurn} is blocked by the input rail (speculation then wastes the LLM call, which is cancelled).
 * {@code earlyDecision=true} makes both content safety rails decide from the streamed verdict.
 *
 * <p>Run: {@code java -jar guardrails-benchmarks/target/benchmarks.jar TurnLatencyBenchmark -wi 3 -i 5 -f 1 -w 1s
 * -r 1s}; read the {@code p0.50} lines (ms).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TurnLatencyBenchmark {
    /** Simulated LLM time, in milliseconds: {@value}. */
    public static final long LLM_MILLIS = 300;

    /** Whether the LLM call races the input rails. */
    @Param({"false", "true"})
    public boolean speculative;

    /** Whether the content safety rails decide early from the streamed verdict. */
    @Param({"false", "true"})
    public boolean earlyDecision;

    private NimSimulator simulator;
    private NimClient client;
    private ScheduledExecutorService timer;
    private Guardrails guardrails;
    private LlmCall llm;

    /** Starts the simulator, builds the rails and warms the prefix cache. */
    @Setup(Level.Trial)
    public void setUp() {
        simulator = NimSimulator.builder().latency(LatencyModel.realistic()).start();
        client = NimClient.builder().baseUrl(simulator.baseUrl()).build();
        timer = Executors.newScheduledThreadPool(1);
        guardrails = Guardrails.builder()
                .rail(ContentSafetyRail.input(client)
                        .earlyDecision(earlyDecision)
                        .build())
                .rail(ContentSafetyRail.output(client)
                        .earlyDecision(earlyDecision)
                        .build())
                .speculativeGeneration(speculative)
                .build();
        guardrails.warmUp().join();
        llm = userMessage -> new TimedAnswer(timer);
    }

    /** Closes the client, the timer and the simulator. */
    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        timer.shutdownNow();
        simulator.close();
    }

    /** @return an allowed turn */
    @Benchmark
    public TurnResult benignTurn() {
        TurnResult t = guardrails.guard(TimeToDecisionBenchmark.SAFE, llm).join();
        if (t.allowedAnswer().isEmpty()) {
            throw new IllegalStateException("a benign turn was blocked: " + t);
        }
        return t;
    }

    /** @return a turn blocked by the input rail */
    @Benchmark
    public TurnResult blockedTurn() {
        TurnResult t = guardrails.guard(TimeToDecisionBenchmark.UNSAFE, llm).join();
        if (t.allowedAnswer().isPresent()) {
            throw new IllegalStateException("an unsafe turn was allowed: " + t);
        }
        return t;
    }

    /** An LLM answer that arrives {@value #LLM_MILLIS} ms later; cancelling it cancels the timer. */
    static final class TimedAnswer extends CompletableFuture<String> {
        private final ScheduledFuture<?> task;

        TimedAnswer(ScheduledExecutorService timer) {
            task = timer.schedule(() -> complete("Paris is the capital of France."), LLM_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            task.cancel(false);
            return super.cancel(mayInterruptIfRunning);
        }
    }
}
