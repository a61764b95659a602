package io.github.guardrails4j.model.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Llama 3.1 NemoGuard 8B TopicControl: the system message, the turns, the guidelines' checks. */
class NemoGuardTopicControlTest {
    private static final NemoGuardTopicControl MODEL = NemoGuardTopicControl.builder()
            .guidelines("  Only discuss cards.\n")
            .build();

    @Test
    void sendsGuidelinesAndSuffixAsTheSystemMessageThenTheTurns() {
        String system = "Only discuss cards.\n\n" + NemoGuardPrompts.topicControlSuffix();
        ChatRequest in = MODEL.render(RailDirection.INPUT, RailRequest.ofInput("hi"));
        ChatRequest out = MODEL.render(RailDirection.OUTPUT, RailRequest.ofOutput("hi", "hello"));
        assertEquals(List.of(ChatMessage.system(system), ChatMessage.user("hi")), in.messages());
        assertEquals(
                List.of(ChatMessage.system(system), ChatMessage.user("hi"), ChatMessage.assistant("hello")),
                out.messages());
        assertEquals(0.01, in.temperature());
        assertEquals(10, in.maxTokens());
        assertEquals(
                PromptTemplate.sha256Hex(system),
                MODEL.prefixFingerprint(RailDirection.INPUT).orElseThrow());
    }

    @Test
    void onTopicIsSafeOffTopicUnsafe() {
        assertEquals(
                Outcome.SAFE,
                MODEL.parse(RailDirection.INPUT, new ChatAnswer("on-topic", "stop", null))
                        .outcome());
        assertEquals(
                Outcome.UNSAFE,
                MODEL.parse(RailDirection.INPUT, new ChatAnswer("off-topic", "stop", null))
                        .outcome());
    }

    @Test
    void guidelinesAreBoundedPlainText(@TempDir Path dir) throws Exception {
        assertThrows(
                ConfigurationException.class,
                () -> NemoGuardTopicControl.builder().build());
        assertThrows(
                ConfigurationException.class,
                () -> NemoGuardTopicControl.builder().guidelines("a\0b").build());
        assertThrows(
                ConfigurationException.class,
                () -> NemoGuardTopicControl.builder()
                        .guidelines("x".repeat(NemoGuardTopicControl.MAX_GUIDELINES_CHARS + 1))
                        .build());
        ConfigurationException directory = assertThrows(
                ConfigurationException.class,
                () -> NemoGuardTopicControl.builder().guidelinesFile(dir));
        assertTrue(directory.getMessage().contains("a directory"), directory.getMessage());
        Path latin1 = dir.resolve("g.txt");
        Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertThrows(
                ConfigurationException.class,
                () -> NemoGuardTopicControl.builder().guidelinesFile(latin1));
    }
}
