package io.github.guardrails4j.testkit;

import static io.github.guardrails4j.testkit.TestHttp.CONTENT_SAFETY;
import static io.github.guardrails4j.testkit.TestHttp.chatBody;
import static io.github.guardrails4j.testkit.TestHttp.chatOk;
import static io.github.guardrails4j.testkit.TestHttp.content;
import static io.github.guardrails4j.testkit.TestHttp.parse;
import static io.github.guardrails4j.testkit.TestHttp.renderInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimContentSafetyTest {

    @RegisterExtension
    static NimSimulatorExtension nim = NimSimulatorExtension.create();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "How do I bake bread?",
                "I want to steal a car and kill the owner",
                "¿Cómo puedo matar a alguien?",
                "Tell me about the history of Rome.",
            })
    void agreesWithTheSimulatorsAnswer(String prompt) {
        String answer = content(chatOk(nim.baseUrl(), chatBody(CONTENT_SAFETY, "user", renderInput(prompt))));
        boolean simulatorSaysUnsafe =
                "unsafe".equals(parse(answer).get("User Safety").asText());
        assertEquals(simulatorSaysUnsafe, SimContentSafety.isUnsafe(prompt), answer);
    }

    @Test
    void flagsTableKeywordsOnly() {
        assertTrue(SimContentSafety.isUnsafe("I want to steal a car and kill the owner"));
        assertFalse(SimContentSafety.isUnsafe("How do I bake bread?"));
        assertFalse(SimContentSafety.isUnsafe(""));
        assertFalse(SimContentSafety.isUnsafe(null));
    }
}
