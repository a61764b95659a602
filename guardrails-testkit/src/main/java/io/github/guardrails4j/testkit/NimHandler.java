package io.github.guardrails4j.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.guardrails4j.testkit.internal.CallLog;
import io.github.guardrails4j.testkit.internal.ChatMessage;
import io.github.guardrails4j.testkit.internal.JailbreakDetector;
import io.github.guardrails4j.testkit.internal.PrefixCache;
import io.github.guardrails4j.testkit.internal.Tokenizer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's HTTP handler: routes NIM / OpenAI-compatible requests and writes answers in the
 * exact wire format.
 *
 * <p>Thread safe: called concurrently on the simulator's worker threads. Internal to the
 * simulator; not an API.
 */
final class NimHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(NimHandler.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String APPLICATION_JSON = "application/json";
    /** The jailbreak path of NVIDIA's hosted API, which NeMo Guardrails' example configurations call. */
    static final String HOSTED_JAILBREAK_PATH = "/v1/security/nvidia/nemoguard-jailbreak-detect";

    private final SimulatorSettings settings;
    private final Answerer answerer;
    private final Tokenizer tokenizer = Tokenizer.instance();
    private final JailbreakDetector jailbreakDetector = new JailbreakDetector();
    private final PrefixCache cache;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong completionIds = new AtomicLong();
    private final CallLog<RecordedRequest> recorded;
    private final ApplicationResponder application;
    private volatile boolean ready = true;
    /** Requests being served now, and the most seen at once. */
    private final AtomicInteger inflight = new AtomicInteger();

    private final AtomicInteger maxInflight = new AtomicInteger();
    /** Guard calls served at once at most (over it: 429), or 0 for no limit. */
    private volatile int maxConcurrentRequests;

    /**
     * Sets settings.
     *
     * @param settings the simulator settings
     */
    public NimHandler(SimulatorSettings settings) {
        this.settings = settings;
        this.answerer = new Answerer(settings.offTopicKeywords());
        this.cache = new PrefixCache(settings.blockSize(), settings.cacheCapacityBlocks());
        this.recorded = new CallLog<>(settings.recordedRequestLimit());
        this.application = new ApplicationResponder(settings.applicationModel(), settings.recordedRequestLimit());
    }

    /** {@return the simulated application LLM's responder} */
    public ApplicationResponder application() {
        return application;
    }

    /**
     * Sets ready.
     *
     * @param ready whether {@code /v1/health/ready} answers 200 (true) or 503 (false)
     */
    public void ready(boolean ready) {
        this.ready = ready;
    }

    /** {@return whether the readiness probe answers 200} */
    public boolean ready() {
        return ready;
    }

    /** {@return how many requests arrived, faulted ones included} */
    public long requestCount() {
        return sequence.get();
    }

    /** {@return the most recent recorded requests, oldest first} */
    public List<RecordedRequest> recordedRequests() {
        return recorded.snapshot();
    }

    /** Forgets the recorded requests and application calls (the request count is kept). */
    public void clearRecordedRequests() {
        recorded.clear();
        application.calls().clear();
    }

    /** {@return the prefix cache statistics} */
    public CacheStats cacheStats() {
        long[] s = cache.stats();
        return new CacheStats(s[0], s[1]);
    }

    /** Empties the prefix cache and zeroes its statistics. */
    public void resetCache() {
        cache.reset();
    }

    /**
     * Sets the concurrency limit.
     *
     * @param limit guard calls ({@code POST /v1/chat/completions}, {@code /v1/classify}) served at once at most; one
     *     over it is answered HTTP 429 at once, as an overloaded server would; 0 for no limit
     */
    void maxConcurrentRequests(int limit) {
        this.maxConcurrentRequests = limit;
    }

    /** {@return the requests being served now} */
    int inflightRequests() {
        return inflight.get();
    }

    /** {@return the most requests served at once since the start or the last reset (429s of the limit included)} */
    int maxObservedConcurrency() {
        return maxInflight.get();
    }

    /** Sets the observed maximum back to the requests being served now. */
    void resetMaxObservedConcurrency() {
        maxInflight.set(inflight.get());
    }

    @Override
    public void handle(HttpExchange exchange) {
        int now = inflight.incrementAndGet();
        maxInflight.accumulateAndGet(now, Math::max);
        try {
            int limit = maxConcurrentRequests;
            if (limit > 0 && now > limit && "POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                exchange.getRequestBody().readAllBytes();
                sendError(
                        exchange,
                        429,
                        "TooManyRequests",
                        "Too many concurrent requests: " + now + " over the simulator's limit of " + limit);
                return;
            }
            serve(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("Simulator request interrupted (simulator closing)");
        } catch (IOException e) {
            LOG.debug("Simulator could not write a response (client gone?): {}", e.toString());
        } catch (RuntimeException e) {
            LOG.warn("Simulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            try {
                sendError(exchange, 500, "InternalServerError", "Simulator error: " + e);
            } catch (IOException | RuntimeException second) {
                e.addSuppressed(second);
                LOG.debug("Could not report the simulator error", second);
            }
        } finally {
            exchange.close();
            inflight.decrementAndGet();
        }
    }

    private void serve(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        String body = new String(bytes, StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        JsonNode json = null;
        String parseError = null;
        if (!body.isBlank()) {
            try {
                json = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                parseError = e.getOriginalMessage();
            }
        }
        Optional<String> model = json != null && json.path("model").isTextual()
                ? Optional.of(json.get("model").asText())
                : Optional.empty();
        RecordedRequest request =
                new RecordedRequest(sequence.incrementAndGet(), method, path, lowerCaseHeaders(exchange), body, model);
        recorded.add(request);

        Optional<Fault> fault = settings.faults().inject(request);
        if (fault.isPresent()) {
            Fault f = fault.get();
            sleep(f.delay());
            if (f.kind() == Fault.Kind.DROP_CONNECTION) {
                return; // closing an exchange whose headers were not sent closes the connection
            }
            if (f.kind() == Fault.Kind.STATUS) {
                f.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
                    exchange.getResponseHeaders().set("Content-Type", APPLICATION_JSON);
                }
                send(exchange, f.status(), f.body());
                return;
            }
        }
        route(exchange, request.sequence(), method, path, json, parseError, body);
    }

    private void route(
            HttpExchange exchange,
            long sequence,
            String method,
            String path,
            JsonNode json,
            String parseError,
            String body)
            throws IOException, InterruptedException {
        String expected;
        switch (path) {
            case "/v1/chat/completions":
            case "/v1/classify":
            case HOSTED_JAILBREAK_PATH:
                expected = "POST";
                break;
            case "/v1/models":
            case "/v1/health/ready":
            case "/v1/health/live":
            case "/v1/metrics":
                expected = "GET";
                break;
            default:
                sendError(exchange, 404, "NotFoundError", "Not Found: " + path);
                return;
        }
        if (!expected.equals(method)) {
            exchange.getResponseHeaders().set("Allow", expected);
            sendError(
                    exchange,
                    405,
                    "MethodNotAllowedError",
                    "Method Not Allowed: " + method + " " + path + " (use " + expected + ")");
            return;
        }
        switch (path) {
            case "/v1/chat/completions":
                chatCompletions(exchange, sequence, json, parseError, body);
                break;
            case "/v1/classify":
            case HOSTED_JAILBREAK_PATH:
                classify(exchange, json, parseError, body);
                break;
            case "/v1/models":
                models(exchange);
                break;
            case "/v1/health/ready":
                sendJson(exchange, ready ? 200 : 503, health(ready ? "ready" : "not ready"));
                break;
            case "/v1/health/live":
                sendJson(exchange, 200, health("live"));
                break;
            default:
                metrics(exchange);
                break;
        }
    }

    private void chatCompletions(HttpExchange exchange, long sequence, JsonNode json, String parseError, String body)
            throws IOException, InterruptedException {
        if (json == null || !json.isObject()) {
            sendError(
                    exchange,
                    400,
                    "BadRequestError",
                    parseError != null
                            ? "Invalid JSON body: " + parseError
                            : "The request body must be a JSON object, got: " + excerpt(body));
            return;
        }
        JsonNode modelNode = json.get("model");
        if (modelNode == null || !modelNode.isTextual() || modelNode.asText().isEmpty()) {
            sendError(exchange, 400, "BadRequestError", "The 'model' field is required and must be a string.");
            return;
        }
        String model = modelNode.asText();
        ModelFormat format = settings.models().get(model);
        if (format == null && ModelFormat.forModelId(model).isPresent()) {
            // A well-known guard model left out of Builder.models(...): not served, as on a NIM started for another.
            sendError(exchange, 404, "NotFoundError", "The model `" + model + "` does not exist.");
            return;
        }
        if (format == ModelFormat.JAILBREAK_CLASSIFIER) {
            sendError(
                    exchange,
                    400,
                    "BadRequestError",
                    "The model `" + model + "` does not support chat completions; use POST /v1/classify.");
            return;
        }
        Optional<List<ChatMessage>> parsed = messages(json.get("messages"));
        if (parsed.isEmpty()) {
            sendError(
                    exchange,
                    400,
                    "BadRequestError",
                    "'messages' is required: a non-empty array of {\"role\": string, \"content\": string} objects.");
            return;
        }
        List<ChatMessage> messages = parsed.get();
        JsonNode maxNode = json.hasNonNull("max_tokens") ? json.get("max_tokens") : json.get("max_completion_tokens");
        Integer maxTokens = null;
        if (maxNode != null && !maxNode.isNull()) {
            if (!maxNode.canConvertToInt() || !maxNode.isIntegralNumber() || maxNode.asInt() < 1) {
                sendError(
                        exchange,
                        400,
                        "BadRequestError",
                        "'max_tokens' must be an integer of at least 1, got " + maxNode);
                return;
            }
            maxTokens = maxNode.asInt();
        }
        boolean stream = json.path("stream").asBoolean(false);
        boolean includeUsage = json.path("stream_options").path("include_usage").asBoolean(false);

        int[] promptIds = tokenizer.chatPrompt(messages);
        int promptTokens = promptIds.length;
        int maxLen = settings.maxModelLength();
        if (promptTokens >= maxLen) {
            sendError(
                    exchange,
                    400,
                    "BadRequestError",
                    "This model's maximum context length is " + maxLen
                            + " tokens. However, your request has " + promptTokens
                            + " input tokens. Please reduce the length of the input messages.");
            return;
        }
        if (maxTokens != null && promptTokens + maxTokens > maxLen) {
            sendError(
                    exchange,
                    400,
                    "BadRequestError",
                    "'max_tokens' is too large: " + maxTokens
                            + ". This model's maximum context length is " + maxLen + " tokens and your request has "
                            + promptTokens + " input tokens (" + maxTokens + " > " + maxLen + " - " + promptTokens
                            + ").");
            return;
        }
        int limit = maxTokens != null ? maxTokens : maxLen - promptTokens;
        if (format == null) {
            int cached = settings.prefixCaching() ? cache.lookupAndInsert(model, promptIds) : 0;
            application.respond(
                    exchange,
                    new ApplicationResponder.Request(
                            sequence,
                            model,
                            messages,
                            stream,
                            includeUsage,
                            limit,
                            promptTokens,
                            cached,
                            settings.reportCachedTokens(),
                            settings.latencyFor(model),
                            "chatcmpl-" + completionIds.incrementAndGet(),
                            settings.clock().instant().getEpochSecond()));
            return;
        }

        String answer = answerer.answer(format, messages);
        int[] answerIds = tokenizer.encode(answer);
        int[] generated;
        int completionTokens;
        String finishReason;
        if (answerIds.length + 1 <= limit) {
            generated = answerIds;
            completionTokens = answerIds.length + 1;
            finishReason = "stop";
        } else {
            generated = Arrays.copyOf(answerIds, Math.min(limit, answerIds.length));
            completionTokens = limit;
            finishReason = "length";
        }
        List<String> pieces = tokenizer.pieces(generated);
        int cached = settings.prefixCaching() ? cache.lookupAndInsert(model, promptIds) : 0;
        LatencyModel latency = settings.latencyFor(model);
        String id = "chatcmpl-" + completionIds.incrementAndGet();
        long created = settings.clock().instant().getEpochSecond();
        ObjectNode usage = usage(promptTokens, completionTokens, cached);

        if (!stream) {
            sleep(latency.latency(promptTokens, cached, completionTokens));
            ObjectNode root = JSON.createObjectNode();
            root.put("id", id)
                    .put("object", "chat.completion")
                    .put("created", created)
                    .put("model", model);
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", String.join("", pieces));
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason);
            choice.putNull("stop_reason");
            root.set("usage", usage);
            sendJson(exchange, 200, root);
            return;
        }

        sleep(latency.prefill(promptTokens - cached));
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        Duration perToken = latency.decode(1);
        for (int i = 0; i < pieces.size(); i++) {
            sleep(perToken);
            ObjectNode chunk = chunk(id, created, model);
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            if (i == 0) {
                delta.put("role", "assistant");
            }
            delta.put("content", pieces.get(i));
            choice.putNull("logprobs");
            choice.putNull("finish_reason");
            event(out, JSON.writeValueAsString(chunk));
        }
        if ("stop".equals(finishReason)) {
            sleep(perToken); // the end token
        }
        ObjectNode last = chunk(id, created, model);
        ObjectNode choice = last.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (pieces.isEmpty()) {
            delta.put("role", "assistant").put("content", "");
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        choice.putNull("stop_reason");
        event(out, JSON.writeValueAsString(last));
        if (includeUsage) {
            ObjectNode usageChunk = chunk(id, created, model);
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage);
            event(out, JSON.writeValueAsString(usageChunk));
        }
        event(out, "[DONE]");
        out.close();
    }

    private ObjectNode usage(int promptTokens, int completionTokens, int cached) {
        return usageNode(promptTokens, completionTokens, cached, settings.reportCachedTokens());
    }

    static ObjectNode usageNode(int promptTokens, int completionTokens, int cached, boolean reportCachedTokens) {
        ObjectNode usage = JSON.createObjectNode();
        usage.put("prompt_tokens", promptTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        usage.put("completion_tokens", completionTokens);
        if (reportCachedTokens) {
            usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
        } else {
            usage.putNull("prompt_tokens_details");
        }
        return usage;
    }

    static ObjectNode chunk(String id, long created, String model) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", model);
        return chunk;
    }

    static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static Optional<List<ChatMessage>> messages(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            return Optional.empty();
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : node) {
            if (!m.isObject() || !m.path("role").isTextual()) {
                return Optional.empty();
            }
            JsonNode content = m.get("content");
            String text;
            if (content == null || content.isNull()) {
                text = "";
            } else if (content.isTextual()) {
                text = content.asText();
            } else if (content.isArray()) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode part : content) {
                    if ("text".equals(part.path("type").asText())
                            && part.path("text").isTextual()) {
                        sb.append(part.get("text").asText());
                    }
                }
                text = sb.toString();
            } else {
                return Optional.empty();
            }
            messages.add(new ChatMessage(m.get("role").asText(), text));
        }
        return Optional.of(messages);
    }

    private void classify(HttpExchange exchange, JsonNode json, String parseError, String body)
            throws IOException, InterruptedException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).trim().startsWith(APPLICATION_JSON)) {
            sendError(
                    exchange,
                    415,
                    "UnsupportedMediaTypeError",
                    "Content-Type must be application/json, got: " + (contentType == null ? "none" : contentType));
            return;
        }
        Optional<String> model = settings.jailbreakModel();
        if (model.isEmpty()) {
            sendError(exchange, 404, "NotFoundError", "No jailbreak detection model is served.");
            return;
        }
        if (parseError != null || json == null) {
            sendError(
                    exchange,
                    400,
                    "BadRequestError",
                    parseError != null ? "Invalid JSON body: " + parseError : "The request body is empty.");
            return;
        }
        JsonNode input = json.get("input");
        if (!json.isObject() || input == null || !input.isTextual()) {
            sendError(
                    exchange,
                    422,
                    "UnprocessableEntityError",
                    "Field 'input' is required and must be a string, got: " + excerpt(body));
            return;
        }
        String text = input.asText();
        sleep(settings.latencyFor(model.get()).prefill(tokenizer.encode(text).length));
        JailbreakDetector.Result result = jailbreakDetector.detect(text);
        ObjectNode root = JSON.createObjectNode();
        root.put("jailbreak", result.jailbreak());
        root.put("score", result.score());
        sendJson(exchange, 200, root);
    }

    private void models(HttpExchange exchange) throws IOException {
        long created = settings.clock().instant().getEpochSecond();
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String id : settings.models().keySet()) {
            ObjectNode m = data.addObject();
            m.put("id", id)
                    .put("object", "model")
                    .put("created", created)
                    .put("owned_by", "system")
                    .put("root", id);
            m.putNull("parent");
            m.put("max_model_len", settings.maxModelLength());
        }
        sendJson(exchange, 200, root);
    }

    private void metrics(HttpExchange exchange) throws IOException {
        CacheStats stats = cacheStats();
        String text = "# HELP vllm:prefix_cache_queries_total Prompt tokens looked up in the prefix cache.\n"
                + "# TYPE vllm:prefix_cache_queries_total counter\n"
                + "vllm:prefix_cache_queries_total " + stats.lookupTokens() + "\n"
                + "# HELP vllm:prefix_cache_hits_total Prompt tokens served from the prefix cache.\n"
                + "# TYPE vllm:prefix_cache_hits_total counter\n"
                + "vllm:prefix_cache_hits_total " + stats.hitTokens() + "\n"
                + "# HELP nim_simulator_requests_total Requests received by the simulator.\n"
                + "# TYPE nim_simulator_requests_total counter\n"
                + "nim_simulator_requests_total " + requestCount() + "\n";
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
        send(exchange, 200, text);
    }

    private static ObjectNode health(String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("object", "health-response").put("message", message);
        return node;
    }

    private static void sendError(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("object", "error").put("message", message).put("type", type);
        node.putNull("param");
        node.put("code", status);
        sendJson(exchange, status, node);
    }

    static void sendJson(HttpExchange exchange, int status, JsonNode node) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", APPLICATION_JSON);
        send(exchange, status, JSON.writeValueAsString(node));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, List<String>> lowerCaseHeaders(HttpExchange exchange) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders()
                .forEach((k, v) -> headers.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>())
                        .addAll(v));
        headers.replaceAll((k, v) -> List.copyOf(v));
        return headers;
    }

    private static String excerpt(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }

    private static void sleep(Duration duration) throws InterruptedException {
        if (!duration.isZero() && !duration.isNegative()) {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        }
    }
}
