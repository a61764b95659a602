package io.github.guardrails4j.nim.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.guardrails4j.async.LinkedFuture;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.exception.GuardTransportException;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.verdict.TokenUsage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * One streamed chat completion ({@code "stream": true} with {@code "stream_options": {"include_usage": true}}):
 * reads the server-sent events as they arrive, hands every content delta to a consumer in order, and completes
 * with the whole text, the finish reason and the usage. Internal API.
 *
 * <p><b>Ending.</b> The stream ends at {@code data: [DONE]} or at the end of the body. The result's
 * {@code finishReason} is null when no chunk carried one: the stream was cut, which callers treat as a truncated
 * answer. A chunk with an {@code error} object, or one that is not JSON, fails the call with a
 * {@link GuardProtocolException}; an I/O failure mid-stream with a {@link GuardTransportException} (or
 * {@link GuardTimeoutException} when a budget ran out).
 *
 * <p><b>Threads and cancelling.</b> The events are read on an OkHttp dispatcher thread, which also runs the delta
 * consumer and completes the future. Cancelling the returned future cancels the call and closes the socket, also
 * in the middle of the stream. Stateless and thread safe.
 */
public final class SseChatCall {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final String DATA = "data:";
    private static final String DONE = "[DONE]";
    /**
     * Most bytes read of one streamed line and of a whole streamed body: the bound of the plain path
     * ({@link NimHttp#MAX_RESPONSE_CHARS} characters, at most 4 bytes each in UTF-8). A guard answers in a few hundred
     * bytes; a line that never ends or an endless stream is a protocol error, never buffered until the heap is gone.
     */
    static final long MAX_STREAM_BYTES = 4L * NimHttp.MAX_RESPONSE_CHARS;
    /** Most bytes read of the body of a failed (non-2xx) streamed call, for its error message. */
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private SseChatCall() {}

    /**
     * Starts one streamed attempt.
     *
     * @param client the OkHttp client
     * @param apiKey the bearer key, or null for none
     * @param attemptTimeout the budget of the whole attempt, connect to the last event
     * @param url the chat completions URL
     * @param headers extra headers of this attempt ({@link AttemptHeaders}); the call's own headers win
     * @param body the body from {@link WireFormat#encodeChat} with stream on
     * @param onDelta receives every non-empty content delta, in order, on the reading thread; it must be fast and
     *        must not block; if it throws, the call is cancelled and the future fails with that exception's cause
     * @return a future of the whole answer, completed on an OkHttp dispatcher thread; cancelling it cancels the
     *         call
     */
    public static LinkedFuture<ChatAnswer> start(
            OkHttpClient client,
            String apiKey,
            Duration attemptTimeout,
            HttpUrl url,
            Headers headers,
            byte[] body,
            Consumer<String> onDelta) {
        Objects.requireNonNull(onDelta, "onDelta");
        Request.Builder rb = new Request.Builder()
                .url(url)
                .headers(headers)
                .header("Accept", "text/event-stream")
                .post(RequestBody.create(body, JSON));
        if (apiKey != null) {
            rb.header("Authorization", "Bearer " + apiKey);
        }
        Call call = client.newCall(rb.build());
        call.timeout().timeout(attemptTimeout.toNanos(), TimeUnit.NANOSECONDS);
        LinkedFuture<ChatAnswer> future = new LinkedFuture<>();
        future.onCancel(call::cancel);
        HttpUrl safeUrl = NimHttp.redacted(url);
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                future.completeExceptionally(ioFailure(safeUrl, attemptTimeout, e));
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    GuardProtocolException redirect = Redirects.failure(safeUrl, response);
                    if (redirect != null) {
                        throw redirect;
                    }
                    if (response.code() / 100 != 2) {
                        throw NimHttp.statusFailure(
                                safeUrl, response.code(), NimHttp.withoutKey(errorBody(response), apiKey));
                    }
                    future.complete(read(safeUrl, apiKey, response.body().source(), onDelta, future));
                } catch (IOException e) {
                    future.completeExceptionally(ioFailure(safeUrl, attemptTimeout, e));
                } catch (GuardrailsException e) {
                    c.cancel(); // stop reading an unbounded or broken stream; harmless once it ended
                    future.completeExceptionally(e);
                } catch (RuntimeException e) {
                    c.cancel(); // the consumer failed: stop the stream, keep the cause
                    future.completeExceptionally(e);
                }
            }
        });
        return future;
    }

    private static String errorBody(Response response) throws IOException {
        try (InputStream in = response.body().byteStream()) {
            return new String(in.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
        }
    }

    private static ChatAnswer read(
            HttpUrl url, String apiKey, BufferedSource source, Consumer<String> onDelta, LinkedFuture<?> future)
            throws IOException {
        StringBuilder content = new StringBuilder();
        String finishReason = null;
        TokenUsage usage = null;
        long[] read = {0};
        String line;
        while (!future.isDone() && (line = boundedLine(url, source, read)) != null) {
            if (!line.startsWith(DATA)) {
                continue; // blank separators, comments (": ping"), "event:" and "id:" lines carry no data here
            }
            String data = line.substring(DATA.length()).strip();
            if (DONE.equals(data)) {
                break;
            }
            JsonNode chunk = chunk(url, data);
            JsonNode error = chunk.get("error");
            if (error != null && !error.isNull()) {
                throw new GuardProtocolException(
                        "the stream from " + url + " carried an error: "
                                + NimHttp.excerpt(NimHttp.withoutKey(error.toString(), apiKey))
                                + "; check the server's logs",
                        null);
            }
            JsonNode u = chunk.get("usage");
            if (u != null && !u.isNull()) {
                usage = WireFormat.decodeUsage(u);
            }
            JsonNode choices = chunk.get("choices");
            if (choices == null || !choices.isArray() || choices.isEmpty()) {
                continue; // the usage chunk has an empty choices array
            }
            JsonNode choice = choices.get(0);
            JsonNode text = choice.path("delta").get("content");
            if (text != null && text.isTextual() && !text.textValue().isEmpty()) {
                content.append(text.textValue());
                if (content.length() > NimHttp.MAX_RESPONSE_CHARS) {
                    throw new GuardProtocolException(
                            "the stream from " + url + " is longer than "
                                    + NimHttp.MAX_RESPONSE_CHARS
                                    + " characters; a guard model answers in a few hundred: "
                                    + "check the URL and max_tokens",
                            null);
                }
                onDelta.accept(text.textValue());
            }
            JsonNode finish = choice.get("finish_reason");
            if (finish != null && finish.isTextual()) {
                finishReason = finish.textValue();
            }
        }
        return new ChatAnswer(content.toString(), finishReason, usage);
    }

    /**
     * Reads one line (without its {@code \n} or {@code \r\n}) of at most {@link #MAX_STREAM_BYTES} bytes, counting
     * every byte of the stream in {@code read[0]}.
     *
     * @return the line, or null at the end of the stream
     * @throws GuardProtocolException when the line, or the stream so far, is longer than the bound
     */
    private static String boundedLine(HttpUrl url, BufferedSource source, long[] read) throws IOException {
        long left = MAX_STREAM_BYTES - read[0];
        long newline = source.indexOf((byte) '\n', 0, left);
        if (newline < 0) {
            if (source.request(left)) {
                throw new GuardProtocolException(
                        "the stream from " + url + " sent more than " + MAX_STREAM_BYTES + " bytes "
                                + (read[0] == 0 ? "in one line" : "in all")
                                + "; a guard model answers in a few hundred: the call was cancelled, check the URL",
                        null);
            }
            if (source.exhausted()) {
                return null;
            }
            long rest = source.getBuffer().size();
            read[0] += rest;
            return stripCr(source.readUtf8(rest)); // the last line, without a newline
        }
        read[0] += newline + 1;
        String line = source.readUtf8(newline);
        source.skip(1);
        return stripCr(line);
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static JsonNode chunk(HttpUrl url, String data) {
        try {
            JsonNode node = WireFormat.readStrict(data);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            throw new GuardProtocolException(
                    "expected a chat completion chunk (exactly one JSON value, no repeated key) in the stream from "
                            + url + " but got: " + NimHttp.excerpt(data) + " (" + e.getOriginalMessage()
                            + "); check that the server is an OpenAI-compatible NIM",
                    e);
        }
        throw new GuardProtocolException(
                "expected a chat completion chunk (a JSON object) in the stream from " + url + " but got: "
                        + NimHttp.excerpt(data),
                null);
    }

    private static GuardrailsException ioFailure(HttpUrl url, Duration attemptTimeout, IOException e) {
        if (e instanceof InterruptedIOException) {
            return new GuardTimeoutException(
                    "the streamed call to " + url + " did not complete in time ("
                            + e.getMessage() + "); attemptTimeout " + attemptTimeout
                            + " covers the whole stream: raise it with "
                            + "NimClient.Builder if the guard is slow",
                    attemptTimeout,
                    e);
        }
        return new GuardTransportException(
                "the streamed call to " + url + " failed: " + e
                        + "; check that the NIM is running and the base URL is right",
                e);
    }
}
