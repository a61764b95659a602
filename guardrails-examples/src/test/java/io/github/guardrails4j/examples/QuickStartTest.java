package io.github.guardrails4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickStartTest {
    @Test
    void guardsTheConversationAgainstTheEmbeddedSimulator() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean allowed = QuickStart.run(null, null, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(allowed, out);
        assertTrue(out.contains("input : ALLOWED"), out);
        assertTrue(out.contains("content-safety-input -> SAFE"), out);
        assertTrue(out.contains("content-safety-output -> SAFE"), out);
    }
}
