package io.github.guardrails4j.nim.faults;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.exception.GuardTransportException;
import io.github.guardrails4j.exception.GuardUnavailableException;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.exception.InputRejectedException;
import io.github.guardrails4j.verdict.Outcome;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;

/**
 * Every fault of the matrix: how the fake NIM misbehaves and the one outcome each rail must end in. The client
 * under test has a {@link FaultMatrixTest#CALL_TIMEOUT} call timeout and makes one attempt. Public so the security
 * suite can force the same error paths.
 */
public enum FaultCase {
    CONNECTION_REFUSED(
            "connection refused (closed port)",
            null,
            Expected.error(ErrorReason.TRANSPORT, GuardTransportException.class, 0)),
    CLOSED_BEFORE_HEADERS(
            "connection closed before the status line",
            r -> ok(r.safeBody()).onResponseStart(new SocketEffect.CloseSocket()),
            Expected.error(ErrorReason.TRANSPORT, GuardTransportException.class, 1)),
    RESET_MID_BODY(
            "connection closed mid-body (safe answer cut)",
            r -> ok(r.safeBody()).onResponseBody(new SocketEffect.CloseSocket()),
            Expected.error(ErrorReason.TRANSPORT, GuardTransportException.class, 1)),
    SLOW_HEADERS(
            "headers delayed 5 s (past attemptTimeout)",
            r -> ok(r.safeBody()).headersDelay(5, TimeUnit.SECONDS),
            Expected.error(ErrorReason.TIMEOUT, GuardTimeoutException.class, 1)),
    SLOW_BODY(
            "body throttled to 4 bytes / 250 ms (past attemptTimeout)",
            r -> ok(r.safeBody()).throttleBody(4, 250, TimeUnit.MILLISECONDS),
            Expected.error(ErrorReason.TIMEOUT, GuardTimeoutException.class, 1)),
    HTTP_400(
            "HTTP 400 (validation error)",
            r -> json(400, FaultBodies.BAD_REQUEST_400),
            Expected.error(ErrorReason.HTTP_STATUS, GuardServiceException.class, 1)),
    HTTP_400_CONTEXT_LENGTH(
            "HTTP 400 (over the context length)",
            r -> json(400, FaultBodies.CONTEXT_LENGTH_400),
            Expected.error(ErrorReason.REJECTED_INPUT, InputRejectedException.class, 1)),
    HTTP_401(
            "HTTP 401",
            r -> json(401, "{\"status\":401,\"title\":\"Unauthorized\",\"detail\":\"Authentication " + "failed\"}")
                    .addHeader("WWW-Authenticate", "Bearer"),
            Expected.error(ErrorReason.HTTP_STATUS, GuardServiceException.class, 1)),
    HTTP_404(
            "HTTP 404",
            r -> json(404, "{\"detail\":\"Not Found\"}"),
            Expected.error(ErrorReason.HTTP_STATUS, GuardServiceException.class, 1)),
    HTTP_408(
            "HTTP 408",
            r -> json(408, FaultBodies.error(408, "Request Timeout")),
            Expected.error(ErrorReason.HTTP_STATUS, GuardServiceException.class, 1)),
    HTTP_429(
            "HTTP 429 without Retry-After",
            r -> json(429, FaultBodies.error(429, "Too Many Requests")),
            Expected.error(ErrorReason.RATE_LIMITED, GuardServiceException.class, 1)),
    HTTP_429_RETRY_AFTER(
            "HTTP 429 with Retry-After: 1",
            r -> json(429, FaultBodies.error(429, "Too Many Requests")).addHeader("Retry-After", "1"),
            Expected.error(ErrorReason.RATE_LIMITED, GuardServiceException.class, 1)),
    HTTP_500(
            "HTTP 500",
            r -> json(500, FaultBodies.error(500, "Internal Server Error")),
            Expected.error(ErrorReason.HTTP_STATUS, GuardServiceException.class, 1)),
    HTTP_502(
            "HTTP 502 (HTML from a proxy)",
            r -> html(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"),
            Expected.error(ErrorReason.HTTP_STATUS, GuardServiceException.class, 1)),
    HTTP_503(
            "HTTP 503 without Retry-After",
            r -> json(503, FaultBodies.error(503, "Service Unavailable")),
            Expected.error(ErrorReason.HTTP_STATUS, GuardServiceException.class, 1)),
    HTTP_503_RETRY_AFTER_0(
            "HTTP 503 with Retry-After: 0",
            r -> json(503, FaultBodies.error(503, "Service Unavailable")).addHeader("Retry-After", "0"),
            Expected.error(ErrorReason.HTTP_STATUS, GuardServiceException.class, 1)),
    HTTP_504(
            "HTTP 504 (HTML from a gateway)",
            r -> html(504, "<html><body><h1>504 Gateway Time-out</h1></body></html>"),
            Expected.error(ErrorReason.HTTP_STATUS, GuardServiceException.class, 1)),
    REDIRECT_307(
            "HTTP 307 to another host",
            r -> new MockResponse.Builder().code(307).addHeader("Location", "http://127.0.0.1:9/elsewhere" + r.path()),
            Expected.error(ErrorReason.PROTOCOL, GuardProtocolException.class, 1)),
    HTML_200(
            "200 with an HTML body",
            r -> html(200, FaultBodies.HTML_PAGE),
            Expected.error(ErrorReason.PROTOCOL, GuardProtocolException.class, 1)),
    TRUNCATED_JSON_200(
            "200 with truncated JSON (safe answer cut)",
            r -> json(200, r.safeBody().substring(0, r.safeBody().length() / 2)),
            Expected.error(ErrorReason.PROTOCOL, GuardProtocolException.class, 1)),
    DUPLICATE_ENVELOPE_KEYS(
            "200 with repeated envelope keys (unsafe answer, then a safe one)",
            r -> json(
                    200,
                    r.unsafeBody().substring(0, r.unsafeBody().length() - 1) + ","
                            + r.safeBody().substring(1)),
            Expected.error(ErrorReason.PROTOCOL, GuardProtocolException.class, 1)),
    TRAILING_OBJECT_200(
            "200 with two JSON objects (safe answer, then an unsafe one)",
            r -> json(200, r.safeBody() + r.unsafeBody()),
            Expected.error(ErrorReason.PROTOCOL, GuardProtocolException.class, 1)),
    ENDLESS_SSE_LINE(
            "200 text/event-stream whose data: line never ends (4.5 MiB, no newline)",
            r -> new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "text/event-stream")
                    .body("data: {\"choices\":[{\"delta\":{\"content\":\"" + "a".repeat(9 << 19)),
            Expected.error(ErrorReason.PROTOCOL, GuardProtocolException.class, 1)),
    CLOSE_DURING_RETRY(
            "HTTP 429 with Retry-After: 3, then NimClient.close() while the retry waits (3 attempts allowed)",
            r -> json(429, FaultBodies.error(429, "Too Many Requests")).addHeader("Retry-After", "3"),
            Expected.error(ErrorReason.UNAVAILABLE, GuardUnavailableException.class, 1)),
    EMPTY_200(
            "200 with an empty body",
            r -> json(200, ""),
            Expected.error(ErrorReason.PROTOCOL, GuardProtocolException.class, 1)),
    TEXT_PLAIN_200(
            "200 text/plain with a valid JSON body (unsafe answer)",
            r -> new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "text/plain; charset=utf-8")
                    .body(r.unsafeBody()),
            Expected.parsed(Outcome.UNSAFE, 1));

    private final String label;
    private final Function<RailUnderTest, MockResponse.Builder> response;
    private final Expected expected;

    FaultCase(String label, Function<RailUnderTest, MockResponse.Builder> response, Expected expected) {
        this.label = label;
        this.response = response;
        this.expected = expected;
    }

    /** @return the row label of the matrix */
    public String label() {
        return label;
    }

    /** @return true when the test closes the client while the check waits for a retry */
    public boolean closesDuringRetry() {
        return this == CLOSE_DURING_RETRY;
    }

    /** @return true when nothing listens: the client connects to a closed port */
    public boolean refusesConnections() {
        return response == null;
    }

    /**
     * @param rail the rail whose endpoint misbehaves
     * @return what the fake NIM answers to every request
     * @throws IllegalStateException for {@link #CONNECTION_REFUSED}, which has no server
     */
    public MockResponse response(RailUnderTest rail) {
        if (response == null) {
            throw new IllegalStateException(this + " has no server");
        }
        return response.apply(rail).build();
    }

    /** @return the one outcome every rail must end in */
    public Expected expected() {
        return expected;
    }

    @Override
    public String toString() {
        return label;
    }

    private static MockResponse.Builder ok(String body) {
        return json(200, body);
    }

    private static MockResponse.Builder json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body);
    }

    private static MockResponse.Builder html(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "text/html")
                .body(body);
    }

    /**
     * The documented outcome of a fault.
     *
     * @param outcome the verdict's outcome
     * @param reason the error reason, or null when the answer was parsed
     * @param exception the exact exception class on the verdict, or null
     * @param requests how many HTTP requests the fake NIM receives for one check
     */
    public record Expected(
            Outcome outcome, ErrorReason reason, Class<? extends GuardrailsException> exception, int requests) {
        static Expected error(ErrorReason reason, Class<? extends GuardrailsException> exception, int requests) {
            return new Expected(Outcome.ERROR, reason, exception, requests);
        }

        static Expected parsed(Outcome outcome, int requests) {
            return new Expected(outcome, null, null, requests);
        }

        /** @return the matrix cell: {@code ERROR TIMEOUT}, or {@code UNSAFE (parsed)} */
        public String cell() {
            return reason == null ? outcome + " (parsed)" : outcome + " " + reason;
        }

        /** @return the exception column: the simple class name, or a dash */
        public String exceptionName() {
            return exception == null ? "-" : exception.getSimpleName();
        }
    }
}
