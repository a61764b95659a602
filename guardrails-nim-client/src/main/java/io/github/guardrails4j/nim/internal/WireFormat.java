package io.github.guardrails4j.nim.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.verdict.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    private WireFormat() {}

    /**
     * One chat message on the wire.
     *
     * @param role the role
     * @param content the text
     */
    public record Message(String role, String content) {}

    /**
     * The decoded parts of a chat completion.
     *
     * @param content {@code choices[0].message.content}, or null
     * @param finishReason {@code choices[0].finish_reason}, or null
     * @param usage the usage, or null when unknown
     */
    public record Completion(String content, String finishReason, TokenUsage usage) {}

    /**
     * A decoded jailbreak classification.
     *
     * @param jailbreak the decision
     * @param score the score, or null
     */
    public record Classification(boolean jailbreak, Double score) {}

    /**
     * Encodes a chat completion request: {@code model}, {@code messages}, then {@code temperature},
     * {@code max_tokens} and {@code stream} when set.
     *
     * @param model the model id
     * @param messageList the messages
     * @param temperature the temperature, or null to omit
     * @param maxTokens {@code max_tokens}, or null to omit
     * @param stream the stream flag, or null to omit
     * @return UTF-8 JSON
     */
    public static byte[] encodeChat(
            String model, List<Message> messageList, Double temperature, Integer maxTokens, Boolean stream) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        for (Message m : messageList) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        if (temperature != null) {
            root.put("temperature", temperature.doubleValue());
        }
        if (maxTokens != null) {
            root.put("max_tokens", maxTokens.intValue());
        }
        if (stream != null) {
            root.put("stream", stream.booleanValue());
        }
        return bytes(root);
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
        try {
            // Measured (ClientSideCostBenchmark.stepEncode vs stepEncodeDirectToBytes, same run): writing a String
            // and encoding it with String.getBytes (a vectorised copy for ASCII text) is about twice as fast as
            // writeValueAsBytes, whose UTF-8 generator escapes and encodes char by char.
            return escapeLoneSurrogates(MAPPER.writeValueAsString(node)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
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
            out.append(json, from, at).append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) json.charAt(at)));
            from = at + 1;
        }
        return out.append(json, from, json.length()).toString();
    }

    /** @return the index of the first unpaired surrogate at or after {@code from}, or -1 */
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
    public static Completion decodeChatCompletion(HttpUrl url, String body) {
        JsonNode root = readObject(url, body, "a chat completion");
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw protocol(url, "a chat completion with a non-empty \"choices\" array", body);
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.get("message");
        if (message == null || !message.isObject()) {
            throw protocol(url, "\"choices[0].message\" to be an object", body);
        }
        JsonNode content = message.get("content");
        if (content != null && !content.isNull() && !content.isTextual()) {
            throw protocol(url, "\"choices[0].message.content\" to be a string or null", body);
        }
        JsonNode finish = choice.get("finish_reason");
        if (finish != null && !finish.isNull() && !finish.isTextual()) {
            throw protocol(url, "\"choices[0].finish_reason\" to be a string or null", body);
        }
        return new Completion(
                content == null || content.isNull() ? null : content.textValue(),
                finish == null || finish.isNull() ? null : finish.textValue(),
                usage(root.get("usage")));
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
     * Decodes a jailbreak classification answer.
     *
     * @param url the URL that answered
     * @param body the body
     * @return the classification
     * @throws GuardProtocolException when the body is not a JSON object with a boolean {@code jailbreak}, or
     *         {@code score} is present but not a number
     */
    public static Classification decodeClassification(HttpUrl url, String body) {
        JsonNode root = readObject(url, body, "a jailbreak classification");
        JsonNode jailbreak = root.get("jailbreak");
        if (jailbreak == null || !jailbreak.isBoolean()) {
            throw protocol(
                    url,
                    "a boolean \"jailbreak\" field"
                            + (jailbreak == null ? " (it is missing)" : " (got " + jailbreak.getNodeType() + ")"),
                    body);
        }
        JsonNode score = root.get("score");
        if (score != null && !score.isNull() && !score.isNumber()) {
            throw protocol(url, "\"score\" to be a number", body);
        }
        return new Classification(
                jailbreak.booleanValue(), score == null || score.isNull() ? null : score.doubleValue());
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
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new GuardProtocolException(
                    "expected " + what + " (JSON) from " + url + " but got: " + NimHttp.excerpt(body)
                            + "; check the base URL (a proxy or a web page answers instead)",
                    e);
        }
        if (root == null || !root.isObject()) {
            throw protocol(url, what + " (a JSON object)", body);
        }
        return root;
    }

    private static GuardProtocolException protocol(HttpUrl url, String expected, String body) {
        return new GuardProtocolException(
                "expected " + expected + " from " + url + " but got: "
                        + (body.isEmpty() ? "(empty body)" : NimHttp.excerpt(body))
                        + "; check the base URL and that the server is an OpenAI-compatible NIM",
                null);
    }
}
