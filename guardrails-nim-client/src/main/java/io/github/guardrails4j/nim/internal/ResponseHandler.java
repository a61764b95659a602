package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.exception.GuardrailsException;
import okhttp3.HttpUrl;

/**
 * Turns one HTTP answer into a result. Internal API. Implementations are stateless and thread safe.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ResponseHandler<T> {
    /**
     * Reads an answer.
     *
     * @param url the URL that answered, without credentials
     * @param status the HTTP status
     * @param body the body as UTF-8 text, at most {@link NimHttp#MAX_RESPONSE_CHARS} characters; empty when none
     * @return the result
     * @throws GuardrailsException the typed failure (status, protocol...) the future completes with
     */
    T handle(HttpUrl url, int status, String body);
}
