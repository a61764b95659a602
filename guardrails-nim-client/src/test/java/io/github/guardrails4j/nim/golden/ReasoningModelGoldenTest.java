package io.github.guardrails4j.nim.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.model.builtin.ChatTemplateContentSafety;
import io.github.guardrails4j.nim.NimCodec;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nemotron Content Safety Reasoning 4B: the request bodies are the ones NeMo Guardrails sent for its
 * {@code content_safety_reasoning} example configuration (reasoning off), byte for byte, but for the
 * {@code "top_p":0.95} of that configuration's sampling parameters, which we do not send (at temperature 1e-20
 * decoding is greedy, so it changes nothing). Reads the recorded requests from {@code ../shared}; skipped when
 * they are absent. Python's {@code json} writes the temperature as {@code 1e-20}, Jackson as {@code 1.0E-20} (the
 * same JSON number); the comparison maps one onto the other.
 */
class ReasoningModelGoldenTest {
    private static final Path GOLDENS = Path.of("..", "..", "shared", "data", "nemo-configs", "goldens");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "input {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void rendersTheReasoningPromptAsNeMoSendsIt(int n) throws Exception {
        Path file = GOLDENS.resolve("content_safety_reasoning").resolve(n + ".json");
        assumeTrue(Files.exists(file), "the NeMo goldens are not available here");
        JsonNode golden = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        String user = golden.get("user").textValue();
        String response = golden.get("response").textValue();
        // the configuration's model id (the Hugging Face name a vLLM server serves)
        ChatTemplateContentSafety model = ChatTemplateContentSafety.builder(ContentSafetyFormat.NEMOTRON_REASONING)
                .model(golden.get("requests").get(0).get("body").get("model").textValue())
                .build();
        for (JsonNode r : golden.get("requests")) {
            boolean input = r.get("phase").textValue().equals("input");
            ChatRequest request = (ChatRequest) model.render(
                    input ? RailDirection.INPUT : RailDirection.OUTPUT,
                    input ? RailRequest.ofInput(user) : RailRequest.ofOutput(user, response));
            String ours = new String(NimCodec.encode(request), StandardCharsets.UTF_8);
            String theirs = r.get("body_raw").textValue();
            assertTrue(theirs.contains(",\"top_p\":0.95,"), "the recorded body carries the config's top_p");
            // Python's json writes the double 1e-20 as 1e-20, Jackson as 1.0E-20: the same JSON number
            assertEquals(
                    theirs.replace(",\"top_p\":0.95,", ",")
                            .replace("\"temperature\":1e-20,", "\"temperature\":1.0E-20,"),
                    ours,
                    "input " + n + ", " + r.get("phase"));
        }
    }

    @ParameterizedTest(name = "reasoning on: input {0}")
    @ValueSource(ints = {1})
    void reasoningOnEndsWithThinkAndRaisesMaxTokens(int n) throws Exception {
        ChatTemplateContentSafety on = ChatTemplateContentSafety.builder(ContentSafetyFormat.NEMOTRON_REASONING)
                .reasoning(true)
                .build();
        ChatRequest r = on.render(RailDirection.INPUT, RailRequest.ofInput("hi"));
        String content = r.messages().get(0).content();
        assertTrue(content.endsWith("as None. /think"), content.substring(content.length() - 30));
        assertEquals(ChatTemplateContentSafety.DEFAULT_REASONING_ON_MAX_TOKENS, r.maxTokens());
        assertEquals(
                ChatTemplateContentSafety.reasoningTemplate(RailDirection.INPUT).fixedPrefix(),
                ChatTemplateContentSafety.reasoningTemplate(RailDirection.OUTPUT)
                        .fixedPrefix(),
                "input and output checks share the taxonomy prefix");
        assertTrue(content.startsWith(
                ChatTemplateContentSafety.reasoningTemplate(RailDirection.INPUT).fixedPrefix()));
        assertEquals(Map.of(), r.extraBody());
    }
}
