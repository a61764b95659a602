package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.exception.GuardProtocolException;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * A guard call never follows a redirect: a redirect would post the user's text to another server and let that
 * server's answer decide the verdict. The client a {@code NimClient} owns does not follow redirects, so a 3xx
 * arrives here as it is; a borrowed OkHttp client may follow them by itself, so an answer that is not the first
 * response of the requested URL is refused too. Internal API. Stateless and thread safe.
 */
public final class Redirects {
    private Redirects() {}

    /**
     * Checks that an answer is the requested URL's own, not a redirect and not the end of one.
     *
     * @param url the requested URL, redacted (for messages)
     * @param response the answer OkHttp delivered
     * @return a {@link GuardProtocolException} naming the redirect's target (redacted), or null when the answer is
     *     the requested URL's own
     */
    public static GuardProtocolException failure(HttpUrl url, Response response) {
        int status = response.code();
        if (status / 100 == 3) {
            String location = response.header("Location");
            HttpUrl target = location == null ? null : response.request().url().resolve(location);
            return new GuardProtocolException(
                    "the guard at " + url + " answered HTTP " + status + " with a redirect to "
                            + (target != null
                                    ? NimHttp.redacted(target)
                                    : location == null ? "(no Location)" : "(an invalid Location)")
                            + "; a guard call never follows a redirect (it would send the user's text to another "
                            + "server): point the base URL at the NIM itself",
                    null);
        }
        Response prior = redirect(response.priorResponse());
        if (prior != null || !NimHttp.redacted(response.request().url()).equals(url)) {
            return new GuardProtocolException(
                    "the call to " + url + " was redirected" + (prior == null ? "" : " (HTTP " + prior.code() + ")")
                            + " to "
                            + NimHttp.redacted(response.request().url())
                            + " by the borrowed OkHttpClient, and that answer is refused; a guard call never follows "
                            + "a redirect: build the OkHttpClient with followRedirects(false) and "
                            + "followSslRedirects(false), and point the base URL at the NIM itself",
                    null);
        }
        return null;
    }

    /**
     * {@return the first redirect among the earlier responses of a call, or null} An earlier response that is not a
     * redirect is OkHttp repeating the same request by itself (a 503 with {@code Retry-After: 0}, a 408).
     */
    private static Response redirect(Response prior) {
        for (Response p = prior; p != null; p = p.priorResponse()) {
            if (p.code() / 100 == 3) {
                return p;
            }
        }
        return null;
    }
}
