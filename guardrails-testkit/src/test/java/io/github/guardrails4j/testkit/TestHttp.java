package io.github.guardrails4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Test helpers: a plain JDK HTTP client and the reference prompt templates. */
final class TestHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTENT_SAFETY = "nvidia/llama-3.1-nemoguard-8b-content-safety";
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestHttp() {}

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    static HttpResponse<String> post(String url, String body) {
        return post(url, body, "application/json");
    }

    static HttpResponse<String> post(String url, String body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A chat completion body; {@code turns} alternate role, content. */
    static ObjectNode chatBody(String model, String... turns) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < turns.length; i += 2) {
            messages.addObject().put("role", turns[i]).put("content", turns[i + 1]);
        }
        body.put("temperature", 1e-20);
        body.put("max_tokens", 50);
        return body;
    }

    static HttpResponse<String> chat(String baseUrl, JsonNode body) {
        return post(baseUrl + "/v1/chat/completions", body.toString());
    }

    static JsonNode chatOk(String baseUrl, JsonNode body) {
        HttpResponse<String> response = chat(baseUrl, body);
        if (response.statusCode() != 200) {
            throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
        }
        return parse(response.body());
    }

    static String content(JsonNode completion) {
        return completion
                .path("choices")
                .path(0)
                .path("message")
                .path("content")
                .asText();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content-safety input prompt as NeMo renders it (file's trailing newline dropped). */
    static String renderInput(String userInput) {
        return template("content_safety_input.txt").replace("{{ user_input }}", userInput);
    }

    /** The content-safety output prompt as NeMo renders it. */
    static String renderOutput(String userInput, String botResponse) {
        String t = template("content_safety_output.txt");
        int u = t.indexOf("{{ user_input }}");
        int r = t.indexOf("{{ bot_response }}");
        return t.substring(0, u)
                + userInput
                + t.substring(u + "{{ user_input }}".length(), r)
                + botResponse
                + t.substring(r + "{{ bot_response }}".length());
    }

    static String template(String name) {
        try (InputStream in = TestHttp.class.getResourceAsStream("/prompts/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
