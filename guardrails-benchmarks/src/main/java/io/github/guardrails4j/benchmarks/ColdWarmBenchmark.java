package io.github.guardrails4j.benchmarks;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Verdict;
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
 * The first user's check on a cold prefix cache versus after {@link Guardrails#warmUp()}, against a
 * {@link NimSimulator} with {@link LatencyModel#realistic()}. Before every invocation the simulator's prefix cache
 * is emptied ({@code cache=cold}, the baseline), or emptied and then warmed with {@code Guardrails.warmUp()}
 * ({@code cache=warm}); the timed part is one benign input check. The HTTP connection is pooled in both cases, so
 * the difference is the prefill of the ~295 prefix tokens only (a new process would also pay connection set-up and
 * JIT warm-up on its first call).
 *
 * <p>Run: {@code java -jar guardrails-benchmarks/target/benchmarks.jar ColdWarmBenchmark -wi 3 -i 5 -f 1 -w 1s
 * -r 1s}; read the {@code p0.50} lines (ms).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ColdWarmBenchmark {
    /** Cache state before the timed check. */
    @Param({"cold", "warm"})
    public String cache;

    private NimSimulator simulator;
    private NimClient client;
    private Guardrails guardrails;
    private NimRail rail;
    private RailRequest request;

    /** Starts the simulator and the rails. */
    @Setup(Level.Trial)
    public void setUp() {
        simulator = NimSimulator.builder().latency(LatencyModel.realistic()).start();
        client = NimClient.builder().baseUrl(simulator.baseUrl()).build();
        rail = ContentSafetyRail.input(client).build();
        guardrails = Guardrails.builder()
                .rail(rail)
                .rail(ContentSafetyRail.output(client).build())
                .build();
        request = RailRequest.ofInput(TimeToDecisionBenchmark.SAFE);
    }

    /** Empties the prefix cache, and warms it again for {@code cache=warm}. Not timed. */
    @Setup(Level.Invocation)
    public void resetCache() {
        simulator.resetCache();
        if ("warm".equals(cache)) {
            guardrails.warmUp().join();
        }
    }

    /** Closes the client and the simulator. */
    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        simulator.close();
    }

    /** @return the first user check's verdict */
    @Benchmark
    public Verdict firstUserCheck() {
        return rail.check(request).join();
    }
}
