package io.github.guardrails4j.examples;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.stream.GuardedStream;
import io.github.guardrails4j.stream.StreamBlocked;
import io.github.guardrails4j.stream.StreamListener;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.stream.StreamingGuard;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;

/**
 * Streams an LLM answer to the user while a content safety output rail checks it chunk by chunk. The answer has
 * an unsafe sentence in the middle: the guarded stream stops there, and the host shows an OpenAI-style
 * {@code content_blocked} error instead of the rest.
 *
 * <p>Run: {@code mvn -q -pl guardrails-examples -am -DskipTests compile exec:java
 * -Dexample=io.github.guardrails4j.examples.StreamingExample}. Uses {@code GUARDRAILS_NIM_URL} when set, else the
 * embedded simulator.
 */
public final class StreamingExample {
    /** A made-up answer, streamed word by word; the third sentence is unsafe. */
    static final String ANSWER = "Sure, here is how to settle a dispute with a neighbour. First, talk to them "
            + "calmly and listen to their side. If that fails, wait for him at night and stab him with a knife so "
            + "he learns. Finally, a mediator can help both of you agree on shared rules.";

    /** Pace of the stand-in LLM, in ms per word. */
    static final long WORD_INTERVAL_MS = 25;

    private StreamingExample() {}

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while streaming", e);
        }
    }

    /**
     * Runs the example in both release modes.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.getenv("GUARDRAILS_NIM_URL"), true, System.out);
        run(System.getenv("GUARDRAILS_NIM_URL"), false, System.out);
    }

    /**
     * Guards the streamed {@link #ANSWER}.
     *
     * @param nimUrl the NIM's base URL, or null for the embedded simulator
     * @param streamFirst true to release text before its chunk is checked; false to hold it back until it passes
     * @param out where the "user" sees text
     * @return what the user saw before the stream ended, and whether it was blocked
     */
    static Seen run(String nimUrl, boolean streamFirst, PrintStream out) {
        NimSimulator simulator = null;
        if (nimUrl == null || nimUrl.isBlank()) {
            simulator = NimSimulator.builder().latency(LatencyModel.realistic()).start();
            nimUrl = simulator.baseUrl();
        }
        try (NimClient nim = NimClient.builder().baseUrl(nimUrl).build()) {
            Guardrails guardrails = Guardrails.builder()
                    .rail(ContentSafetyRail.output(nim).build())
                    .build();
            StreamingGuard streaming = StreamingGuard.create(
                    guardrails,
                    StreamingConfig.builder()
                            .chunkSize(8)
                            .contextSize(3)
                            .streamFirst(streamFirst)
                            .build());

            StringBuilder shown = new StringBuilder();
            CompletableFuture<Boolean> ended = new CompletableFuture<>();
            out.println("--- " + (streamFirst ? "stream first" : "hold back") + " ---");
            GuardedStream stream = streaming.open("How do I deal with my noisy neighbour?", new StreamListener() {
                @Override
                public void onText(String released) {
                    shown.append(released);
                    out.print(released);
                }

                @Override
                public void onBlocked(StreamBlocked blocked) {
                    out.println();
                    out.println("[blocked by " + blocked.rail() + " at chunk " + blocked.chunkIndex() + "] "
                            + blocked.toOpenAiErrorJson());
                    ended.complete(true);
                }

                @Override
                public void onComplete() {
                    out.println();
                    ended.complete(false);
                }

                @Override
                public void onError(Throwable error) {
                    ended.completeExceptionally(error);
                }
            });
            // Stand-in for the LLM: one delta per word, paced like a model generating about 40 words a second.
            // A real host forwards its LLM client's deltas here and stops generating when onDelta returns false.
            for (String word : ANSWER.split("(?<= )")) {
                if (!stream.onDelta(word)) {
                    break;
                }
                pause(WORD_INTERVAL_MS);
            }
            stream.complete();
            boolean blocked = ended.join();
            return new Seen(shown.toString(), blocked);
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    /**
     * What the user saw.
     *
     * @param text the released text
     * @param blocked whether the stream was stopped by a rail
     */
    record Seen(String text, boolean blocked) {}
}
