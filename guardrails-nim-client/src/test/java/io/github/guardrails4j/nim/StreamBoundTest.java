package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.nim.internal.NimHttp;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/**
 * A streamed answer is bounded like the plain one: a {@code data:} line that never ends, or a stream of lines
 * longer in total than the bound, is a protocol error and the call is cancelled, never buffered until the heap
 * runs out.
 */
class StreamBoundTest extends NimServerTest {
    private static final long BOUND_BYTES = 4L * NimHttp.MAX_RESPONSE_CHARS;

    private Verdict streamed(String body) {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "text/event-stream")
                .body(body)
                .build());
        return ContentSafetyRail.input(client)
                .earlyDecision(true)
                .build()
                .check(RailRequest.ofInput("hello"))
                .orTimeout(30, TimeUnit.SECONDS)
                .join();
    }

    private static void assertBounded(Verdict v) {
        assertEquals(Outcome.ERROR, v.outcome(), v::toString);
        assertEquals(ErrorReason.PROTOCOL, v.errorReason().orElseThrow(), v::toString);
        Throwable e = v.error().orElseThrow();
        assertEquals(GuardProtocolException.class, e.getClass());
        assertTrue(e.getMessage().contains("more than " + BOUND_BYTES + " bytes"), e.getMessage());
    }

    @Test
    void aDataLineThatNeverEndsIsAProtocolError() {
        assertBounded(streamed(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "a".repeat((int) BOUND_BYTES + 16)));
        Nim.await("the call to end", java.time.Duration.ofSeconds(5), () -> runningCalls() == 0);
    }

    @Test
    void aStreamOfShortLinesLongerThanTheBoundIsAProtocolError() {
        String ping = ": ping\n";
        assertBounded(streamed(ping.repeat((int) (BOUND_BYTES / ping.length()) + 2)
                + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));
    }

    @Test
    void aStreamUnderTheBoundIsRead() {
        Verdict v = streamed(": ping\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"{\\\"User Safety\\\": \\\"safe\\\"}\"}}]}\r\n\r\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        assertEquals(Outcome.SAFE, v.outcome(), v::toString);
    }
}
