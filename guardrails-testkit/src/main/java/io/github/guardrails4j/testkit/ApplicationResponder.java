package io.github.guardrails4j.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.github.guardrails4j.testkit.internal.CallLog;
import io.github.guardrails4j.testkit.internal.ChatMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Answers chat completions for the simulated application LLM (any model id that is not a guard model) in the
 * OpenAI wire format, plain or streamed, and records each answer as an {@link ApplicationCall}.
 *
 * <p>Thread safe: the model is read from a volatile field and answers are written on the calling worker thread.
 * Internal to the simulator; not an API.
 */
final class ApplicationResponder {

    private volatile ApplicationModel model;
    private final CallLog<ApplicationCall> calls;

    /**
     * Sets model.
     *
     * @param model the initial application model
     * @param recordLimit how many answered calls are kept
     */
    public ApplicationResponder(ApplicationModel model, int recordLimit) {
        this.model = Objects.requireNonNull(model, "model");
        this.calls = new CallLog<>(recordLimit);
    }

    /**
     * Sets model.
     *
     * @param model the application model for requests that arrive from now on
     */
    public void model(ApplicationModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** {@return the answered calls log} */
    public CallLog<ApplicationCall> calls() {
        return calls;
    }

    /**
     * One parsed application-model request.
     *
     * @param sequence the request's arrival number
     * @param model the model id
     * @param messages the messages
     * @param stream whether to stream
     * @param includeUsage whether a streamed answer ends with a usage chunk
     * @param limit the most tokens the answer may have
     * @param promptTokens prompt tokens after the chat template
     * @param cachedTokens prompt tokens found in the prefix cache
     * @param reportCachedTokens whether usage carries {@code prompt_tokens_details}
     * @param latency the latency model of the model id
     * @param id the completion id
     * @param created the {@code created} timestamp in epoch seconds
     */
    public record Request(
            long sequence,
            String model,
            List<ChatMessage> messages,
            boolean stream,
            boolean includeUsage,
            int limit,
            int promptTokens,
            int cachedTokens,
            boolean reportCachedTokens,
            LatencyModel latency,
            String id,
            long created) {}

    /**
     * Computes the reply and writes it.
     *
     * @param exchange the exchange; not closed here
     * @param request the parsed request
     * @throws IOException if a non-streamed answer cannot be written
     * @throws InterruptedException if the simulator closes while the answer is delayed
     */
    public void respond(HttpExchange exchange, Request request) throws IOException, InterruptedException {
        List<ApplicationMessage> conversation = new ArrayList<>();
        request.messages().forEach(m -> conversation.add(new ApplicationMessage(m.role(), m.content())));
        List<ApplicationMessage> frozen = List.copyOf(conversation);
        ApplicationReply reply = Objects.requireNonNull(model.reply(frozen), "The ApplicationModel returned null");

        List<String> tokens = reply.tokens();
        String finishReason = reply.toolCalls().isEmpty() ? "stop" : "tool_calls";
        if (tokens.size() > request.limit()) {
            tokens = tokens.subList(0, request.limit());
            finishReason = "length";
        }
        long interval = reply.tokensPerSecond().isPresent()
                ? Math.round(1e9 / reply.tokensPerSecond().getAsDouble())
                : request.latency().decode(1).toNanos();
        int completionTokens = tokens.size() + reply.toolCalls().size();
        ObjectNode usage = NimHandler.usageNode(
                request.promptTokens(), completionTokens, request.cachedTokens(), request.reportCachedTokens());

        sleepNanos(request.latency()
                .prefill(request.promptTokens() - request.cachedTokens())
                .toNanos());
        if (!request.stream()) {
            sleepNanos(interval * completionTokens);
            ObjectNode root = NimHandler.JSON.createObjectNode();
            root.put("id", request.id())
                    .put("object", "chat.completion")
                    .put("created", request.created())
                    .put("model", request.model());
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message").put("role", "assistant");
            if (reply.toolCalls().isEmpty()) {
                message.put("content", String.join("", tokens));
            } else {
                message.putNull("content");
                ArrayNode calls = message.putArray("tool_calls");
                for (ApplicationToolCall call : reply.toolCalls()) {
                    ObjectNode c = calls.addObject().put("id", call.id()).put("type", "function");
                    c.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                }
            }
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason);
            root.set("usage", usage);
            NimHandler.sendJson(exchange, 200, root);
            calls.add(new ApplicationCall(
                    request.sequence(),
                    request.model(),
                    frozen,
                    false,
                    reply,
                    tokens.size(),
                    ApplicationCall.Outcome.COMPLETED,
                    System.nanoTime()));
            return;
        }

        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        int sent = 0;
        ApplicationCall.Outcome outcome = ApplicationCall.Outcome.COMPLETED;
        try {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            long start = System.nanoTime();
            int event = 0;
            // vLLM streams one chunk per decode step, with finish_reason on the step that ends the answer: a length
            // stop ends on the last content token (content and finish_reason in one chunk), an end-of-sequence stop
            // on the step that samples the EOS token (an empty delta one step after the last content token)
            boolean finishOnLastToken =
                    "length".equals(finishReason) && reply.toolCalls().isEmpty();
            for (String token : tokens) {
                sleepUntil(start + interval * event++);
                ObjectNode delta = delta(sent == 0);
                delta.put("content", token);
                boolean last = finishOnLastToken && sent == tokens.size() - 1;
                NimHandler.event(
                        out, NimHandler.JSON.writeValueAsString(chunk(request, delta, last ? finishReason : null)));
                sent++;
            }
            for (int k = 0; k < reply.toolCalls().size(); k++) {
                ApplicationToolCall call = reply.toolCalls().get(k);
                sleepUntil(start + interval * event++);
                ObjectNode head = delta(k == 0 && tokens.isEmpty());
                if (k == 0 && tokens.isEmpty()) {
                    head.putNull("content");
                }
                ObjectNode c = head.putArray("tool_calls")
                        .addObject()
                        .put("index", k)
                        .put("id", call.id())
                        .put("type", "function");
                c.putObject("function").put("name", call.name()).put("arguments", "");
                NimHandler.event(out, NimHandler.JSON.writeValueAsString(chunk(request, head, null)));
                ObjectNode args = NimHandler.JSON.createObjectNode();
                args.putArray("tool_calls")
                        .addObject()
                        .put("index", k)
                        .putObject("function")
                        .put("arguments", call.arguments());
                NimHandler.event(out, NimHandler.JSON.writeValueAsString(chunk(request, args, null)));
            }
            if (!finishOnLastToken || tokens.isEmpty()) {
                sleepUntil(start + interval * event);
                ObjectNode last = delta(tokens.isEmpty() && reply.toolCalls().isEmpty());
                if (tokens.isEmpty() && reply.toolCalls().isEmpty()) {
                    last.put("content", "");
                }
                NimHandler.event(out, NimHandler.JSON.writeValueAsString(chunk(request, last, finishReason)));
            }
            if (request.includeUsage()) {
                ObjectNode usageChunk = NimHandler.chunk(request.id(), request.created(), request.model());
                usageChunk.putArray("choices");
                usageChunk.set("usage", usage);
                NimHandler.event(out, NimHandler.JSON.writeValueAsString(usageChunk));
            }
            NimHandler.event(out, "[DONE]");
            out.close();
        } catch (IOException e) {
            // The client closed the stream (a guard blocked it, or it was cancelled): the outcome records it.
            outcome = ApplicationCall.Outcome.CLIENT_CLOSED;
        }
        calls.add(new ApplicationCall(
                request.sequence(), request.model(), frozen, true, reply, sent, outcome, System.nanoTime()));
    }

    private static ObjectNode delta(boolean first) {
        ObjectNode delta = NimHandler.JSON.createObjectNode();
        if (first) {
            delta.put("role", "assistant");
        }
        return delta;
    }

    private static ObjectNode chunk(Request request, ObjectNode delta, String finishReason) {
        ObjectNode chunk = NimHandler.chunk(request.id(), request.created(), request.model());
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private static void sleepUntil(long deadlineNanos) throws InterruptedException {
        sleepNanos(deadlineNanos - System.nanoTime());
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }
}
