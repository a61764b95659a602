package io.github.guardrails4j.springai;

import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/** The text the rails check, read from Spring AI's request and response types. */
final class Texts {
    private Texts() {}

    /** {@return the prompt's last user message, "" when it has none} */
    static String user(ChatClientRequest request) {
        String text = request.prompt().getUserMessage().getText();
        return text == null ? "" : text;
    }

    /**
     * Returns the text of every generation that has text, in order; empty when the answer has none (for example.
     *
     * @return the text of every generation that has text, in order; empty when the answer has none (for example
     *     an answer made only of tool calls, which Spring AI executes and answers again through the chain)
     */
    static List<String> answers(ChatClientResponse response) {
        ChatResponse chat = response.chatResponse();
        if (chat == null) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (Generation g : chat.getResults()) {
            String text = g.getOutput().getText();
            if (text != null && !text.isEmpty()) {
                texts.add(text);
            }
        }
        return texts;
    }

    /** {@return the text delta of one streamed element (its first generation), "" when it carries none} */
    static String delta(ChatClientResponse response) {
        ChatResponse chat = response.chatResponse();
        if (chat == null || chat.getResult() == null) {
            return "";
        }
        String text = chat.getResult().getOutput().getText();
        return text == null ? "" : text;
    }
}
