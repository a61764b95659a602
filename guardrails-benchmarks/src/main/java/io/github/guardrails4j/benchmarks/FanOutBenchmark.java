package io.github.guardrails4j.benchmarks;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fan-out overhead: three input rails answering after fixed delays (4, 8 and 12 ms) through {@link Guardrails},
 * versus the slowest rail (12 ms) alone, called directly. The difference is what the orchestration adds on top of
 * the slowest rail. Stub rails complete from a scheduled executor, so no network is involved.
 *
 * <p>Run: {@code java -jar guardrails-benchmarks/target/benchmarks.jar FanOutBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FanOutBenchmark {
    private ScheduledExecutorService timer;
    private Guardrails threeRails;
    private Rail slowest;

    @Setup(Level.Trial)
    public void setUp() {
        timer = Executors.newScheduledThreadPool(3);
        slowest = new DelayedRail("jailbreak-detection", Duration.ofMillis(12), timer);
        threeRails = Guardrails.builder()
                .rail(new DelayedRail("content-safety-input", Duration.ofMillis(4), timer))
                .rail(new DelayedRail("topic-control", Duration.ofMillis(8), timer))
                .rail(slowest)
                .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        timer.shutdownNow();
    }

    /** Baseline: the slowest rail alone, without the facade. */
    @Benchmark
    public Verdict slowestRailAlone() {
        return slowest.check(RailRequest.ofInput("How do I kill a Python process?"))
                .join();
    }

    /** Three rails through the facade: all safe, so the result waits for the slowest. */
    @Benchmark
    public GuardResult threeRailsThroughGuardrails() {
        return threeRails.checkInput("How do I kill a Python process?").join();
    }

    /** A stub rail that answers SAFE after a fixed delay. */
    static final class DelayedRail implements Rail {
        private final String name;
        private final Duration delay;
        private final ScheduledExecutorService timer;

        DelayedRail(String name, Duration delay, ScheduledExecutorService timer) {
            this.name = name;
            this.delay = delay;
            this.timer = timer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public RailDirection direction() {
            return RailDirection.INPUT;
        }

        @Override
        public CompletableFuture<Verdict> check(RailRequest request) {
            CompletableFuture<Verdict> f = new CompletableFuture<>();
            timer.schedule(
                    () -> f.complete(Verdict.builder(name)
                            .outcome(Outcome.SAFE)
                            .latency(delay)
                            .build()),
                    delay.toNanos(),
                    TimeUnit.NANOSECONDS);
            return f;
        }
    }
}
