package io.github.guardrails4j.nim;

import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.model.ClassifyAnswer;
import io.github.guardrails4j.model.ClassifyRequest;
import io.github.guardrails4j.model.GuardRequest;
import io.github.guardrails4j.nim.internal.WireFormat;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * The exact bytes {@link NimClient} sends and the way it reads the answers, for hosts that carry guard calls over
 * their own HTTP stack (and for benchmarks and dry runs): {@link NimRail#request} renders a check, {@link #encode}
 * gives the body, {@link #decodeChat} / {@link #decodeClassify} read the server's answer, and
 * {@link io.github.guardrails4j.model.GuardModel#parse} reads the verdict. Stateless and thread safe.
 */
public final class NimCodec {
    private static final HttpUrl NO_URL = HttpUrl.get("http://guard.invalid/");

    private NimCodec() {}

    /**
     * The request body, byte for byte as {@link NimClient} sends it (UTF-8 JSON; unpaired surrogates escaped).
     *
     * @param request a chat request ({@code POST /v1/chat/completions}) or a classify request
     * @return the body
     * @throws NullPointerException when request is null
     */
    public static byte[] encode(GuardRequest request) {
        Objects.requireNonNull(request, "request");
        return request instanceof ChatRequest
                ? WireFormat.encodeChat((ChatRequest) request, false)
                : WireFormat.encodeClassify(((ClassifyRequest) request).input());
    }

    /**
     * Reads a chat completion answer (2xx body).
     *
     * @param body the body
     * @return the first choice's text, finish reason and usage
     * @throws GuardProtocolException when the body is not a chat completion
     */
    public static ChatAnswer decodeChat(String body) {
        return WireFormat.decodeChatCompletion(NO_URL, body);
    }

    /**
     * Reads a classification answer (2xx body).
     *
     * @param body the body
     * @return the top-level fields
     * @throws GuardProtocolException when the body is not a JSON object
     */
    public static ClassifyAnswer decodeClassify(String body) {
        return WireFormat.decodeClassification(NO_URL, body);
    }
}
