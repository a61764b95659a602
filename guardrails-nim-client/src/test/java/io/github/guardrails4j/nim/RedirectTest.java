package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A guard call never follows a redirect: a 3xx is a protocol error naming the (redacted) Location, never retried,
 * and the other host's answer never decides; with a borrowed client that follows redirects by itself the
 * redirected answer is refused too. Plain and streamed (early decision) paths.
 */
class RedirectTest extends NimServerTest {
    private static final RailRequest INPUT = RailRequest.ofInput("How do I kill my neighbour?");
    private MockWebServer elsewhere;

    @BeforeEach
    void startElsewhere() throws IOException {
        elsewhere = new MockWebServer();
        elsewhere.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return request.getHeaders().get("Accept") != null
                                && request.getHeaders().get("Accept").contains("event-stream")
                        ? new MockResponse.Builder()
                                .code(200)
                                .addHeader("Content-Type", "text/event-stream")
                                .body("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                                        + "\"{\\\"User Safety\\\": \\\"safe\\\"}\"}}]}\n\n"
                                        + "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"
                                        + "\n\ndata: [DONE]\n\n")
                                .build()
                        : Nim.completion("{\"User Safety\": \"safe\"}");
            }
        });
        elsewhere.start();
    }

    @AfterEach
    void stopElsewhere() {
        elsewhere.close();
    }

    /** The Location, with credentials and a query that must never be printed. */
    private String location() {
        return "http://guest:hunter2@127.0.0.1:" + elsewhere.getPort() + "/v1/chat/completions?sig=s3cr3t";
    }

    private void redirectEverything() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder()
                        .code(307)
                        .addHeader("Location", location())
                        .build();
            }
        });
    }

    private static Verdict await(CompletableFuture<Verdict> f) {
        return f.orTimeout(20, TimeUnit.SECONDS).join();
    }

    private void assertRefused(Verdict v) {
        assertEquals(Outcome.ERROR, v.outcome(), v::toString);
        assertEquals(ErrorReason.PROTOCOL, v.errorReason().orElseThrow(), v::toString);
        Throwable e = v.error().orElseThrow();
        assertEquals(GuardProtocolException.class, e.getClass(), v::toString);
        String redacted = "http://127.0.0.1:" + elsewhere.getPort() + "/v1/chat/completions";
        assertTrue(e.getMessage().contains(redacted), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertFalse(v.toString().contains("hunter2") || v.toString().contains("s3cr3t"), v::toString);
    }

    private NimClient owned(ResilienceConfig resilience) {
        return NimClient.builder()
                .baseUrl(server.url("/").toString())
                .attemptTimeout(Duration.ofSeconds(5))
                .resilience(resilience)
                .build();
    }

    @Test
    void anOwnedClientNeverFollowsARedirectAndDoesNotRetryIt() {
        redirectEverything();
        try (NimClient c = owned(ResilienceConfig.ofDefaults())) {
            assertRefused(await(ContentSafetyRail.input(c).build().check(INPUT)));
        }
        assertEquals(1, server.getRequestCount(), "a redirect is not retried");
        assertEquals(0, elsewhere.getRequestCount(), "the prompt never goes to the other host");
    }

    @Test
    void anOwnedClientNeverFollowsARedirectOfAStream() {
        redirectEverything();
        try (NimClient c = owned(ResilienceConfig.ofDefaults())) {
            assertRefused(
                    await(ContentSafetyRail.input(c).earlyDecision(true).build().check(INPUT)));
        }
        assertEquals(1, server.getRequestCount());
        assertEquals(0, elsewhere.getRequestCount(), "the prompt never goes to the other host");
    }

    @Test
    void aBorrowedClientThatFollowsRedirectsHasTheRedirectedAnswerRefused() {
        redirectEverything();
        assertTrue(http.followRedirects(), "OkHttp's default");
        assertRefused(await(ContentSafetyRail.input(client).build().check(INPUT)));
        assertRefused(await(JailbreakDetectionRail.builder(client).build().check(INPUT)));
    }

    @Test
    void aBorrowedClientThatFollowsRedirectsHasTheRedirectedStreamRefused() {
        redirectEverything();
        assertRefused(await(
                ContentSafetyRail.input(client).earlyDecision(true).build().check(INPUT)));
    }
}
