package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.async.LinkedFuture;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.exception.GuardTransportException;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.exception.InputRejectedException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP attempt against a NIM: builds a new {@link Call} per invocation, enqueues it, and maps the outcome to
 * a result or to one of core's typed exceptions. This is the single "one attempt" path that a retry layer can wrap
 * as a lazy supplier (a new call per attempt). Internal API.
 *
 * <p>Failure mapping: I/O failure -> {@link GuardTransportException}; a timeout ({@link InterruptedIOException},
 * including OkHttp's call timeout) -> {@link GuardTimeoutException}; a non-2xx status -> {@link
 * GuardServiceException} (reason RATE_LIMITED for 429), except HTTP 400 whose body mentions the context length ->
 * {@link InputRejectedException}; a body over {@link #MAX_RESPONSE_CHARS} -> {@link GuardProtocolException}.
 *
 * <p>Immutable and thread safe. The API key is held here only to set the header; it never appears in messages.
 */
public final class NimHttp {
    /** Longest response body read, in characters: {@value}. Guard answers are a few hundred bytes. */
    public static final int MAX_RESPONSE_CHARS = 1 << 20;

    /** What replaces the API key in a body that echoes it: {@value}. */
    public static final String REDACTED_KEY = "****";

    private static final Logger LOG = LoggerFactory.getLogger(NimHttp.class);

    private final OkHttpClient client;
    private final String apiKey;
    private final Duration attemptTimeout;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Clock clock;

    /**
     * Sets client.
     *
     * @param client the OkHttp client calls are made with
     * @param apiKey the bearer key, or null for none
     * @param attemptTimeout the budget of one attempt, applied to every call
     * @param connectTimeout the connect timeout in effect, for messages
     * @param readTimeout the read timeout in effect, for messages
     */
    public NimHttp(
            OkHttpClient client,
            String apiKey,
            Duration attemptTimeout,
            Duration connectTimeout,
            Duration readTimeout) {
        this(client, apiKey, attemptTimeout, connectTimeout, readTimeout, Clock.systemUTC());
    }

    /**
     * Sets client.
     *
     * @param client the OkHttp client calls are made with
     * @param apiKey the bearer key, or null for none
     * @param attemptTimeout the budget of one attempt, applied to every call
     * @param connectTimeout the connect timeout in effect, for messages
     * @param readTimeout the read timeout in effect, for messages
     * @param clock the wall clock, to read {@code Retry-After} dates
     */
    public NimHttp(
            OkHttpClient client,
            String apiKey,
            Duration attemptTimeout,
            Duration connectTimeout,
            Duration readTimeout,
            Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = Objects.requireNonNull(client, "client");
        this.apiKey = apiKey;
        this.attemptTimeout = Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** {@return the OkHttp client in use} */
    public OkHttpClient client() {
        return client;
    }

    /**
     * Starts one attempt.
     *
     * @param request the request, without authorization (added here when a key is set)
     * @param handler reads the answer
     * @param <T> the result type
     * @return a future completed on an OkHttp dispatcher thread; cancelling it cancels the call (also after it
     *     completed, which is harmless)
     */
    public <T> LinkedFuture<T> execute(Request request, ResponseHandler<T> handler) {
        // without a key the request goes as built: no copy of it and of its headers per attempt
        Request sent = apiKey == null
                ? request
                : request.newBuilder()
                        .header("Authorization", "Bearer " + apiKey)
                        .build();
        Call call = client.newCall(sent);
        call.timeout().timeout(attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
        LinkedFuture<T> future = new LinkedFuture<>();
        future.onCancel(call::cancel);
        HttpUrl url = redacted(request.url());
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                future.completeExceptionally(ioFailure(url, e));
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    GuardProtocolException redirect = Redirects.failure(url, response);
                    if (redirect != null) {
                        throw redirect;
                    }
                    String body = readBody(url, response.body());
                    T result;
                    try {
                        result = handler.handle(url, response.code(), body);
                    } catch (GuardrailsException e) {
                        throw withoutKey(e, url, response.code(), body, handler);
                    }
                    future.complete(result);
                } catch (IOException e) {
                    future.completeExceptionally(ioFailure(url, e));
                } catch (GuardrailsException e) {
                    future.completeExceptionally(withRetryAfter(url, e, OneRetryLayer.retryAfter(response)));
                } catch (RuntimeException e) {
                    // a bug in a handler: keep the cause, report as a protocol failure rather than lose the call
                    future.completeExceptionally(
                            new GuardProtocolException("cannot read the answer of " + url + ": " + e, e));
                }
            }
        });
        return future;
    }

    /** Keeps a {@code Retry-After} header of a non-success answer on its exception, for the retry layer. */
    private GuardrailsException withRetryAfter(HttpUrl url, GuardrailsException e, String header) {
        if (header == null || e.getClass() != GuardServiceException.class) {
            return e;
        }
        Duration wait = RetryAfter.parse(header, clock);
        if (wait == null) {
            return e;
        }
        GuardServiceException s = (GuardServiceException) e;
        GuardServiceException r = new GuardServiceException(url.toString(), s.statusCode(), s.bodyExcerpt(), wait);
        r.setStackTrace(e.getStackTrace());
        return r;
    }

    /**
     * Some gateways print the request's {@code Authorization} header in their error pages. Failures carry a body
     * excerpt, so when the body holds the key the answer is read again with the key masked, and that failure is
     * the one reported. The success path never alters a body.
     */
    private <T> GuardrailsException withoutKey(
            GuardrailsException failure, HttpUrl url, int status, String body, ResponseHandler<T> handler) {
        String maskedBody = withoutKey(body, apiKey);
        if (maskedBody == body) {
            return failure;
        }
        try {
            handler.handle(url, status, maskedBody);
        } catch (GuardrailsException masked) {
            return masked;
        }
        return new GuardProtocolException(
                "the answer of " + url + " (HTTP " + status + ") echoes the API key and "
                        + "cannot be read; it is not shown: check the server or gateway",
                null);
    }

    /**
     * The one redaction routine of every path (plain, streamed, early decision): masks the API key where an answer
     * echoes it (some gateways print the request's {@code Authorization} header in their error pages), so that
     * {@code Bearer KEY} becomes {@code Bearer ****}.
     *
     * @param text an answer's body or excerpt
     * @param apiKey the bearer key, or null for none
     * @return the text with every occurrence of the key replaced by {@link #REDACTED_KEY}; the same instance when it
     *     holds none
     */
    public static String withoutKey(String text, String apiKey) {
        if (apiKey == null || apiKey.isEmpty() || !text.contains(apiKey)) {
            return text;
        }
        return text.replace(apiKey, REDACTED_KEY);
    }

    private static String readBody(HttpUrl url, ResponseBody body) throws IOException {
        // Read through the body's own Okio buffer: no 8 KB copy buffer per answer (InputStream.readNBytes
        // allocates one per call), and the String is decoded straight from the pooled segments.
        BufferedSource source = body.source();
        long limit = MAX_RESPONSE_CHARS * 4L + 1;
        source.request(limit);
        String text = source.readString(Math.min(source.getBuffer().size(), limit), StandardCharsets.UTF_8);
        if (text.length() > MAX_RESPONSE_CHARS) {
            throw new GuardProtocolException(
                    "the answer of " + url + " is longer than " + MAX_RESPONSE_CHARS
                            + " characters; a guard model answers in a few hundred: check the URL",
                    null);
        }
        return text;
    }

    private GuardrailsException ioFailure(HttpUrl url, IOException e) {
        if (e instanceof InterruptedIOException) {
            LOG.debug("guard call to {} timed out", url, e);
            return new GuardTimeoutException(
                    "the call to " + url + " did not complete in time (" + e.getMessage()
                            + "); budgets per attempt: attemptTimeout " + attemptTimeout + ", connectTimeout "
                            + connectTimeout
                            + ", readTimeout " + readTimeout
                            + "; raise them with NimClient.Builder if the guard is slow",
                    attemptTimeout,
                    e);
        }
        LOG.debug("guard call to {} failed", url, e);
        return new GuardTransportException(
                "the call to " + url + " failed: " + e + "; check that the NIM is running and the base URL is right",
                e);
    }

    /**
     * Maps a non-success status to its typed exception.
     *
     * @param url the URL that answered
     * @param status the status, not 2xx
     * @param body the body text
     * @return {@link InputRejectedException} for a 400 about the context length, else {@link GuardServiceException}
     */
    public static GuardrailsException statusFailure(HttpUrl url, int status, String body) {
        if (status == 400) {
            String lower = body.toLowerCase(Locale.ROOT);
            if (lower.contains("maximum context length") || lower.contains("context length")) {
                return new InputRejectedException(
                        "the guard at " + url + " rejected the input as longer than the "
                                + "model's context length (HTTP 400: " + excerpt(body)
                                + "); shorten the text or split it",
                        new GuardServiceException(url.toString(), status, body));
            }
        }
        return new GuardServiceException(url.toString(), status, body);
    }

    /**
     * Sets body.
     *
     * @param body a body
     * @return at most {@link GuardServiceException#MAX_BODY_EXCERPT_CHARS} characters of it
     */
    public static String excerpt(String body) {
        return GuardServiceException.excerpt(body);
    }

    /**
     * Sets url.
     *
     * @param url a URL
     * @return the URL without user info, query or fragment (safe for messages)
     */
    public static HttpUrl redacted(HttpUrl url) {
        if (url.encodedUsername().isEmpty()
                && url.encodedPassword().isEmpty()
                && url.encodedQuery() == null
                && url.encodedFragment() == null) {
            return url; // nothing to remove: no rebuilt copy per attempt
        }
        return url.newBuilder()
                .username("")
                .password("")
                .query(null)
                .fragment(null)
                .build();
    }
}
