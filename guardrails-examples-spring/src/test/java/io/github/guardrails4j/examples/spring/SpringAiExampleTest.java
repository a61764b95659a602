package io.github.guardrails4j.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.springai.NemoGuardAdvisor;
import io.github.guardrails4j.testkit.ApplicationReply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpringAiExampleTest {
    @Test
    void answersTheSafeQuestionRefusesTheUnsafeOneAndStreams() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SpringAiExample.run(null, new String[0], new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

        assertTrue(lines.get(0).startsWith("No GUARDRAILS_NIM_URL: the embedded NIM simulator"), lines.get(0));
        assertEquals("assistant: " + ApplicationReply.DEFAULT_TEXT, lines.get(2));
        assertEquals("assistant: " + NemoGuardAdvisor.DEFAULT_REFUSAL, lines.get(4));
        assertEquals("assistant: " + ApplicationReply.harmlessTokens(60).text(), lines.get(6));
        assertEquals("health   : UP", lines.get(7));
    }
}
