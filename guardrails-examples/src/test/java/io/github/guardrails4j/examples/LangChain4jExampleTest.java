package io.github.guardrails4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.testkit.ApplicationReply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LangChain4jExampleTest {
    @Test
    void answersTheSafeQuestionBlocksTheUnsafeOneAndStopsTheStreamBeforeTheUnsafeText() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> replies = LangChain4jExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(ApplicationReply.DEFAULT_TEXT, replies.get(0), out);
        assertEquals(
                "Sorry, I can't help with that. (The guardrail io.github.guardrails4j.langchain4j.NemoGuardInputGuardrail failed with this message: "
                        + "Blocked by NemoGuard rail content-safety-input: the user message is unsafe (Violence, "
                        + "Criminal Planning/Confessions))",
                replies.get(1),
                out);
        assertTrue(replies.get(2).startsWith("Green tea is brewed"), out);
        assertFalse(replies.get(2).contains("kill"), out);
        assertTrue(out.contains("[stopped: Blocked by content-safety-output rails. The answer stopped at chunk "), out);
    }
}
