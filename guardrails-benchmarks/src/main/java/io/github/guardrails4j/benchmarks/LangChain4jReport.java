package io.github.guardrails4j.benchmarks;

import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.langchain4j.NemoGuardInputGuardrail;
import io.github.guardrails4j.langchain4j.NemoGuardOutputGuardrail;
import io.github.guardrails4j.langchain4j.NemoGuardStreamingChatModel;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.JailbreakDetectionRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.stream.StreamingGuard;
import io.github.guardrails4j.testkit.ApplicationModel;
import io.github.guardrails4j.testkit.ApplicationReply;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * LangChain4j integration timings, all in one run against one {@link NimSimulator} (guards with {@link
 * LatencyModel#realistic()}, the application LLM streaming at a fixed rate), through real {@code AiServices} and
 * LangChain4j's OpenAI models over loopback HTTP:
 *
 * <ol>
 *   <li>A streamed answer of 400 tokens at 50 tokens/s: time to first token and to the end, unguarded (the
 *       baseline), through LangChain4j's own output guardrail ({@link NemoGuardOutputGuardrail}, which LangChain4j
 *       runs after buffering the whole answer), and through {@link NemoGuardStreamingChatModel} (stream first and
 *       hold back, default chunking: 200 deltas, 50 of context).
 *   <li>Three input rails (content safety, topic control, jailbreak detection) as our one guardrail, whose rails
 *       run in parallel, versus three LangChain4j guardrails (one rail each) in LangChain4j's sequential loop; and
 *       no input guardrail as the baseline. The wall time of a whole {@code chat} call with an instant application
 *       model.
 * </ol>
 *
 * <p>Not a JMH benchmark: each streamed case takes 8 s of simulated generation, so it is timed a few times and the
 * median reported; the input case is timed after a warm-up. Numbers are ratios against the baseline of the same run.
 *
 * <p>Run: {@code java -cp guardrails-benchmarks/target/benchmarks.jar
 * io.github.guardrails4j.benchmarks.LangChain4jReport [streamRuns] [inputCalls]} (defaults 3 and 200).
 */
public final class LangChain4jReport {
    private LangChain4jReport() {}

    interface Streaming {
        TokenStream chat(String message);
    }

    interface Assistant {
        String chat(String message);
    }

    private static final String APP = NimSimulator.DEFAULT_APPLICATION_MODEL_ID;
    private static final String QUESTION = "How long do I brew green tea?";
    private static final int TOKENS = 400;
    private static final double RATE = 50;

    /**
     * @param args optional: streamed runs per case (default 3), input calls per case (default 200)
     * @throws Exception when a stream does not end within 60 s
     */
    public static void main(String[] args) throws Exception {
        int streamRuns = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int inputCalls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (NimSimulator sim = NimSimulator.builder()
                        .latency(LatencyModel.realistic())
                        .latency(APP, LatencyModel.none())
                        .start();
                NimClient nim = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            Rail contentIn = ContentSafetyRail.input(nim).build();
            Rail topic = TopicControlRail.builder(nim)
                    .guidelines("Answer questions about cooking and tea.")
                    .build();
            Rail jailbreak = JailbreakDetectionRail.builder(nim).build();
            Guardrails output = Guardrails.builder()
                    .rail(ContentSafetyRail.output(nim).build())
                    .build();
            Guardrails input = Guardrails.builder()
                    .rail(contentIn)
                    .rail(topic)
                    .rail(jailbreak)
                    .build();
            output.warmUp().join();
            input.warmUp().join();

            System.out.printf(
                    Locale.ROOT,
                    "Streamed answer: %d tokens at %.0f tokens/s, %d runs per case (median, ms)%n",
                    TOKENS,
                    RATE,
                    streamRuns);
            sim.applicationModel(ApplicationModel.fixed(
                    ApplicationReply.harmlessTokens(TOKENS).atRate(RATE)));
            OpenAiStreamingChatModel llm = OpenAiStreamingChatModel.builder()
                    .baseUrl(sim.baseUrl() + "/v1")
                    .apiKey("not-needed")
                    .modelName(APP)
                    .build();
            double[] base = stream(
                    "unguarded (baseline)",
                    streamRuns,
                    () -> AiServices.builder(Streaming.class)
                            .streamingChatModel(llm)
                            .build());
            stream(
                    "LangChain4j output guardrail (buffered)",
                    streamRuns,
                    base,
                    () -> AiServices.builder(Streaming.class)
                            .streamingChatModel(llm)
                            .outputGuardrails(NemoGuardOutputGuardrail.of(output))
                            .build());
            for (boolean streamFirst : new boolean[] {true, false}) {
                StreamingChatModel guarded = NemoGuardStreamingChatModel.wrap(
                        llm,
                        StreamingGuard.create(
                                output,
                                StreamingConfig.builder()
                                        .streamFirst(streamFirst)
                                        .build()));
                stream(
                        "NemoGuardStreamingChatModel, " + (streamFirst ? "stream first" : "hold back"),
                        streamRuns,
                        base,
                        () -> AiServices.builder(Streaming.class)
                                .streamingChatModel(guarded)
                                .build());
            }

            System.out.printf(
                    Locale.ROOT,
                    "%nThree input rails (content safety, topic control, jailbreak), whole chat() call, %d calls "
                            + "per case after %d warm-up calls (ms)%n",
                    inputCalls,
                    inputCalls / 4);
            sim.applicationModel(ApplicationModel.harmless());
            OpenAiChatModel chat = OpenAiChatModel.builder()
                    .baseUrl(sim.baseUrl() + "/v1")
                    .apiKey("not-needed")
                    .modelName(APP)
                    .build();
            Assistant none = AiServices.builder(Assistant.class).chatModel(chat).build();
            Assistant ours = AiServices.builder(Assistant.class)
                    .chatModel(chat)
                    .inputGuardrails(NemoGuardInputGuardrail.of(input))
                    .build();
            List<InputGuardrail> three = new ArrayList<>();
            for (Rail r : List.of(contentIn, topic, jailbreak)) {
                three.add(
                        NemoGuardInputGuardrail.of(Guardrails.builder().rail(r).build()));
            }
            Assistant sequential = AiServices.builder(Assistant.class)
                    .chatModel(chat)
                    .inputGuardrails(three)
                    .build();
            double[] noRails = calls("no input guardrail (baseline)", none, inputCalls, null);
            double[] seq = calls("three LangChain4j guardrails, sequential loop", sequential, inputCalls, noRails);
            double[] one = calls("one NemoGuardInputGuardrail, rails in parallel", ours, inputCalls, noRails);
            System.out.printf(
                    Locale.ROOT,
                    "guardrail time (chat() minus baseline, median): sequential %.1f ms, ours %.1f ms: %.2fx faster%n",
                    seq[0] - noRails[0],
                    one[0] - noRails[0],
                    (seq[0] - noRails[0]) / (one[0] - noRails[0]));
        }
    }

    private static double[] stream(String label, int runs, Supplier<Streaming> service) throws Exception {
        return stream(label, runs, null, service);
    }

    /** @return median time to first token and to the end, in ms */
    private static double[] stream(String label, int runs, double[] base, Supplier<Streaming> service)
            throws Exception {
        Streaming s = service.get();
        double[] ttft = new double[runs];
        double[] total = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            long[] first = {0};
            CompletableFuture<Void> end = new CompletableFuture<>();
            s.chat(QUESTION)
                    .onPartialResponse(t -> {
                        if (first[0] == 0) {
                            first[0] = System.nanoTime();
                        }
                    })
                    .onCompleteResponse(r -> end.complete(null))
                    .onError(end::completeExceptionally)
                    .start();
            end.get(60, TimeUnit.SECONDS);
            long stop = System.nanoTime();
            ttft[i] = (first[0] - start) / 1e6;
            total[i] = (stop - start) / 1e6;
        }
        double[] m = {median(ttft), median(total)};
        System.out.printf(
                Locale.ROOT,
                "  %-50s first token %8.1f ms%s   end %8.1f ms%n",
                label,
                m[0],
                base == null ? "" : String.format(Locale.ROOT, " (%+8.1f ms)", m[0] - base[0]),
                m[1]);
        return m;
    }

    /** @return median and p90 of chat() wall time, in ms */
    private static double[] calls(String label, Assistant assistant, int n, double[] base) {
        for (int i = 0; i < n / 4; i++) {
            assistant.chat(QUESTION);
        }
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            assistant.chat(QUESTION);
            t[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(t);
        double[] m = {t[n / 2], t[(int) (n * 0.9)]};
        System.out.printf(
                Locale.ROOT,
                "  %-50s median %7.1f ms   p90 %7.1f ms%s%n",
                label,
                m[0],
                m[1],
                base == null ? "" : String.format(Locale.ROOT, "   (median %+6.1f ms vs baseline)", m[0] - base[0]));
        return m;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
