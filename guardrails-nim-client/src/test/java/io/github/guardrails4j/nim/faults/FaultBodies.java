package io.github.guardrails4j.nim.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Bodies of NIM answers, healthy and broken, for the fault suites. */
public final class FaultBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** vLLM's answer when the prompt is over the context length (HTTP 400). */
    public static final String CONTEXT_LENGTH_400 = "{\"object\":\"error\",\"message\":\"This model's maximum context "
            + "length is 8192 tokens. However, you requested 9130 tokens (9080 in the messages, 50 in the "
            + "completion). Please reduce the length of the messages or completion.\",\"type\":\"BadRequestError\","
            + "\"param\":null,\"code\":400}";
    /** A 400 about something else (a validation error). */
    public static final String BAD_REQUEST_400 = "{\"object\":\"error\",\"message\":\"[{'type': 'missing', 'loc': "
            + "('body', 'model'), 'msg': 'Field required'}]\",\"type\":\"BadRequestError\",\"param\":null,"
            + "\"code\":400}";
    /** A web page where JSON was expected (a captive portal, a proxy's login page, the wrong port). */
    public static final String HTML_PAGE =
            "<!DOCTYPE html><html><head><title>Sign in</title></head>" + "<body><h1>Please sign in</h1></body></html>";

    private FaultBodies() {}

    /**
     * @param content the model's text
     * @return a complete chat completion answer with that text and {@code finish_reason: "stop"}
     */
    public static String completion(String content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-fault").put("object", "chat.completion").put("model", "m");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        root.putObject("usage")
                .put("prompt_tokens", 412)
                .put("completion_tokens", 8)
                .put("total_tokens", 420);
        return root.toString();
    }

    /**
     * @param status an HTTP status
     * @return vLLM's error body for it
     */
    public static String error(int status, String message) {
        return "{\"object\":\"error\",\"message\":\"" + message + "\",\"type\":\"Error\",\"param\":null,\"code\":"
                + status + "}";
    }
}
