package io.github.guardrails4j.nim;

import static io.github.guardrails4j.nim.Nim.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.rail.RailObserver;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Headers a rail observer adds to each attempt: sent; invalid ones dropped; the client's own always win. */
class AttemptHeadersTest extends NimServerTest {
    static final String SAFE = "{\"User Safety\": \"safe\"}";

    /** Adds a trace header, an invalid header, and tries to replace the credentials and the content type. */
    static final RailObserver OBSERVER = new RailObserver() {
        @Override
        public void attemptHeaders(String endpoint, BiConsumer<String, String> header) {
            header.accept("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
            header.accept("X-Bad", "line\r\nbreak");
            header.accept("Authorization", "Bearer stolen");
            header.accept("Content-Type", "text/plain");
            header.accept("X-Request-Id", "r-1");
        }
    };

    @Test
    void sendsTheObserversHeadersDropsInvalidOnesAndKeepsItsOwn() throws Exception {
        server.enqueue(completion(SAFE));
        NimClient keyed = clientBuilder().apiKey("nvapi-real").build();
        Verdict v = ContentSafetyRail.input(keyed)
                .build()
                .check(RailRequest.ofInput("hello"), OBSERVER)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        assertEquals(Outcome.SAFE, v.outcome(), v.toString());
        RecordedRequest r = server.takeRequest();
        assertEquals(
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                r.getHeaders().get("traceparent"));
        assertEquals("r-1", r.getHeaders().get("X-Request-Id"));
        assertNull(r.getHeaders().get("X-Bad"), "an invalid header is dropped, the call goes on");
        assertEquals("Bearer nvapi-real", r.getHeaders().get("Authorization"));
        assertEquals(1, r.getHeaders().values("Authorization").size());
        assertTrue(r.getHeaders().get("Content-Type").startsWith("application/json"), "the body's own type");
    }

    @Test
    void anObserverThatThrowsStillGetsItsCallMade() {
        server.enqueue(completion(SAFE));
        Verdict v = ContentSafetyRail.input(client)
                .build()
                .check(RailRequest.ofInput("hello"), new RailObserver() {
                    @Override
                    public void attemptHeaders(String endpoint, BiConsumer<String, String> header) {
                        throw new IllegalStateException("observer bug");
                    }
                })
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        assertEquals(Outcome.SAFE, v.outcome(), v.toString());
        assertEquals(1, server.getRequestCount());
    }
}
