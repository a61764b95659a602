package io.github.guardrails4j.nim.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.model.ClassifyAnswer;
import io.github.guardrails4j.verdict.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * The NIM wire format: the one shared {@link ObjectMapper}, request encoding and answer decoding. Unknown JSON
 * properties are ignored; a body that is not the API's shape is a {@link GuardProtocolException} with a bounded
 * excerpt. Internal API. Stateless and thread safe.
 */
public final class WireFormat {
    /** The shared mapper: ignores unknown properties. Thread safe once configured; never reconfigured. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * The mapper every answer is read with: ignores unknown properties but reads strictly, so a body (or one
     * server-sent event) is exactly one JSON value with no repeated key at any depth. Lenient JSON would let a
     * hostile or broken server decide a verdict with a second value ({@code {"jailbreak": true, "jailbreak": false}}
     * or {@code {...}{...}}) that the guard never judged; strict reading fails closed instead. Thread safe once
     * configured; never reconfigured.
     */
    static final ObjectMapper READER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private WireFormat() {}

    /**
     * Reads exactly one JSON value strictly (see {@link #READER}).
     *
     * @param json the text of one body or one event
     * @return the value's tree, or null for an empty text
     * @throws JsonProcessingException when the text is not exactly one JSON value, or repeats a key
     */
    public static JsonNode readStrict(String json) throws JsonProcessingException {
        return READER.readTree(json);
    }

    /**
     * Encodes a chat completion request: {@code model}, {@code messages}, then {@code temperature} and
     * {@code max_tokens} when set, then the extra body fields in order; a streamed request adds
     * {@code "stream": true} and {@code "stream_options": {"include_usage": true}} last.
     *
     * @param request the request
     * @param stream true for a streamed call
     * @return UTF-8 JSON
     */
    public static byte[] encodeChat(ChatRequest request, boolean stream) {
        return bytes(chatTree(request, stream));
    }

    static ObjectNode chatTree(ChatRequest request, boolean stream) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", request.model());
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        if (request.temperature() != null) {
            root.put("temperature", request.temperature().doubleValue());
        }
        if (request.maxTokens() != null) {
            root.put("max_tokens", request.maxTokens().intValue());
        }
        for (Map.Entry<String, Object> e : request.extraBody().entrySet()) {
            root.set(e.getKey(), MAPPER.valueToTree(e.getValue()));
        }
        if (stream) {
            root.put("stream", true);
            root.putObject("stream_options").put("include_usage", true);
        }
        return root;
    }

    /** {@return Jackson's text of a tree, before {@link #escapeLoneSurrogates}} */
    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /**
     * Encodes a classification request {@code {"input": TEXT}}.
     *
     * @param input the text, verbatim
     * @return UTF-8 JSON
     */
    public static byte[] encodeClassify(String input) {
        return bytes(MAPPER.createObjectNode().put("input", input));
    }

    private static byte[] bytes(JsonNode node) {
        // Measured (ClientSideCostBenchmark.stepEncode vs stepEncodeDirectToBytes, same run): writing a String
        // and encoding it with String.getBytes (a vectorised copy for ASCII text) is about twice as fast as
        // writeValueAsBytes, whose UTF-8 generator escapes and encodes char by char.
        return escapeLoneSurrogates(text(node)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes every unpaired surrogate of a serialised JSON text as a {@code &#92;uXXXX} escape. Jackson's text output
     * keeps an unpaired surrogate as a raw char, which UTF-8 cannot encode: {@code String.getBytes} would silently
     * send {@code ?} instead, so the guard would judge a text other than the host's. JSON carries the escape
     * exactly; a server that cannot tokenize it answers an error, which fails closed. Raw surrogates occur only
     * inside string literals of Jackson's output, so the result is the same JSON value.
     *
     * @param json serialised JSON
     * @return the same JSON, unpaired surrogates escaped; the same instance when it has none
     */
    static String escapeLoneSurrogates(String json) {
        int first = nextLoneSurrogate(json, 0);
        if (first < 0) {
            return json; // the common case: one tight scan, no copy
        }
        StringBuilder out = new StringBuilder(json.length() + 16);
        int from = 0;
        for (int at = first; at >= 0; at = nextLoneSurrogate(json, from)) {
            out.append(json, from, at).append(String.format(Locale.ROOT, "\\u%04x", (int) json.charAt(at)));
            from = at + 1;
        }
        return out.append(json, from, json.length()).toString();
    }

    /** {@return the index of the first unpaired surrogate at or after {@code from}, or -1} */
    private static int nextLoneSurrogate(String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a valid pair
                continue;
            }
            return i;
        }
        return -1;
    }

    /**
     * Decodes a chat completion answer.
     *
     * @param url the URL that answered, for messages
     * @param body the body
     * @return the completion
     * @throws GuardProtocolException when the body is not JSON, has no {@code choices[0].message}, or a field has
     *         the wrong type
     */
    public static ChatAnswer decodeChatCompletion(HttpUrl url, String body) {
        if (body.isBlank()) {
            throw protocol(url, "a chat completion but the body was empty", body);
        }
        return ChatCompletionReader.read(url, body);
    }

    /**
     * Decodes a {@code usage} object (also the last chunk of a stream with {@code include_usage}).
     *
     * @param usage the {@code usage} node, or null
     * @return the usage, or null when absent or malformed (usage is diagnostic, never a failure)
     */
    public static TokenUsage decodeUsage(JsonNode usage) {
        return usage(usage);
    }

    /** Usage is diagnostic: an absent or malformed usage is unknown (null), never a failure. */
    private static TokenUsage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        JsonNode prompt = usage.get("prompt_tokens");
        JsonNode completion = usage.get("completion_tokens");
        if (!count(prompt) || !count(completion)) {
            return null;
        }
        JsonNode details = usage.get("prompt_tokens_details");
        JsonNode cached = details != null && details.isObject() ? details.get("cached_tokens") : null;
        return TokenUsage.of(prompt.intValue(), completion.intValue(), count(cached) ? cached.intValue() : null);
    }

    private static boolean count(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= 0;
    }

    /**
     * Decodes a classification answer: the top-level fields of one JSON object.
     *
     * @param url the URL that answered
     * @param body the body
     * @return the classification's fields
     * @throws GuardProtocolException when the body is not a JSON object
     */
    public static ClassifyAnswer decodeClassification(HttpUrl url, String body) {
        JsonNode root = readObject(url, body, "a classification");
        Map<String, Object> fields = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> fields.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class)));
        return new ClassifyAnswer(fields);
    }

    /**
     * Decodes {@code GET /v1/models}: {@code {"data": [{"id": ...}, ...]}}.
     *
     * @param url the URL that answered
     * @param body the body
     * @return the model ids, in the server's order
     * @throws GuardProtocolException when there is no {@code data} array
     */
    public static List<String> decodeModels(HttpUrl url, String body) {
        JsonNode data = readObject(url, body, "a model list").get("data");
        if (data == null || !data.isArray()) {
            throw protocol(url, "a model list with a \"data\" array", body);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode m : data) {
            JsonNode id = m.get("id");
            if (id != null && id.isTextual()) {
                ids.add(id.textValue());
            }
        }
        return List.copyOf(ids);
    }

    private static JsonNode readObject(HttpUrl url, String body, String what) {
        if (body.isBlank()) {
            throw protocol(url, what + " but the body was empty", body);
        }
        JsonNode root;
        try {
            root = readStrict(body);
        } catch (JsonProcessingException e) {
            throw new GuardProtocolException(
                    "expected " + what + " (exactly one JSON value, no repeated key) from " + url + " but got: "
                            + NimHttp.excerpt(body) + " (" + e.getOriginalMessage()
                            + "); check the base URL (a proxy or a web page answers instead)",
                    e);
        }
        if (root == null || !root.isObject()) {
            throw protocol(url, what + " (a JSON object)", body);
        }
        return root;
    }

    static GuardProtocolException protocol(HttpUrl url, String expected, String body) {
        return new GuardProtocolException(
                "expected " + expected + " from " + url + " but got: "
                        + (body.isEmpty() ? "(empty body)" : NimHttp.excerpt(body))
                        + "; check the base URL and that the server is an OpenAI-compatible NIM",
                null);
    }
}
