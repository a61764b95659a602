package io.github.guardrails4j.nim.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Keeps retries in one layer (ours). OkHttp's {@code RetryAndFollowUpInterceptor} repeats a request once by itself
 * when a 503 answer carries {@code Retry-After: 0}, even with {@code retryOnConnectionFailure(false)}. This network
 * interceptor, which runs before OkHttp looks at the answer, moves a 503's {@code Retry-After} to
 * {@link #HEADER}; {@link NimHttp} reads it from there and the retry layer honours it. Internal API. Stateless and
 * thread safe.
 */
public final class OneRetryLayer implements Interceptor {
    /** Where a 503's {@code Retry-After} value is kept: {@value}. */
    public static final String HEADER = "Guardrails4j-Retry-After";

    /** The shared instance. */
    public static final OneRetryLayer INSTANCE = new OneRetryLayer();

    private OneRetryLayer() {}

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String retryAfter = response.code() == 503 ? response.header("Retry-After") : null;
        if (retryAfter == null) {
            return response;
        }
        return response.newBuilder()
                .removeHeader("Retry-After")
                .header(HEADER, retryAfter)
                .build();
    }

    /**
     * Sets response.
     *
     * @param response an answer
     * @return its {@code Retry-After} value, wherever this interceptor put it, or null
     */
    public static String retryAfter(Response response) {
        String direct = response.header("Retry-After");
        return direct != null ? direct : response.header(HEADER);
    }
}
