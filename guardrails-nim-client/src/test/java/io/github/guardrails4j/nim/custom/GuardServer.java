package io.github.guardrails4j.nim.custom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;

/**
 * A guard server for the custom models over real HTTP: answers scripted responses first, in order, then asks a
 * function of the request; records every request.
 */
final class GuardServer extends Dispatcher implements AutoCloseable {
    final MockWebServer server = new MockWebServer();
    final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
    private final Queue<MockResponse> scripted = new ConcurrentLinkedQueue<>();
    private volatile Function<RecordedRequest, MockResponse> answer =
            r -> new MockResponse.Builder().code(404).body("{}").build();

    GuardServer() throws IOException {
        server.setDispatcher(this);
        server.start();
    }

    String baseUrl() {
        return server.url("/").toString();
    }

    /** The next request answers this, before the function. */
    GuardServer then(MockResponse response) {
        scripted.add(response);
        return this;
    }

    GuardServer otherwise(Function<RecordedRequest, MockResponse> answer) {
        this.answer = answer;
        return this;
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = requests.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no request arrived within 10 s");
        }
        return r;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        MockResponse next = scripted.poll();
        return next != null ? next : answer.apply(request);
    }

    static String body(RecordedRequest request) {
        return request.getBody().utf8();
    }

    static MockResponse chat(String content) {
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body("{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                        + "{\"role\":\"assistant\",\"content\":" + jsonString(content)
                        + "},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":9,\"total_tokens\":129,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":96}}}")
                .build();
    }

    static MockResponse classify(String label, double probability) {
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body("{\"label\": \"" + label + "\", \"probability\": " + probability + "}")
                .build();
    }

    static MockResponse unavailable() {
        return new MockResponse.Builder()
                .code(503)
                .addHeader("Content-Type", "application/json")
                .body("{\"detail\":\"model loading\"}")
                .build();
    }

    static String sseDelta(String delta) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":" + jsonString(delta) + "}}]}\n\n";
    }

    static String sseEnd() {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":9,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":96}}}\n\n"
                + "data: [DONE]\n\n";
    }

    /**
     * A server-sent event stream whose head is sent and flushed at once, and whose tail waits until
     * {@code release} is counted down (or 10 s pass): the stream stays open between them.
     */
    static MockResponse heldStream(String head, String tail, CountDownLatch release, AtomicBoolean tailSent) {
        byte[] first = head.getBytes(StandardCharsets.UTF_8);
        byte[] rest = tail.getBytes(StandardCharsets.UTF_8);
        MockResponseBody body = new MockResponseBody() {
            @Override
            public long getContentLength() {
                return first.length + rest.length;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(first);
                sink.flush();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while holding the stream", e);
                }
                tailSent.set(true);
                sink.write(rest);
                sink.flush();
            }
        };
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "text/event-stream")
                .body(body)
                .build();
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() {
        server.close();
    }
}
