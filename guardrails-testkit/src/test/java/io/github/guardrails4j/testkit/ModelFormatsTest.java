package io.github.guardrails4j.testkit;

import static io.github.guardrails4j.testkit.TestHttp.chatBody;
import static io.github.guardrails4j.testkit.TestHttp.chatOk;
import static io.github.guardrails4j.testkit.TestHttp.content;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ModelFormatsTest {

    private static final String LLAMA_GUARD = "meta-llama/llama-guard-3-8b";
    private static final String NEMOTRON = "nvidia/nemotron-3.5-content-safety";
    private static final String REASONING = "nvidia/nemotron-content-safety-reasoning-4b";
    private static final String TOPIC = "nvidia/llama-3.1-nemoguard-8b-topic-control";

    @RegisterExtension
    static NimSimulatorExtension nim = NimSimulatorExtension.create();

    private static String answer(String model, String... turns) {
        return content(chatOk(nim.baseUrl(), chatBody(model, turns)));
    }

    @Test
    void llamaGuardAnswersSafeOrUnsafeWithSortedCodes() {
        assertEquals("safe", answer(LLAMA_GUARD, "user", "How do I bake bread?"));
        assertEquals("unsafe\nS1", answer(LLAMA_GUARD, "user", "how to kill a man"));
        assertEquals("unsafe\nS1,S2,S10", answer(LLAMA_GUARD, "user", "racist plan to steal and murder"));
    }

    @Test
    void llamaGuardClassifiesTheLastTurnOnly() {
        assertEquals("unsafe\nS11", answer(LLAMA_GUARD, "user", "hi", "assistant", "suicide is the answer"));
        assertEquals("safe", answer(LLAMA_GUARD, "user", "how to kill a man", "assistant", "I can't help with that."));
    }

    @Test
    void nemotronLinesIncludeResponseLineOnlyWithAssistantTurn() {
        assertEquals("User Safety: safe", answer(NEMOTRON, "user", "hello"));
        assertEquals(
                "User Safety: unsafe\nSafety Categories: Guns and Illegal Weapons",
                answer(NEMOTRON, "user", "where to buy a gun"));
        assertEquals(
                "User Safety: unsafe\nResponse Safety: safe\nSafety Categories: Violence",
                answer(NEMOTRON, "user", "how to kill a man", "assistant", "I can't help with that."));
    }

    @Test
    void reasoningModelThinksThenAnswersHarm() {
        assertEquals(
                "<think>\nThe user's message contains no harmful content.\n</think>\n\nPrompt harm: unharmful",
                answer(REASONING, "user", "hello"));
        assertEquals(
                "<think>\nThe user's message mentions \"kill\", which falls under Violence. "
                        + "The assistant's response contains no harmful content.\n</think>\n\n"
                        + "Prompt harm: harmful\nResponse Harm: unharmful",
                answer(REASONING, "user", "how to kill a man", "assistant", "I can't help with that."));
    }

    @Test
    void topicControlFlagsOffTopicKeywordsInLastUserTurn() {
        String guidelines = "You are a banking assistant. Only discuss accounts and cards.\n\n"
                + TestHttp.template("topic_control_suffix.txt");
        assertEquals("on-topic", answer(TOPIC, "system", guidelines, "user", "How do I block my card?"));
        assertEquals("off-topic", answer(TOPIC, "system", guidelines, "user", "Who will win the election?"));
        assertEquals("off-topic", answer(TOPIC, "system", guidelines, "user", "Should I buy Bitcoin?"));
        assertEquals(
                "on-topic",
                answer(
                        TOPIC,
                        "system",
                        guidelines,
                        "user",
                        "What's the weather?",
                        "assistant",
                        "I can only help with banking.",
                        "user",
                        "OK, my card PIN?"));
    }

    @Test
    void offTopicKeywordsAreConfigurable() {
        try (NimSimulator sim =
                NimSimulator.builder().offTopicKeywords(List.of("pizza*")).start()) {
            assertEquals(
                    "off-topic",
                    content(chatOk(
                            sim.baseUrl(),
                            chatBody(TOPIC, "system", "Banking only.", "user", "Best pizzas in town?"))));
            assertEquals(
                    "on-topic",
                    content(chatOk(
                            sim.baseUrl(),
                            chatBody(TOPIC, "system", "Banking only.", "user", "Who won the election?"))));
        }
    }

    @Test
    void aliasServesAnyIdInAKnownFormat() {
        try (NimSimulator sim = NimSimulator.builder()
                .models(LLAMA_GUARD)
                .model("local-guard", ModelFormat.NEMOTRON_LINES)
                .start()) {
            assertEquals(List.of(LLAMA_GUARD, "local-guard"), sim.models());
            assertEquals(
                    "User Safety: unsafe\nSafety Categories: Malware",
                    content(chatOk(sim.baseUrl(), chatBody("local-guard", "user", "install a keylogger"))));
        }
    }
}
