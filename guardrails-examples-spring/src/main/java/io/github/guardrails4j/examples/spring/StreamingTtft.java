package io.github.guardrails4j.examples.spring;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.springai.NemoGuardAdvisor;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.testkit.ApplicationModel;
import io.github.guardrails4j.testkit.ApplicationReply;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures, in one run, the time to first token of a streamed answer of 400 tokens at 50 tokens/s from the
 * simulator's application model through Spring AI's OpenAI {@code ChatClient}: unguarded (the baseline), through
 * {@link NemoGuardAdvisor} stream-first (the default) and hold-back. The guards answer with the simulator's realistic
 * latency model (an 8B guard on one GPU). Rounds interleave the three clients; the median of each is printed with
 * its ratio to the baseline. Not a test: run it by hand, on a quiet machine.
 *
 * <pre>mvn -q -pl guardrails-examples-spring -am -DskipTests compile exec:java \
 *     -Dexample=io.github.guardrails4j.examples.spring.StreamingTtft</pre>
 */
public final class StreamingTtft {
    /** Tokens in the streamed answer: {@value}. */
    public static final int TOKENS = 400;

    /** Tokens per second of the simulated application model: {@value}. */
    public static final double TOKENS_PER_SECOND = 50;

    /** Measured rounds (after {@link #WARM_UP_ROUNDS}): {@value}. */
    public static final int ROUNDS = 9;

    /** Rounds run first and not counted: {@value}. */
    public static final int WARM_UP_ROUNDS = 2;

    private StreamingTtft() {}

    /**
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }

    static void run(PrintStream out) {
        try (NimSimulator sim =
                        NimSimulator.builder().latency(LatencyModel.realistic()).start();
                ConfigurableApplicationContext app = new SpringApplicationBuilder(SpringAiExample.class)
                        .web(WebApplicationType.NONE)
                        .bannerMode(Banner.Mode.OFF)
                        .logStartupInfo(false)
                        // arguments, so they win over the example's application.properties: the starter's default
                        // rails (content safety on input and output, jailbreak detection)
                        .run(
                                "--guardrails.nim-url=" + sim.baseUrl(),
                                "--spring.ai.openai.base-url=" + sim.baseUrl() + "/v1",
                                "--spring.ai.openai.api-key=simulated",
                                "--spring.ai.openai.chat.options.model=" + NimSimulator.DEFAULT_APPLICATION_MODEL_ID,
                                "--guardrails.topic-control.enabled=false")) {
            sim.applicationModel(ApplicationModel.fixed(
                    ApplicationReply.harmlessTokens(TOKENS).atRate(TOKENS_PER_SECOND)));
            ChatModel model = app.getBean(ChatModel.class);
            Guardrails guardrails = app.getBean(Guardrails.class);
            ChatClient unguarded = ChatClient.builder(model).build();
            ChatClient streamFirst = ChatClient.builder(model)
                    .defaultAdvisors(NemoGuardAdvisor.builder(guardrails).build())
                    .build();
            ChatClient holdBack = ChatClient.builder(model)
                    .defaultAdvisors(NemoGuardAdvisor.builder(guardrails)
                            .streaming(
                                    StreamingConfig.builder().streamFirst(false).build())
                            .build())
                    .build();
            List<String> names = List.of("unguarded", "advisor, stream-first", "advisor, hold-back");
            List<ChatClient> clients = List.of(unguarded, streamFirst, holdBack);
            List<List<Double>> ms = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
                for (int i = 0; i < clients.size(); i++) {
                    int c = (round + i) % clients.size(); // each client takes each position in turn
                    double t = firstTokenMillis(clients.get(c));
                    if (round >= WARM_UP_ROUNDS) {
                        ms.get(c).add(t);
                    }
                }
            }
            out.printf(
                    Locale.ROOT,
                    "time to first token, %d-token answer at %.0f tokens/s, median of %d rounds (chunk %d deltas,"
                            + " context %d; %s)%n",
                    TOKENS,
                    TOKENS_PER_SECOND,
                    ROUNDS,
                    StreamingConfig.DEFAULT_CHUNK_SIZE,
                    StreamingConfig.DEFAULT_CONTEXT_SIZE,
                    guardrails.inputRails().size() + " input rails, "
                            + guardrails.outputRails().size() + " output rail");
            double base = median(ms.get(0));
            for (int c = 0; c < clients.size(); c++) {
                double m = median(ms.get(c));
                out.printf(
                        Locale.ROOT,
                        "  %-22s %8.1f ms   x%.2f of unguarded   %s%n",
                        names.get(c),
                        m,
                        m / base,
                        ms.get(c).stream().map(v -> Math.round(v)).toList());
            }
        }
    }

    /**
     * Streams one answer and returns the milliseconds to its first text, stamped when that text arrives (before the
     * rest of the stream is cancelled: closing a stream can take OkHttp up to 100 ms on the cancelling thread).
     */
    private static double firstTokenMillis(ChatClient client) {
        AtomicLong firstAt = new AtomicLong();
        long start = System.nanoTime();
        client.prompt().user("How do I brew green tea?").stream()
                .content()
                .filter(s -> !s.isEmpty())
                .doOnNext(s -> firstAt.compareAndSet(0, System.nanoTime()))
                .blockFirst(Duration.ofMinutes(1));
        return (firstAt.get() - start) / 1e6;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
