package io.github.guardrails4j.benchmarks;

import com.sun.management.ThreadMXBean;
import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.micrometer.GuardrailsMeterObservationHandler;
import io.github.guardrails4j.micrometer.GuardrailsObservation;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.model.GuardModel;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.NimCodec;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailObserver;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Verdict;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The client-side cost of one whole check through {@code Guardrails.checkInput} without the network, with the
 * Micrometer listener off ({@link #listenerOff}, the baseline) and on ({@link #micrometerOn}: a
 * {@code guardrails.request} and a {@code guardrails.rail} observation timed by Micrometer's
 * {@code DefaultMeterObservationHandler} on a {@code SimpleMeterRegistry}, plus the counters and token meters),
 * paired in one run. {@link #micrometerHandler} is {@link #micrometerOn} with this project's
 * {@code GuardrailsMeterObservationHandler} first in a {@code FirstMatchingCompositeObservationHandler} (the same
 * meters, registered once per tag set). {@link #eventsOnly} is a listener that ignores every event: the cost of the
 * core's events alone (a host whose observation registry has no handler and that gave no meter registry pays
 * nothing: its listener factory gives {@code GuardrailsListener.NONE});
 * {@link #micrometerMetricsOnly} is the metrics-only setup ({@code ObservationRegistry.NOOP} and a
 * {@code SimpleMeterRegistry}): no observation, the listener records the same timers itself from meters cached per
 * tag set, plus the counters and token meters; {@link #micrometerMetricsOnlyNoActive} is the same without the
 * {@code .active} long task timers ({@code ignoredMeters(IgnoredMeters.LONG_TASK_TIMER)}). {@link #paired}
 * alternates all six in every invocation and prints, per iteration, the thread CPU time,
 * wall time and allocated bytes per check of each: the form to read on a shared, loaded machine. With
 * {@code -p pairWith=<variant>} it alternates only {@code listenerOff} and that variant, so that the JVM sees one
 * listener type, as an application does (with all six, the listener call sites see several types and the JIT
 * compiles them for all); {@code -p pairWith=micrometerMetricsOnly,micrometerHandler} runs one such pair after the
 * other, each in its own JVM.
 *
 * <p>The rail does the content safety rail's client-side work (render, encode, decode the canned answer of
 * {@link ClientSideCostBenchmark}, parse) and reports what {@code NimClient} reports around one HTTP attempt: the
 * attempt's start, its request headers, its end, the token usage. The target: timers on at most 1 µs above
 * {@code listenerOff}.
 *
 * <p>Run: {@code java -jar guardrails-benchmarks/target/benchmarks.jar ObservedCheckBenchmark.paired -wi 8 -i 12 -f 3
 * -w 1s -r 1s -p pairWith=micrometerMetricsOnly} (one pair, three JVMs; without {@code -p}, all six in one JVM) and
 * read the {@code paired} lines; or {@code ObservedCheckBenchmark -wi 5 -i 6 -f 1 -w 1s -r 1s -prof gc} and read the
 * {@code p0.50} lines (SampleTime, µs) and {@code gc.alloc.rate.norm}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ObservedCheckBenchmark {
    private NimClient client;
    private Guardrails off;
    private Guardrails on;
    private Guardrails events;
    private Guardrails metricsOnly;
    private Guardrails metricsOnlyNoActive;
    private Guardrails handler;

    /** Checks per variant and {@link #paired} invocation. */
    static final int BATCH = 40;

    /** The variants {@link #paired} alternates, in the order it prints them. */
    private static final List<String> VARIANTS = List.of(
            "listenerOff",
            "eventsOnly",
            "micrometerMetricsOnly",
            "micrometerMetricsOnlyNoActive",
            "micrometerOn",
            "micrometerHandler");

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    /**
     * {@code all} (the default): {@link #paired} alternates the six variants; a variant's name: it alternates
     * {@code listenerOff} and that variant only.
     */
    @Param({"all"})
    public String pairWith;

    private List<Guardrails> variants;
    /** The indexes into {@link #VARIANTS} that {@link #paired} prints. */
    private int[] shown;
    /** The batches of one {@link #paired} invocation, as indexes into {@link #VARIANTS} (a pair: three rounds). */
    private int[] order;

    private final long[] pairedCpuNanos = new long[VARIANTS.size()];
    private final long[] pairedWallNanos = new long[VARIANTS.size()];
    private final long[] pairedBytes = new long[VARIANTS.size()];
    private long pairedRounds;

    /** Builds the six guardrails (one per variant) over one offline rail. */
    @Setup(Level.Trial)
    public void setUp() {
        client = NimClient.builder().baseUrl("http://localhost:8000").build();
        Rail rail = new OfflineRail(ContentSafetyRail.input(client).build());
        off = Guardrails.builder().rail(rail).unguarded(RailDirection.OUTPUT).build();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        on = off.toBuilder()
                .listenerFactory(GuardrailsObservation.listenerFactory(observations, meters))
                .build();
        SimpleMeterRegistry handlerMeters = new SimpleMeterRegistry();
        ObservationRegistry handlerObservations = ObservationRegistry.create();
        handlerObservations
                .observationConfig()
                .observationHandler(new FirstMatchingCompositeObservationHandler(
                        new GuardrailsMeterObservationHandler(handlerMeters),
                        new DefaultMeterObservationHandler(handlerMeters)));
        handler = off.toBuilder()
                .listenerFactory(GuardrailsObservation.listenerFactory(handlerObservations, handlerMeters))
                .build();
        GuardrailsListener ignoresAll = new GuardrailsListener() {};
        events = off.toBuilder().listenerFactory(started -> ignoresAll).build();
        metricsOnly = off.toBuilder()
                .listenerFactory(
                        GuardrailsObservation.listenerFactory(ObservationRegistry.NOOP, new SimpleMeterRegistry()))
                .build();
        metricsOnlyNoActive = off.toBuilder()
                .listenerFactory(GuardrailsObservation.builder(ObservationRegistry.NOOP)
                        .meterRegistry(new SimpleMeterRegistry())
                        .ignoredMeters(IgnoredMeters.LONG_TASK_TIMER)
                        .build())
                .build();
        variants = List.of(off, events, metricsOnly, metricsOnlyNoActive, on, handler);
        if ("all".equals(pairWith)) {
            shown = new int[] {0, 1, 2, 3, 4, 5};
            order = shown;
        } else {
            int i = VARIANTS.indexOf(pairWith);
            if (i <= 0) {
                throw new IllegalArgumentException("pairWith must be all or one of " + VARIANTS.subList(1, 6));
            }
            shown = new int[] {0, i};
            order = new int[] {0, i, 0, i, 0, i};
        }
    }

    /** Releases the client's (idle) OkHttp resources. */
    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
    }

    /** Prints the paired per-check costs of the iteration that just ended and resets them. */
    @TearDown(Level.Iteration)
    public void printPaired() {
        if (pairedRounds > 0) {
            double checks = (double) pairedRounds * BATCH * (order.length / shown.length);
            StringBuilder line = new StringBuilder("\npaired (per check: thread CPU us | wall us | bytes):");
            for (int i : shown) {
                line.append(String.format(
                        Locale.ROOT,
                        " %s %.3f | %.3f | %.0f;",
                        VARIANTS.get(i),
                        pairedCpuNanos[i] / checks / 1e3,
                        pairedWallNanos[i] / checks / 1e3,
                        pairedBytes[i] / checks));
            }
            System.out.println(line);
        }
        Arrays.fill(pairedCpuNanos, 0);
        Arrays.fill(pairedWallNanos, 0);
        Arrays.fill(pairedBytes, 0);
        pairedRounds = 0;
    }

    /**
     * The noise-robust form for a shared machine: {@value #BATCH} checks of each variant back to back, starting with
     * another variant each time, each batch timed by the benchmark thread's CPU time (which the load of other
     * processes changes less than the wall clock) and by the wall clock, and its allocation counted by the thread's
     * allocated bytes (which load does not change). At the end of each iteration it prints {@code paired (per check:
     * thread CPU us | wall us | bytes): listenerOff c | w | b; ...}; its own score counts every variant's checks.
     *
     * @return the number of verdicts, so that nothing is optimised away
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OperationsPerInvocation(6 * BATCH)
    public int paired() {
        int n = 0;
        int first = (int) (pairedRounds % order.length);
        for (int k = 0; k < order.length; k++) {
            int i = order[(first + k) % order.length];
            Guardrails g = variants.get(i);
            long b0 = THREADS.getCurrentThreadAllocatedBytes();
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int j = 0; j < BATCH; j++) {
                n += g.checkInput(ClientSideCostBenchmark.USER)
                        .join()
                        .verdicts()
                        .size();
            }
            pairedWallNanos[i] += System.nanoTime() - t0;
            pairedCpuNanos[i] += THREADS.getCurrentThreadCpuTime() - c0;
            pairedBytes[i] += THREADS.getCurrentThreadAllocatedBytes() - b0;
        }
        pairedRounds++;
        return n;
    }

    /**
     * Baseline: a check with no listener.
     *
     * @return the result
     */
    @Benchmark
    public GuardResult listenerOff() {
        return off.checkInput(ClientSideCostBenchmark.USER).join();
    }

    /**
     * A check observed by Micrometer: timers, counters, token meters.
     *
     * @return the result
     */
    @Benchmark
    public GuardResult micrometerOn() {
        return on.checkInput(ClientSideCostBenchmark.USER).join();
    }

    /**
     * A check observed by Micrometer as {@link #micrometerOn}, with this module's
     * {@code GuardrailsMeterObservationHandler} timing the two observations (first in a
     * {@code FirstMatchingCompositeObservationHandler}, Micrometer's handler second, for every other observation):
     * the same meters, registered once per tag set.
     *
     * @return the result
     */
    @Benchmark
    public GuardResult micrometerHandler() {
        return handler.checkInput(ClientSideCostBenchmark.USER).join();
    }

    /**
     * A check reported to a listener that ignores every event: the core's events alone.
     *
     * @return the result
     */
    @Benchmark
    public GuardResult eventsOnly() {
        return events.checkInput(ClientSideCostBenchmark.USER).join();
    }

    /**
     * The metrics-only setup: {@code ObservationRegistry.NOOP} and a meter registry. No observation; the listener
     * records the {@code guardrails.request} and {@code guardrails.rail} timers (and {@code .active} long task
     * timers) itself, the same meters as {@link #micrometerOn}, plus the counters and token meters.
     *
     * @return the result
     */
    @Benchmark
    public GuardResult micrometerMetricsOnly() {
        return metricsOnly.checkInput(ClientSideCostBenchmark.USER).join();
    }

    /**
     * The metrics-only setup as {@link #micrometerMetricsOnly}, without the {@code .active} long task timers.
     *
     * @return the result
     */
    @Benchmark
    public GuardResult micrometerMetricsOnlyNoActive() {
        return metricsOnlyNoActive.checkInput(ClientSideCostBenchmark.USER).join();
    }

    /** The content safety rail's client-side work with one simulated attempt reported, and no network. */
    static final class OfflineRail implements Rail {
        private static final String ENDPOINT = "http://localhost:8000";
        private final NimRail rail;
        private final GuardModel model;

        OfflineRail(NimRail rail) {
            this.rail = rail;
            this.model = rail.guardModel();
        }

        @Override
        public String name() {
            return rail.name();
        }

        @Override
        public RailDirection direction() {
            return rail.direction();
        }

        @Override
        public Optional<String> model() {
            return rail.model();
        }

        @Override
        public CompletableFuture<Verdict> check(RailRequest request) {
            return check(request, RailObserver.NONE);
        }

        @Override
        public CompletableFuture<Verdict> check(RailRequest request, RailObserver observer) {
            observer.attemptStarted(1, ENDPOINT);
            observer.attemptHeaders(ENDPOINT, (name, value) -> {});
            byte[] body = NimCodec.encode(rail.request(request));
            ChatAnswer c = NimCodec.decodeChat(ClientSideCostBenchmark.ANSWER);
            observer.attemptEnded(1, ENDPOINT, body.length, null);
            observer.tokensReported(c.usage());
            return CompletableFuture.completedFuture(Verdict.builder(rail.name())
                    .parsed(
                            model.parse(RailDirection.INPUT, c),
                            model.taxonomy().orElse(null))
                    .rawOutput(c.content())
                    .usage(c.usage())
                    .latency(Duration.ZERO)
                    .attempts(1)
                    .build());
        }
    }
}
