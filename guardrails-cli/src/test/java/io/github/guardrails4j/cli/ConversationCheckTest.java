package io.github.guardrails4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --file F.jsonl} reads OpenAI-format {@code "messages"} lines; {@code --format jsonl} shows per rail
 * what it sent (prompt tokens) for a 3-turn conversation: topic control sends the whole conversation, content safety
 * the last user turn, jailbreak detection the last user turn (issue 11 item 1).
 */
class ConversationCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAILS = "content-safety,topic-control,jailbreak-detection";
    static final String CONVERSATION = "{\"messages\": ["
            + "{\"role\": \"system\", \"content\": \"You are a shop assistant.\"},"
            + "{\"role\": \"user\", \"content\": \"I ordered a kettle last week.\"},"
            + "{\"role\": \"assistant\", \"content\": \"Thanks, I can look it up.\"},"
            + "{\"role\": \"user\", \"content\": \"The order number is 1234.\"},"
            + "{\"role\": \"assistant\", \"content\": \"It ships tomorrow.\"},"
            + "{\"role\": \"user\", \"content\": \"Where is my order?\"}],"
            + " \"response\": \"It is in the warehouse and ships tomorrow.\"}";

    @TempDir
    Path dir;

    @Test
    void aConversationLineIsCheckedAndEachRailReportsWhatItSent() throws Exception {
        try (NimSimulator sim =
                NimSimulator.builder().latency(LatencyModel.none()).start()) {
            Map<String, String> env = Map.of("GUARDRAILS_NIM_URL", sim.baseUrl());
            Path file = Files.writeString(dir.resolve("conversation.jsonl"), CONVERSATION + "\n");
            Path single = Files.writeString(
                    dir.resolve("single.jsonl"),
                    "{\"prompt\": \"Where is my order?\", \"response\": \"It is in the warehouse and ships "
                            + "tomorrow.\"}\n");
            Map<String, Integer> conversation = promptTokens(Cli.run(
                    env, "check", "--file", file.toString(), "--format", "jsonl", "--rails", RAILS, "--all-verdicts"));
            Map<String, Integer> alone = promptTokens(Cli.run(
                    env,
                    "check",
                    "--file",
                    single.toString(),
                    "--format",
                    "jsonl",
                    "--rails",
                    RAILS,
                    "--all-verdicts"));
            assertEquals(alone.keySet(), conversation.keySet());
            assertEquals(
                    List.of("content-safety-input", "topic-control", "jailbreak-detection", "content-safety-output"),
                    List.copyOf(conversation.keySet()));
            assertEquals(
                    alone.get("content-safety-input"),
                    conversation.get("content-safety-input"),
                    "content safety: the last user turn only, as NeMo");
            assertEquals(alone.get("content-safety-output"), conversation.get("content-safety-output"));
            assertTrue(
                    conversation.get("topic-control") > alone.get("topic-control") + 20,
                    () -> "topic control: every earlier turn too: " + conversation + " vs " + alone);
        }
    }

    @Test
    void aConversationMustEndWithTheUsersTurn() throws Exception {
        Path file = Files.writeString(
                dir.resolve("bad.jsonl"),
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": "
                        + "\"hello\"}]}\n");
        Cli r = Cli.run(Map.of(), "check", "--file", file.toString(), "--rails", "content-safety");
        assertEquals(2, r.exitCode, r::toString);
        assertTrue(r.err.contains("the last message must be the user's turn"), r::toString);
        Path both = Files.writeString(
                dir.resolve("both.jsonl"),
                "{\"prompt\": \"x\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}\n");
        Cli r2 = Cli.run(Map.of(), "check", "--file", both.toString(), "--rails", "content-safety");
        assertTrue(r2.err.contains("has both \"prompt\" and \"messages\""), r2::toString);
        Path tool = Files.writeString(
                dir.resolve("tool.jsonl"),
                "{\"messages\": [{\"role\": \"tool\", \"content\": \"42\"}, {\"role\": \"user\", "
                        + "\"content\": \"hi\"}]}\n");
        Cli r3 = Cli.run(Map.of(), "check", "--file", tool.toString(), "--rails", "content-safety");
        assertTrue(r3.err.contains("use system, user or assistant"), r3::toString);
    }

    @Test
    void anImageIsNotCheckedAndTheVerdictSaysSo() throws Exception {
        try (NimSimulator sim =
                NimSimulator.builder().latency(LatencyModel.none()).start()) {
            Path image = Files.writeString(
                    dir.resolve("image.jsonl"),
                    "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": "
                            + "\"What is this?\"}, {\"type\": \"image_url\", \"image_url\": {\"url\": "
                            + "\"data:,\"}}]}]}\n");
            Cli r = Cli.run(
                    Map.of("GUARDRAILS_NIM_URL", sim.baseUrl()),
                    "check",
                    "--file",
                    image.toString(),
                    "--format",
                    "jsonl",
                    "--rails",
                    "content-safety");
            assertEquals(0, r.exitCode, r::toString);
            JsonNode rail = JSON.readTree(r.out.strip()).get("rails").get(0);
            assertEquals("safe", rail.get("outcome").asText());
            assertEquals("unchecked-content:image", rail.get("notes").get(0).asText(), r.out);
        }
    }

    private static Map<String, Integer> promptTokens(Cli r) throws Exception {
        assertEquals(0, r.exitCode, r::toString);
        JsonNode o = JSON.readTree(r.out.strip());
        Map<String, Integer> tokens = new LinkedHashMap<>();
        for (JsonNode rail : o.get("rails")) {
            JsonNode t = rail.get("promptTokens");
            tokens.put(rail.get("rail").asText(), t == null || t.isNull() ? -1 : t.asInt());
        }
        return tokens;
    }
}
