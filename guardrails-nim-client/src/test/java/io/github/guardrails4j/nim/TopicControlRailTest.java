package io.github.guardrails4j.nim;

import static io.github.guardrails4j.nim.Nim.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.model.builtin.NemoGuardTopicControl;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicControlRailTest extends NimServerTest {
    static final String GUIDELINES = "  You are a bank's assistant. Only discuss accounts and cards.\n\n";

    private Verdict check(NimRail rail, RailRequest request) {
        return rail.check(request).orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void sendsStrippedGuidelinesThenSuffixAsSystemMessage() throws Exception {
        server.enqueue(completion("on-topic"));
        Verdict v = check(
                TopicControlRail.builder(client).guidelines(GUIDELINES).build(),
                RailRequest.ofInput("What's my balance?"));
        JsonNode body = Nim.body(server.takeRequest());
        assertEquals(
                "nvidia/llama-3.1-nemoguard-8b-topic-control", body.get("model").textValue());
        JsonNode messages = body.get("messages");
        assertEquals(2, messages.size());
        assertEquals("system", messages.get(0).get("role").textValue());
        assertEquals(
                "You are a bank's assistant. Only discuss accounts and cards.\n\n"
                        + NemoGuardPrompts.topicControlSuffix(),
                messages.get(0).get("content").textValue());
        assertEquals("user", messages.get(1).get("role").textValue());
        assertEquals("What's my balance?", messages.get(1).get("content").textValue());
        assertEquals(0.01, body.get("temperature").doubleValue());
        assertEquals(10, body.get("max_tokens").intValue());
        assertEquals(Outcome.SAFE, v.outcome());
        assertEquals("on-topic", v.rawOutput().orElseThrow());
        assertEquals("topic-control", v.rail());
    }

    @Test
    void doesNotAppendTheSuffixTwice() {
        String already = "Only discuss cards.\n\n" + NemoGuardPrompts.topicControlSuffix() + "\n";
        NimRail rail = TopicControlRail.builder(client).guidelines(already).build();
        assertEquals(
                "Only discuss cards.\n\n" + NemoGuardPrompts.topicControlSuffix(),
                ((NemoGuardTopicControl) rail.guardModel()).systemMessage());
    }

    @Test
    void offTopicIsUnsafe() {
        server.enqueue(completion("off-topic"));
        Verdict v = check(
                TopicControlRail.builder(client).guidelines(GUIDELINES).build(),
                RailRequest.ofInput("Write me a poem about cats"));
        assertEquals(Outcome.UNSAFE, v.outcome());
        assertEquals("off-topic", v.rawOutput().orElseThrow());
    }

    @Test
    void unclearAnswerIsAnErrorNotSafe() {
        server.enqueue(completion("maybe"));
        Verdict v =
                check(TopicControlRail.builder(client).guidelines(GUIDELINES).build(), RailRequest.ofInput("x"));
        assertEquals(Outcome.ERROR, v.outcome());
        assertEquals(ErrorReason.UNPARSEABLE_OUTPUT, v.errorReason().orElseThrow());
        assertEquals("maybe", v.rawOutput().orElseThrow());
    }

    @Test
    void truncatedAnswerIsAnError() {
        server.enqueue(completion("off-", "length"));
        Verdict v =
                check(TopicControlRail.builder(client).guidelines(GUIDELINES).build(), RailRequest.ofInput("x"));
        assertEquals(Outcome.ERROR, v.outcome());
        assertEquals(ErrorReason.TRUNCATED_OUTPUT, v.errorReason().orElseThrow());
    }

    @Test
    void outputDirectionAlsoSendsTheAssistantTurn() throws Exception {
        server.enqueue(completion("on-topic"));
        NimRail rail = TopicControlRail.builder(client)
                .guidelines(GUIDELINES)
                .direction(RailDirection.OUTPUT)
                .maxTokens(12)
                .build();
        check(rail, RailRequest.ofOutput("card fees?", "They are 2%."));
        JsonNode body = Nim.body(server.takeRequest());
        List<String> roles = List.of(
                body.get("messages").get(0).get("role").textValue(),
                body.get("messages").get(1).get("role").textValue(),
                body.get("messages").get(2).get("role").textValue());
        assertEquals(List.of("system", "user", "assistant"), roles);
        assertEquals("They are 2%.", body.get("messages").get(2).get("content").textValue());
        assertEquals(12, body.get("max_tokens").intValue());
        assertEquals(RailDirection.OUTPUT, rail.direction());
    }

    @Test
    void readsGuidelinesFromUtf8File(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("guidelines.txt");
        Files.writeString(file, "Nur über Konten sprechen.\n", StandardCharsets.UTF_8);
        NimRail rail = TopicControlRail.builder(client).guidelinesFile(file).build();
        assertEquals(
                "Nur über Konten sprechen.\n\n" + NemoGuardPrompts.topicControlSuffix(),
                ((NemoGuardTopicControl) rail.guardModel()).systemMessage());
        assertThrows(
                ConfigurationException.class,
                () -> TopicControlRail.builder(client).guidelinesFile(dir.resolve("missing.txt")));
    }

    @Test
    void blankGuidelinesAreRejected() {
        assertThrows(
                ConfigurationException.class,
                () -> TopicControlRail.builder(client).build());
        assertThrows(
                ConfigurationException.class,
                () -> TopicControlRail.builder(client).guidelines(" \n").build());
    }
}
