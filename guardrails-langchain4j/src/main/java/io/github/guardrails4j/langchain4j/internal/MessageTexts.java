package io.github.guardrails4j.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ContentType;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.GuardrailRequestParams;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.model.input.PromptTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the text NemoGuard rails check out of LangChain4j messages.
 *
 * <p>Stateless and thread safe. Internal; not an API.
 */
public final class MessageTexts {

    private MessageTexts() {}

    /**
     * The text parts of a user message, joined with a line feed, in order.
     *
     * @param message the message
     * @return the text, empty when it has no text part
     */
    public static String text(UserMessage message) {
        List<String> parts = new ArrayList<>();
        for (Content c : message.contents()) {
            if (c instanceof TextContent t && t.text() != null) {
                parts.add(t.text());
            }
        }
        return String.join("\n", parts);
    }

    /**
     * The kinds of the parts of a user message that are not text (images, audio, video, PDF), which text rails
     * cannot check.
     *
     * @param message the message
     * @return the content types, sorted, empty when every part is text
     */
    public static Set<ContentType> nonTextTypes(UserMessage message) {
        Set<ContentType> types = new TreeSet<>();
        for (Content c : message.contents()) {
            if (c.type() != ContentType.TEXT) {
                types.add(c.type());
            }
        }
        return types;
    }

    /**
     * The tool-execution requests of an AI message as one text: one line per request, {@code name(arguments)}.
     *
     * @param message the AI message
     * @return the text, empty when it has no request
     */
    public static String toolRequestsText(AiMessage message) {
        if (!message.hasToolExecutionRequests()) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        for (ToolExecutionRequest r : message.toolExecutionRequests()) {
            lines.add(r.name() + "(" + (r.arguments() == null ? "" : r.arguments()) + ")");
        }
        return String.join("\n", lines);
    }

    /**
     * The text of the user message an answer replies to: the last user message in the chat memory; without one,
     * LangChain4j's user message template with its variables applied; otherwise empty.
     *
     * @param params the guardrail request parameters
     * @return the user text, possibly empty
     */
    public static String userText(GuardrailRequestParams params) {
        ChatMemory memory = params.chatMemory();
        if (memory != null) {
            List<ChatMessage> messages = memory.messages();
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i) instanceof UserMessage u) {
                    return text(u);
                }
            }
        }
        String template = params.userMessageTemplate();
        if (template == null || template.isEmpty()) {
            return "";
        }
        return PromptTemplate.from(template).apply(params.variables()).text();
    }

    /**
     * The tool results fed back to the model since the last user message in the chat memory (the current turn).
     *
     * @param params the guardrail request parameters
     * @return the results in order, empty without a chat memory
     */
    public static List<ToolExecutionResultMessage> toolResultsOfTurn(GuardrailRequestParams params) {
        ChatMemory memory = params.chatMemory();
        if (memory == null) {
            return List.of();
        }
        List<ChatMessage> messages = memory.messages();
        List<ToolExecutionResultMessage> results = new ArrayList<>();
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage m = messages.get(i);
            if (m instanceof UserMessage) {
                break;
            }
            if (m instanceof ToolExecutionResultMessage t) {
                results.add(0, t);
            }
        }
        return results;
    }

    /**
     * The text of the last user message of a request's messages.
     *
     * @param messages the request's messages
     * @return its text parts, or empty when there is no user message
     */
    public static Optional<String> lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage u) {
                return Optional.of(text(u));
            }
        }
        return Optional.empty();
    }
}
