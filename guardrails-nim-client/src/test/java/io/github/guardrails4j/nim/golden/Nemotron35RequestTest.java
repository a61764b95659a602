package io.github.guardrails4j.nim.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.model.builtin.ChatTemplateContentSafety;
import io.github.guardrails4j.nim.NimCodec;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Nemotron 3.5 Content Safety: plain turns and the request options of its model card
 * (huggingface.co/nvidia/Nemotron-3.5-Content-Safety): {@code chat_template_kwargs} with
 * {@code request_categories} {@code /categories} and {@code enable_thinking}, pinned byte for byte.
 */
class Nemotron35RequestTest {
    @Test
    void inputCheckBodyByteForByte() {
        ChatRequest r = ChatTemplateContentSafety.nemotron35().render(RailDirection.INPUT, RailRequest.ofInput("hi"));
        assertEquals(
                "{\"model\":\"nvidia/nemotron-3.5-content-safety\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"temperature\":1.0E-20,\"max_tokens\":50,"
                        + "\"chat_template_kwargs\":{\"request_categories\":\"/categories\",\"enable_thinking\":false}}",
                new String(NimCodec.encode(r), StandardCharsets.UTF_8));
    }

    @Test
    void thinkingOnOutputCheckBodyByteForByte() {
        ChatRequest r = ChatTemplateContentSafety.builder(ContentSafetyFormat.NEMOTRON_3_5)
                .reasoning(true)
                .build()
                .render(RailDirection.OUTPUT, RailRequest.ofOutput("hi", "hello"));
        assertEquals(
                "{\"model\":\"nvidia/nemotron-3.5-content-safety\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                        + "{\"role\":\"assistant\",\"content\":\"hello\"}],\"temperature\":1.0E-20,\"max_tokens\":4096,"
                        + "\"chat_template_kwargs\":{\"request_categories\":\"/categories\",\"enable_thinking\":true}}",
                new String(NimCodec.encode(r), StandardCharsets.UTF_8));
    }

    @Test
    void anExplicitMaxTokensIsKeptWithThinkingOn() {
        ChatTemplateContentSafety m = ChatTemplateContentSafety.builder(ContentSafetyFormat.NEMOTRON_3_5)
                .maxTokens(700)
                .reasoning(true)
                .build();
        assertEquals(700, m.maxTokens());
        assertEquals(700, m.toBuilder().build().maxTokens());
    }
}
