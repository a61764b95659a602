package io.github.guardrails4j.nemo.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.builtin.NemoGuardContentSafety;
import io.github.guardrails4j.model.builtin.NemoGuardTopicControl;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Taxonomy;
import io.github.guardrails4j.verdict.VerdictParser;
import io.github.guardrails4j.verdict.parser.NemoGuardJsonParser;
import io.github.guardrails4j.verdict.parser.NemotronReasoningParser;
import io.github.guardrails4j.verdict.parser.TopicControlParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code prompts[]} and builds the guard model of a content safety or topic safety flow from its prompt. Stateless. */
final class Prompts {
    /** NeMo's {@code max_tokens} of a content safety check whose prompt sets none. */
    static final int CONTENT_SAFETY_DEFAULT_MAX_TOKENS = 3;
    /** The only configuration flag a prompt's {@code {% if %}} may test. */
    static final String REASONING_ENABLED = "reasoning_enabled";
    /** Below this {@code max_tokens}, a reasoning trace is likely cut: a warning says so. */
    static final int REASONING_WARN_MAX_TOKENS = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> PROMPT_KEYS =
            Set.of("task", "content", "messages", "output_parser", "max_tokens", "stop", "max_length");

    private Prompts() {}

    static void collect(JsonNode file, String fileName, Map<String, PromptEntry> prompts, Problems problems) {
        List<JsonNode> list = Nodes.list(file, "prompts", fileName + ": ", problems);
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String at = fileName + ": prompts[" + i + "]";
            if (!p.isObject()) {
                problems.error(at + " must be a mapping with task: and content:, got a " + Nodes.kind(p));
                continue;
            }
            String task = Nodes.text(p, "task", at + ".", problems);
            if (task == null) {
                problems.error(at + ".task is missing");
                continue;
            }
            String normalized = task.strip().replaceAll("\\s+", " ");
            PromptEntry before = prompts.get(normalized);
            if (before != null) {
                problems.error(at + " (task " + normalized + ") repeats "
                        + before.where().strip() + "; keep one prompt per task");
                continue;
            }
            prompts.put(normalized, new PromptEntry(p, at + " (task " + normalized + ")."));
        }
    }

    static NemoPromptModel contentSafetyModel(
            ModelEntry model, PromptEntry prompt, RailDirection direction, boolean reasoning, Problems problems) {
        String parserName = Nodes.text(prompt.node(), "output_parser", prompt.where(), problems);
        VerdictParser parser;
        Taxonomy taxonomy = null;
        String expected = direction == RailDirection.INPUT ? "prompt" : "response";
        if (parserName == null) {
            problems.error(prompt.where() + "output_parser is missing; a content safety prompt needs one, for example "
                    + "nemoguard_parse_" + expected + "_safety");
            return null;
        }
        switch (parserName) {
            case "nemoguard_parse_prompt_safety":
            case "nemoguard_parse_response_safety":
                parser = direction == RailDirection.INPUT
                        ? NemoGuardJsonParser.forUserSafety()
                        : NemoGuardJsonParser.forResponseSafety();
                taxonomy = Taxonomy.NEMOGUARD;
                break;
            case "nemotron_reasoning_parse_prompt_safety":
            case "nemotron_reasoning_parse_response_safety":
                parser = direction == RailDirection.INPUT
                        ? NemotronReasoningParser.forPrompt()
                        : NemotronReasoningParser.forResponse();
                break;
            default:
                problems.unsupported(prompt.where() + "output_parser " + parserName + ": supported are "
                        + "nemoguard_parse_prompt_safety, nemoguard_parse_response_safety, "
                        + "nemotron_reasoning_parse_prompt_safety, nemotron_reasoning_parse_response_safety");
                parser = null;
        }
        if (parser != null && !parserName.endsWith("_" + expected + "_safety")) {
            problems.error(prompt.where() + "output_parser " + parserName + " reads the other direction's verdict; "
                    + "this " + (direction == RailDirection.INPUT ? "input" : "output") + " check needs the *_"
                    + expected + "_safety parser");
            return null;
        }
        Set<String> allowed = direction == RailDirection.INPUT
                ? Set.of(NemoGuardPrompts.USER_INPUT)
                : Set.of(NemoGuardPrompts.USER_INPUT, NemoGuardPrompts.BOT_RESPONSE);
        Integer maxTokens = Nodes.positiveInt(prompt.node(), "max_tokens", prompt.where(), problems);
        if (reasoning
                && parser instanceof NemotronReasoningParser
                && (maxTokens == null ? CONTENT_SAFETY_DEFAULT_MAX_TOKENS : maxTokens) < REASONING_WARN_MAX_TOKENS) {
            problems.warn(
                    prompt.where() + "max_tokens " + (maxTokens == null ? CONTENT_SAFETY_DEFAULT_MAX_TOKENS : maxTokens)
                            + " with reasoning.enabled: a reasoning trace longer than that is cut, and the check then fails "
                            + "closed (an error, never safe); raise max_tokens");
        }
        NemoPromptModel.Builder b = NemoPromptModel.builder(
                        direction, CONTENT_SAFETY_DEFAULT_MAX_TOKENS, NemoGuardContentSafety.DEFAULT_TEMPERATURE)
                .taxonomy(taxonomy);
        if (parser != null) {
            b.parser(parser);
        }
        if (!messages(b, prompt, allowed, Map.of(REASONING_ENABLED, reasoning), problems) || parser == null) {
            return null;
        }
        return finish(b, model, prompt, maxTokens, problems);
    }

    static NemoPromptModel topicModel(
            ModelEntry model, PromptEntry prompt, String guidelinesOverride, Problems problems) {
        if (prompt.node().has("messages")) {
            problems.unsupported(prompt.where() + "messages: a topic safety prompt is the system message; write it "
                    + "as content:");
            return null;
        }
        if (prompt.node().has("output_parser")) {
            problems.unsupported(prompt.where() + "output_parser: topic control answers on-topic or off-topic, read "
                    + "as NeMo reads it; remove output_parser");
            return null;
        }
        String guidelines = guidelinesOverride;
        if (guidelines == null) {
            String content = Nodes.text(prompt.node(), "content", prompt.where(), problems);
            if (content == null || content.isBlank()) {
                problems.error(prompt.where() + "content is missing; write the topic guidelines (the system prompt)");
                return null;
            }
            try {
                guidelines = PromptText.resolve(content, Set.of(), Map.of());
            } catch (IllegalArgumentException e) {
                problems.unsupported(prompt.where() + "content: " + e.getMessage());
                return null;
            }
        }
        Integer maxTokens = Nodes.positiveInt(prompt.node(), "max_tokens", prompt.where(), problems);
        if (maxTokens == null) {
            problems.warn(prompt.where() + "max_tokens is not set: Guardrails4j sends max_tokens "
                    + NemoGuardTopicControl.DEFAULT_MAX_TOKENS + " (NeMo sends none)");
        }
        String system = NemoGuardTopicControl.systemMessage(guidelines);
        NemoPromptModel.Builder b = NemoPromptModel.builder(
                        RailDirection.INPUT,
                        NemoGuardTopicControl.DEFAULT_MAX_TOKENS,
                        NemoGuardTopicControl.DEFAULT_TEMPERATURE)
                .parser(TopicControlParser.create())
                .message(ChatMessage.SYSTEM, PromptTemplate.of(system))
                .userTurnLast();
        return finish(b, model, prompt, maxTokens, problems);
    }

    static boolean messages(
            NemoPromptModel.Builder b,
            PromptEntry prompt,
            Set<String> allowed,
            Map<String, Boolean> flags,
            Problems problems) {
        JsonNode node = prompt.node();
        boolean hasContent = node.has("content");
        boolean hasMessages = node.has("messages");
        if (hasContent == hasMessages) {
            problems.error(prompt.where()
                    + (hasContent ? "sets both content and messages" : "has neither content " + "nor messages")
                    + "; a prompt has exactly one of them");
            return false;
        }
        try {
            if (hasContent) {
                String content = Nodes.text(node, "content", prompt.where(), problems);
                if (content == null) {
                    return false;
                }
                b.message(ChatMessage.USER, template(content, allowed, flags, prompt, "content", problems));
                return true;
            }
            List<JsonNode> list = Nodes.list(node, "messages", prompt.where(), problems);
            for (int i = 0; i < list.size(); i++) {
                JsonNode msg = list.get(i);
                String at = prompt.where() + "messages[" + i + "].";
                Nodes.onlyKnownKeys(msg, at, Set.of("type", "content"), problems, "not supported");
                String type = Nodes.text(msg, "type", at, problems);
                String content = Nodes.text(msg, "content", at, problems);
                String role = type == null
                        ? null
                        : switch (type) {
                            case "system" -> ChatMessage.SYSTEM;
                            case "user" -> ChatMessage.USER;
                            case "assistant", "bot" -> ChatMessage.ASSISTANT;
                            default -> null;
                        };
                if (role == null || content == null) {
                    problems.error(at + " needs type (system, user, assistant or bot) and content");
                    return false;
                }
                b.message(role, template(content, allowed, flags, prompt, "messages[" + i + "].content", problems));
            }
            if (list.isEmpty()) {
                problems.error(prompt.where() + "messages is empty");
                return false;
            }
            return true;
        } catch (IllegalArgumentException e) {
            problems.unsupported(e.getMessage());
            return false;
        }
    }

    static PromptTemplate template(
            String content,
            Set<String> allowed,
            Map<String, Boolean> flags,
            PromptEntry prompt,
            String key,
            Problems problems) {
        String resolved;
        try {
            resolved = PromptText.resolve(content, allowed, flags);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prompt.where() + key + ": " + e.getMessage(), e);
        }
        PromptTemplate t = PromptTemplate.of(resolved);
        List<String> names = PromptText.placeholders(resolved);
        if (!names.contains(NemoGuardPrompts.USER_INPUT) && !key.startsWith("messages")) {
            throw new IllegalArgumentException(prompt.where() + key + ": the prompt never inserts {{ user_input }}");
        }
        if (!names.isEmpty()) {
            if (t.fixedPrefix().isBlank()) {
                problems.warn(prompt.where() + key + " starts with an inserted value: it has no fixed prefix for a "
                        + "NIM's prefix cache to reuse; put the instructions first");
            }
            String after = PromptText.afterLastPlaceholder(resolved);
            if (!after.isBlank()) {
                problems.warn(prompt.where() + key + ": " + after.length() + " characters of fixed text follow the "
                        + "last inserted value; they are sent as written (as NeMo does), but a NIM's prefix cache "
                        + "reuses only the text before the first inserted value");
            }
        }
        return t;
    }

    static NemoPromptModel finish(
            NemoPromptModel.Builder b, ModelEntry model, PromptEntry prompt, Integer maxTokens, Problems problems) {
        if (model.modelId() == null) {
            return null;
        }
        b.model(model.modelId());
        if (maxTokens != null) {
            b.maxTokens(maxTokens);
        }
        JsonNode params = model.parameters();
        if (params != null) {
            JsonNode topP = params.get("top_p");
            if (topP != null && !topP.isNull()) {
                if (!topP.isNumber() || topP.doubleValue() <= 0 || topP.doubleValue() > 1) {
                    problems.error(
                            model.where() + "parameters.top_p must be a number in (0, 1], got " + Nodes.describe(topP));
                } else {
                    b.extra("top_p", topP.numberValue());
                }
            }
            JsonNode kwargs = params.get("chat_template_kwargs");
            if (kwargs != null && !kwargs.isNull()) {
                if (!kwargs.isObject()) {
                    problems.error(model.where() + "parameters.chat_template_kwargs must be a mapping, got a "
                            + Nodes.kind(kwargs));
                } else {
                    b.extra("chat_template_kwargs", JSON.convertValue(kwargs, Map.class));
                }
            }
            if (params.has("temperature")) {
                problems.warn(model.where() + "parameters.temperature is not sent: the NemoGuard flow sets its own "
                        + "temperature, as NeMo does");
            }
        }
        List<JsonNode> stop = Nodes.list(prompt.node(), "stop", prompt.where(), problems);
        if (!stop.isEmpty()) {
            List<String> words = new ArrayList<>();
            stop.forEach(s -> words.add(s.asText()));
            b.extra("stop", words);
        }
        return b.build();
    }
}
