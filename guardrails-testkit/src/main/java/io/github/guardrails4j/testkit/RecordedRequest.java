package io.github.guardrails4j.testkit;

import io.github.guardrails4j.testkit.internal.HeaderRedaction;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request received by the {@link NimSimulator}, as recorded for assertions and shown to
 * a {@link FaultInjector}.
 *
 * <p>{@link #toString()} masks credential headers ({@code authorization=[Bearer ****]}, also {@code x-api-key},
 * {@code cookie} and other names containing auth, key, token, secret, cookie, password, session or credential);
 * {@link #headers()} and {@link #header(String)} return the values as sent, for assertions.
 *
 * <h2>Thread safety</h2>
 * Immutable and thread safe.
 *
 * @param sequence the 1-based arrival number of the request on its simulator
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the request path without query, e.g. {@code /v1/chat/completions}
 * @param headers the request headers, names lower-cased, unmodifiable
 * @param body the request body decoded as UTF-8 (empty for none)
 * @param model the {@code model} field of a JSON body, or empty when absent or unparsable
 */
public record RecordedRequest(
        long sequence,
        String method,
        String path,
        Map<String, List<String>> headers,
        String body,
        Optional<String> model) {

    /**
     * Creates a recorded request, copying the headers.
     *
     * @param sequence the 1-based arrival number of the request on its simulator
     * @param method the HTTP method, e.g. {@code POST}
     * @param path the request path without query, e.g. {@code /v1/chat/completions}
     * @param headers the request headers, names lower-cased, unmodifiable
     * @param body the request body decoded as UTF-8 (empty for none)
     * @param model the {@code model} field of a JSON body, or empty when absent or unparsable
     * @throws NullPointerException if an argument is null
     */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(model, "model");
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, case-insensitive
     * @return the first value, if the header was sent
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The record's usual form, with credential header values masked so a printed request (a failed assertion, a
     * log line, an exception message) never shows an API key.
     *
     * @return for example {@code RecordedRequest[sequence=1, method=POST, path=/v1/classify,
     *     headers={authorization=[Bearer ****]}, body=..., model=Optional.empty]}
     */
    @Override
    public String toString() {
        return "RecordedRequest[sequence=" + sequence + ", method=" + method + ", path=" + path + ", headers="
                + HeaderRedaction.multi(headers) + ", body=" + body + ", model=" + model + "]";
    }
}
