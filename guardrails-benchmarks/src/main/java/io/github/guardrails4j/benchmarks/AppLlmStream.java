package io.github.guardrails4j.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.guardrails4j.stream.StreamingLlmCall;
import io.github.guardrails4j.testkit.NimSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The host's application LLM for {@link StreamedTurnReport}: one streamed chat completion read with the JDK's
 * {@link HttpClient} (the host's own client, not ours), each server-sent event handed over as it arrives. It stamps
 * ({@link System#nanoTime()}) the last content delta, the chunk that carries {@code finish_reason} and the
 * {@code data: [DONE]} line, then completes the subscriber: so "the LLM stream's end" is measured where the host
 * learns it, before any of our code runs. Not thread safe: one call at a time.
 */
final class AppLlmStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI uri;
    private final Integer maxTokens;

    /** The stamps of the last call, in {@link System#nanoTime()}; 0 when not seen. */
    volatile long lastContent;

    /** When the chunk with {@code finish_reason} arrived (the same chunk as the last content on a length stop). */
    volatile long finish;

    /** When {@code data: [DONE]} arrived, just before the subscriber's {@code onComplete}. */
    volatile long done;

    /** The last call's finish reason. */
    volatile String finishReason;

    /**
     * Makes the call.
     *
     * @param baseUrl the simulator's base URL
     * @param maxTokens {@code max_tokens} to send (the answer's length gives a {@code length} stop), or null for an
     *     end-of-sequence ({@code stop}) stop
     */
    AppLlmStream(String baseUrl, Integer maxTokens) {
        this.uri = URI.create(baseUrl + "/v1/chat/completions");
        this.maxTokens = maxTokens;
    }

    /** {@return the call as a {@link StreamingLlmCall}} */
    StreamingLlmCall call() {
        return userMessage -> subscriber -> {
            lastContent = 0;
            finish = 0;
            done = 0;
            finishReason = null;
            AtomicBoolean cancelled = new AtomicBoolean();
            Flow.Subscription[] lines = new Flow.Subscription[1];
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {}

                @Override
                public void cancel() {
                    cancelled.set(true);
                    Flow.Subscription s = lines[0];
                    if (s != null) {
                        s.cancel();
                    }
                }
            });
            http.sendAsync(request(userMessage), HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<>() {
                        @Override
                        public void onSubscribe(Flow.Subscription s) {
                            lines[0] = s;
                            s.request(Long.MAX_VALUE);
                        }

                        @Override
                        public void onNext(String line) {
                            if (cancelled.get() || !line.startsWith("data: ")) {
                                return;
                            }
                            String data = line.substring("data: ".length());
                            if (data.equals("[DONE]")) {
                                done = System.nanoTime();
                                subscriber.onComplete();
                                return;
                            }
                            JsonNode choice = parse(data).path("choices").path(0);
                            String content =
                                    choice.path("delta").path("content").asText("");
                            JsonNode reason = choice.get("finish_reason");
                            long now = System.nanoTime();
                            if (!content.isEmpty()) {
                                lastContent = now;
                                subscriber.onNext(content);
                            }
                            if (reason != null && reason.isTextual()) {
                                finish = now;
                                finishReason = reason.textValue();
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            if (!cancelled.get()) {
                                subscriber.onError(t);
                            }
                        }

                        @Override
                        public void onComplete() {
                            if (done == 0 && !cancelled.get()) {
                                subscriber.onError(new IOException("the stream ended without [DONE]"));
                            }
                        }
                    }))
                    .exceptionally(t -> {
                        if (!cancelled.get()) {
                            subscriber.onError(t);
                        }
                        return null;
                    });
        };
    }

    private HttpRequest request(String userMessage) {
        ObjectNode body = JSON.createObjectNode().put("model", NimSimulator.DEFAULT_APPLICATION_MODEL_ID);
        body.putArray("messages").addObject().put("role", "user").put("content", userMessage);
        body.put("stream", true);
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private static JsonNode parse(String data) {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
