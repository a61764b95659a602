package io.github.guardrails4j.nim;

import static io.github.guardrails4j.nim.Nim.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.exception.GuardTransportException;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.exception.InputRejectedException;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.nim.internal.NimHttp;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class NimClientTest extends NimServerTest {
    static final String CANARY = "nvapi-CANARY-7f3a9e";

    private static ChatRequest request() {
        return ChatRequest.of("m", List.of(ChatMessage.user("hi")), 1e-20, 50);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        CompletionException e = assertThrows(
                CompletionException.class,
                () -> f.orTimeout(10, TimeUnit.SECONDS).join());
        return e.getCause();
    }

    @Test
    void baseUrlAcceptsTrailingSlashAndV1() throws Exception {
        String root = server.url("/").toString();
        for (String base : List.of(root, root + "v1", root + "v1/", root.substring(0, root.length() - 1))) {
            server.enqueue(json(200, "{\"data\":[{\"id\":\"a\"},{\"id\":\"b\"}]}"));
            NimClient c = clientBuilder().baseUrl(base).build();
            assertEquals(List.of("a", "b"), c.models().join());
            assertEquals("/v1/models", server.takeRequest().getUrl().encodedPath(), base);
        }
    }

    @Test
    void readsUsageWithCachedTokensAsKnownOnlyWhenSent() {
        server.enqueue(json(
                200,
                "{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":400,\"completion_tokens\":8,\"prompt_tokens_details\":"
                        + "{\"cached_tokens\":288}},\"extra\":{\"ignored\":true}}"));
        server.enqueue(json(
                200,
                "{\"choices\":[{\"message\":{\"content\":\"x\"}}],"
                        + "\"usage\":{\"prompt_tokens\":400,\"completion_tokens\":8,\"prompt_tokens_details\":"
                        + "{\"cached_tokens\":null}}}"));
        server.enqueue(json(200, "{\"choices\":[{\"message\":{\"content\":\"x\"}}]}"));
        ChatAnswer a = client.chatCompletion(request()).join();
        assertEquals(TokenUsage.of(400, 8, 288), a.usage());
        assertEquals("stop", a.finishReason());
        assertEquals(
                TokenUsage.of(400, 8, null),
                client.chatCompletion(request()).join().usage());
        ChatAnswer c = client.chatCompletion(request()).join();
        assertNull(c.usage());
        assertNull(c.finishReason());
    }

    @Test
    void temperatureIsSentAsTheNumber1e20() throws Exception {
        server.enqueue(json(200, "{\"choices\":[{\"message\":{\"content\":\"x\"}}]}"));
        client.chatCompletion(request()).join();
        String body = server.takeRequest().getBody().utf8();
        assertEquals(1e-20, Nim.JSON.readTree(body).get("temperature").doubleValue());
        assertFalse(body.contains("stream"));
    }

    @Test
    void statusFailuresMapToTypedExceptions() {
        server.enqueue(json(429, "{\"error\":\"too many\"}"));
        GuardServiceException limited =
                assertInstanceOf(GuardServiceException.class, failure(client.chatCompletion(request())));
        assertEquals(ErrorReason.RATE_LIMITED, limited.reason());
        assertEquals(429, limited.statusCode());

        server.enqueue(json(400, "{\"message\":\"This model's maximum context length is 8192 tokens\"}"));
        InputRejectedException rejected =
                assertInstanceOf(InputRejectedException.class, failure(client.chatCompletion(request())));
        assertEquals(ErrorReason.REJECTED_INPUT, rejected.reason());

        server.enqueue(json(400, "{\"message\":\"bad temperature\"}"));
        assertEquals(
                ErrorReason.HTTP_STATUS, ((GuardrailsException) failure(client.chatCompletion(request()))).reason());

        String big = "x".repeat(5000);
        server.enqueue(json(502, big));
        GuardServiceException bounded =
                assertInstanceOf(GuardServiceException.class, failure(client.chatCompletion(request())));
        assertTrue(bounded.bodyExcerpt().length() <= GuardServiceException.MAX_BODY_EXCERPT_CHARS + 3);
    }

    @Test
    void answersAreDecodedExactlyUpToTheLimitAndRefusedBeyondIt() {
        String text = "caf\u00e9 \u2713 \ud83d\ude00 \u4e2d";
        server.enqueue(json(200, "{\"choices\":[{\"message\":{\"content\":\"" + text + "\"}}]}"));
        assertEquals(text, client.chatCompletion(request()).join().content());

        String atLimit = "{\"data\":[{\"id\":\"m\"}]}";
        String padded = atLimit + " ".repeat(NimHttp.MAX_RESPONSE_CHARS - atLimit.length());
        server.enqueue(json(200, padded));
        assertEquals(List.of("m"), client.models().join());

        server.enqueue(json(200, padded + " "));
        GuardProtocolException tooLong = assertInstanceOf(GuardProtocolException.class, failure(client.models()));
        assertTrue(tooLong.getMessage().contains("longer than " + NimHttp.MAX_RESPONSE_CHARS + " characters"));
    }

    @Test
    void messagesNameTheUrlWithoutCredentialsQueryOrFragment() {
        HttpUrl clean = HttpUrl.get("http://127.0.0.1:8000/v1/chat/completions");
        assertSame(clean, NimHttp.redacted(clean));
        assertEquals(
                clean,
                NimHttp.redacted(HttpUrl.get("http://user:secret@127.0.0.1:8000/v1/chat/completions?key=k#frag")));
        assertEquals(clean, NimHttp.redacted(HttpUrl.get("http://user@127.0.0.1:8000/v1/chat/completions")));
        assertEquals(clean, NimHttp.redacted(HttpUrl.get("http://127.0.0.1:8000/v1/chat/completions?")));
    }

    @Test
    void nonApiBodiesAreProtocolErrors() {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .body("<!doctype html><html></html>")
                .build());
        assertInstanceOf(GuardProtocolException.class, failure(client.chatCompletion(request())));
        server.enqueue(json(200, "[1,2]"));
        assertInstanceOf(GuardProtocolException.class, failure(client.chatCompletion(request())));
        server.enqueue(json(200, "{\"choices\":[{}]}"));
        assertInstanceOf(GuardProtocolException.class, failure(client.chatCompletion(request())));
        server.enqueue(json(200, "{\"object\":\"list\"}"));
        assertInstanceOf(GuardProtocolException.class, failure(client.models()));
    }

    @Test
    void unreachableServerIsTransportError() throws Exception {
        String url = server.url("/").toString();
        server.close();
        NimClient c = clientBuilder().baseUrl(url).build();
        assertInstanceOf(GuardTransportException.class, failure(c.ready()));
    }

    @Test
    void slowServerIsTimeoutErrorWithTheBudget() {
        useRoutes();
        routes.hold(r -> true, json(200, "{}"));
        NimClient c = clientBuilder().attemptTimeout(Duration.ofMillis(200)).build();
        GuardTimeoutException e = assertInstanceOf(GuardTimeoutException.class, failure(c.chatCompletion(request())));
        assertEquals(Duration.ofMillis(200), e.timeout());
    }

    @Test
    void readyIsTrueOnlyFor2xx() {
        server.enqueue(json(200, "{\"object\":\"health-response\",\"message\":\"ready\"}"));
        server.enqueue(json(503, "{\"message\":\"not ready\"}"));
        assertTrue(client.ready().join());
        assertFalse(client.ready().join());
    }

    @Test
    void apiKeyNeverAppearsInToStringOrExceptionMessages() {
        NimClient keyed = clientBuilder().apiKey(CANARY).build();
        assertFalse(keyed.toString().contains(CANARY), keyed.toString());
        assertTrue(keyed.hasApiKey());
        List<Throwable> failures = new ArrayList<>();
        server.enqueue(json(500, "{\"error\":\"boom\"}"));
        server.enqueue(json(429, "{}"));
        server.enqueue(json(400, "{\"message\":\"maximum context length exceeded\"}"));
        server.enqueue(json(200, "<html>"));
        for (int i = 0; i < 4; i++) {
            failures.add(failure(keyed.chatCompletion(request())));
        }
        server.enqueue(json(200, "{\"score\":1}"));
        Verdict v = JailbreakDetectionRail.builder(keyed)
                .build()
                .check(RailRequest.ofInput("x"))
                .join();
        failures.add(v.error().orElseThrow());
        assertTrue(ContentSafetyRail.input(keyed).build().toString().contains("****"));
        for (Throwable t : failures) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                assertFalse(String.valueOf(c.getMessage()).contains(CANARY), c.toString());
            }
        }
    }

    @Test
    void ownedClientRaisesPerHostLimitAndDoesNotRetrySilently() {
        NimClient owned =
                NimClient.builder().baseUrl("http://127.0.0.1:8000/v1/").build();
        try {
            OkHttpClient ok = owned.okHttpClient();
            assertTrue(owned.ownsOkHttpClient());
            assertEquals(64, ok.dispatcher().getMaxRequestsPerHost());
            assertEquals(256, ok.dispatcher().getMaxRequests());
            assertFalse(ok.retryOnConnectionFailure());
            assertEquals(10_000, ok.callTimeoutMillis());
            assertEquals(2_000, ok.connectTimeoutMillis());
            assertEquals("http://127.0.0.1:8000", owned.baseUrl());
        } finally {
            owned.close();
        }
        assertTrue(owned.okHttpClient().dispatcher().executorService().isShutdown());
    }

    @Test
    void borrowedClientIsUsedAsGivenAndNeverShutDown() {
        assertSame(http, client.okHttpClient());
        assertFalse(client.ownsOkHttpClient());
        client.close();
        assertFalse(http.dispatcher().executorService().isShutdown());
    }

    @Test
    void newBuilderSharesTheOkHttpClient() {
        NimClient other = client.newBuilder().baseUrl("http://127.0.0.1:9001").build();
        assertSame(client.okHttpClient(), other.okHttpClient());
        assertEquals("http://127.0.0.1:9001", other.baseUrl());
        assertEquals(client.attemptTimeout(), other.attemptTimeout());
    }

    @Test
    void invalidConfigurationIsRejected() {
        assertThrows(ConfigurationException.class, () -> NimClient.builder().build());
        assertThrows(
                ConfigurationException.class,
                () -> NimClient.builder().baseUrl("ftp://x").build());
        assertThrows(
                ConfigurationException.class,
                () -> NimClient.builder()
                        .baseUrl("http://x")
                        .attemptTimeout(Duration.ofSeconds(-1))
                        .build());
    }
}
