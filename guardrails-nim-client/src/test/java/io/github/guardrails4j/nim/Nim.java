package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** Test fixtures: NIM answers and request readers. */
final class Nim {
    static final ObjectMapper JSON = new ObjectMapper();

    private Nim() {}

    /** A chat completion answer with the given content (null for a JSON null) and finish reason. */
    static String completionJson(String content, String finishReason) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "m");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        if (content == null) {
            message.putNull("content");
        } else {
            message.put("content", content);
        }
        choice.put("finish_reason", finishReason);
        root.putObject("usage")
                .put("prompt_tokens", 412)
                .put("completion_tokens", 8)
                .put("total_tokens", 420);
        return root.toString();
    }

    static MockResponse completion(String content) {
        return json(200, completionJson(content, "stop"));
    }

    static MockResponse completion(String content, String finishReason) {
        return json(200, completionJson(content, finishReason));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    static JsonNode body(RecordedRequest request) {
        try {
            return JSON.readTree(request.getBody().utf8());
        } catch (IOException e) {
            throw new AssertionError(
                    "request body is not JSON: " + request.getBody().utf8(), e);
        }
    }

    /** Waits for a condition (polling, bounded); used only to observe OkHttp's dispatcher bookkeeping. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertTrue(condition.getAsBoolean());
    }
}
