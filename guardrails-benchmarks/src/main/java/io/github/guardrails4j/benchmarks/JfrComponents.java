package io.github.guardrails4j.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Splits a JFR recording of {@link LoopbackBreakdownBenchmark} (or {@link LoopbackThroughputBenchmark}) by SDK
 * component: every {@code jdk.ExecutionSample} and {@code jdk.ObjectAllocationSample} taken on a client-side
 * thread (the JMH thread that starts the checks, OkHttp's threads, the client's scheduler) is given to the first
 * frame, from the top of its stack down, that names a component (the rules below, in order), and the samples and
 * sampled bytes are counted per component. The simulator's threads are left out. A runnable, not a benchmark.
 *
 * <p>Run: {@code java -cp guardrails-benchmarks/target/benchmarks.jar
 * io.github.guardrails4j.benchmarks.JfrComponents recording.jfr}
 */
public final class JfrComponents {
    /** Frame prefix ({@code SimpleClassName.method}) to component, first match wins. */
    private static final String[][] RULES = {
        {"ScheduledThreadPoolExecutor", "deadline timer (STPE schedule, cancel)"},
        {"OneRetryLayer.intercept", "OkHttp exchange (below the network interceptor)"},
        {"WireFormat.encode", "encode request JSON"},
        {"WireFormat.bytes", "encode request JSON"},
        {"WireFormat.escapeLoneSurrogates", "encode request JSON"},
        {"WireFormat.decode", "decode answer JSON"},
        {"WireFormat.readObject", "decode answer JSON"},
        {"WireFormat.usage", "decode answer JSON"},
        {"PromptTemplate.render", "render prompt"},
        {"NemoGuardJsonParser", "parse and build verdict"},
        {"NimRail.verdict", "parse and build verdict"},
        {"NemoGuardContentSafety.parse", "parse and build verdict"},
        {"Verdict", "parse and build verdict"},
        {"TokenUsage", "parse and build verdict"},
        {"LinkedFuture", "futures (LinkedFuture, FirstBlockRace)"},
        {"FirstBlockRace", "futures (LinkedFuture, FirstBlockRace)"},
        {"FirstBlockWins", "Guardrails, FirstBlockWins, listener"},
        {"GuardResult", "Guardrails, FirstBlockWins, listener"},
        {"Guardrails.", "Guardrails, FirstBlockWins, listener"},
        {"RailRequest", "Guardrails, FirstBlockWins, listener"},
        {"TextLimit", "rail (TextLimit, render)"},
        {"NimRail", "rail (TextLimit, render)"},
        {"NemoGuardContentSafety", "rail (TextLimit, render)"},
        {"Rendezvous", "rendezvous hashing"},
        {"NimClient.defaultAffinityKey", "affinity key of the public chatCompletion"},
        {"NimClient.url", "URL parse per attempt (NimClient)"},
        {"NimClient.chatUrl", "URL parse per attempt (NimClient)"},
        {"NimClient.lambda$send", "Request per attempt (NimClient)"},
        {"NimClient.send", "encode request (NimClient)"},
        {"NimClient.unwrap", "unwrap future of the public chatCompletion"},
        {"NimHttp.redacted", "NimHttp: URL redaction"},
        {"NimHttp.readBody", "NimHttp: read the body"},
        {"NimHttp.execute", "NimHttp: request, newCall, enqueue"},
        {"NimHttp$", "NimHttp: callback"},
        {"RetryBudget", "retry budget"},
        {"CircuitBreaker", "circuit breaker"},
        {"FixedSizeSlidingWindowMetrics", "circuit breaker"},
        {"Bulkhead", "bulkhead"},
        {"SemaphoreBulkhead", "bulkhead"},
        {"RetryImpl", "resilience4j Retry context"},
        {"ResilientExecutor", "ResilientExecutor bookkeeping (Run, candidates, finish)"},
        {"Endpoint", "circuit breaker"},
        {"LoopbackBreakdownBenchmark.post", "bare side (callback, body.string())"},
        {"LoopbackBreakdownBenchmark$", "bare side (callback, body.string())"},
        {"LoopbackThroughputBenchmark$", "bare side (callback, body.string())"},
        {"ThreadCpu", "measurement (ThreadCpu)"},
        {"LoopbackBreakdownBenchmark", "benchmark loop (start, join)"},
        {"LoopbackThroughputBenchmark", "benchmark loop (start, join)"},
    };

    private JfrComponents() {}

    /**
     * @param args the recording
     * @throws IOException when it cannot be read
     */
    public static void main(String[] args) throws IOException {
        Map<String, double[]> byComponent = new TreeMap<>();
        double[] total = new double[4];
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                boolean alloc = type.equals("jdk.ObjectAllocationSample");
                if (!alloc && !type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedThread thread = e.getThread(alloc ? "eventThread" : "sampledThread");
                String group = thread == null ? "" : ThreadCpu.group(String.valueOf(thread.getJavaName()));
                boolean okHttp = group.equals("OkHttp threads");
                if (!okHttp && !group.startsWith("JMH thread") && !group.startsWith("guardrailsj-nim-scheduler")) {
                    continue;
                }
                int column = (alloc ? 2 : 0) + (okHttp ? 1 : 0);
                double weight = alloc ? e.getLong("weight") : 1;
                byComponent.computeIfAbsent(component(e.getStackTrace()), k -> new double[4])[column] += weight;
                total[column] += weight;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%-56s %10s %10s %12s %12s%n",
                "component",
                "cpu JMH",
                "cpu OkHttp",
                "alloc JMH MB",
                "alloc OkH MB");
        byComponent.entrySet().stream()
                .sorted((x, y) -> Double.compare(y.getValue()[0] + y.getValue()[1], x.getValue()[0] + x.getValue()[1]))
                .forEach(en -> print(en.getKey(), en.getValue()));
        print("total", total);
    }

    private static void print(String name, double[] v) {
        System.out.printf(Locale.ROOT, "%-56s %10.0f %10.0f %12.1f %12.1f%n", name, v[0], v[1], v[2] / 1e6, v[3] / 1e6);
    }

    private static String component(RecordedStackTrace stack) {
        if (stack == null) {
            return "no stack";
        }
        List<RecordedFrame> frames = stack.getFrames();
        for (int i = 0; i < frames.size(); i++) {
            RecordedFrame f = frames.get(i);
            String cls = f.getMethod().getType().getName();
            String name = cls.substring(cls.lastIndexOf('.') + 1) + "."
                    + f.getMethod().getName();
            boolean ours = cls.startsWith("io.github.");
            if (!ours && !cls.startsWith("java.util.concurrent.ScheduledThreadPoolExecutor")) {
                continue;
            }
            if (name.startsWith("OneRetryLayer.intercept") && i == 0) {
                return "OneRetryLayer (own code)";
            }
            for (String[] rule : RULES) {
                if (name.startsWith(rule[0])) {
                    return rule[1];
                }
            }
            return "other: " + name;
        }
        return "outside the SDK (OkHttp, JDK)";
    }
}
