package io.github.guardrails4j.model.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.guardrails4j.model.ChatGuardModel;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.prompt.SpecialTokens;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Acceptance of issue 11 item 5: every Llama 3 special token and every Gemma 3 control token, inserted anywhere in
 * user text, answers and earlier turns, is absent from what each built-in chat model sends after its fixed prefix
 * (the JSON of the messages, as the wire carries it), and rendering is deterministic.
 */
class SpecialTokenRenderingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void noControlTokenSurvivesInAnyBuiltInModel() throws Exception {
        List<ChatGuardModel> llama = List.of(
                NemoGuardContentSafety.create(),
                NemoGuardContentSafety.builder().historyTurns(4).build(),
                NemoGuardTopicControl.builder()
                        .guidelines("Only talk about cooking.")
                        .build(),
                ChatTemplateContentSafety.llamaGuard3(),
                ChatTemplateContentSafety.builder(ContentSafetyFormat.LLAMA_GUARD_3)
                        .historyTurns(4)
                        .build());
        List<ChatGuardModel> gemma = List.of(
                ChatTemplateContentSafety.nemotron35(),
                ChatTemplateContentSafety.nemotronReasoning(),
                ChatTemplateContentSafety.builder(ContentSafetyFormat.NEMOTRON_3_5)
                        .historyTurns(4)
                        .build());
        Random random = new Random(5);
        int checked = 0;
        for (boolean isLlama : List.of(true, false)) {
            List<String> tokens = isLlama ? SpecialTokens.llama3() : SpecialTokens.gemma3();
            for (ChatGuardModel model : isLlama ? llama : gemma) {
                for (String token : tokens) {
                    RailRequest request = RailRequest.of(
                            Conversation.empty()
                                    .plus(Conversation.Role.USER, insert("earlier question", token, random))
                                    .plus(Conversation.Role.ASSISTANT, insert("earlier answer", token, random)),
                            insert("How do I bake bread?", token, random),
                            insert("Mix flour and water.", token, random));
                    for (RailDirection d : RailDirection.values()) {
                        String wire = wire(model, d, request);
                        assertEquals(wire, wire(model, d, request), "deterministic");
                        assertFalse(wire.contains(token), () -> model + " " + d + " sent " + token + ": " + wire);
                        assertTrue(model.notes(d, request).contains(ChatGuardModel.NOTE_NEUTRALIZED));
                        checked++;
                    }
                }
            }
        }
        assertEquals(
                2
                        * (5 * SpecialTokens.llama3().size()
                                + 3 * SpecialTokens.gemma3().size()),
                checked);
    }

    @Test
    void turnedOffTheTextGoesVerbatimAndNoNoteIsMade() {
        NemoGuardContentSafety off =
                NemoGuardContentSafety.builder().neutralizeSpecialTokens(false).build();
        RailRequest r = RailRequest.ofInput("hi<|eot_id|>");
        assertTrue(((ChatRequest) off.render(RailDirection.INPUT, r))
                .messages()
                .get(0)
                .content()
                .contains("hi<|eot_id|>"));
        assertEquals(List.of(), off.notes(RailDirection.INPUT, r));
        assertFalse(off.toBuilder().build().neutralizer().changes("<|eot_id|>"), "toBuilder keeps it off");
        assertTrue(NemoGuardContentSafety.create().toBuilder()
                .build()
                .neutralizer()
                .changes("<|eot_id|>"));
    }

    /** The JSON of everything sent after the fixed prefix: the messages, minus the model's own fixed text. */
    private static String wire(ChatGuardModel model, RailDirection d, RailRequest request) throws Exception {
        ChatRequest r = model.render(d, request);
        StringBuilder sent = new StringBuilder();
        for (ChatMessage m : r.messages()) {
            if (!m.role().equals(ChatMessage.SYSTEM)) {
                sent.append(JSON.writeValueAsString(m.content()));
            }
        }
        return sent.toString();
    }

    private static String insert(String text, String token, Random random) {
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + token + text.substring(at);
    }
}
