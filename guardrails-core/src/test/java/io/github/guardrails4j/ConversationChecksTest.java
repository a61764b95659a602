package io.github.guardrails4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.InputRejectedException;
import io.github.guardrails4j.model.builtin.NemoGuardContentSafety;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** checkInput / checkOutput / guard take a conversation; rails get its history (issue 11 item 1). */
class ConversationChecksTest {
    private static final Conversation THREE_TURNS = Conversation.empty()
            .plus(Conversation.Role.SYSTEM, "You are a cooking assistant.")
            .plus(Conversation.Role.USER, "What is in a cake?")
            .plus(Conversation.Role.ASSISTANT, "Flour, eggs, sugar.")
            .plus(Conversation.Role.USER, "And in bread?");

    @Test
    void railsGetTheLastUserTurnAndTheHistory() {
        ManualRail in = new ManualRail("in", RailDirection.INPUT);
        ManualRail out = new ManualRail("out", RailDirection.OUTPUT);
        Guardrails g = Guardrails.builder().rail(in).rail(out).build();

        CompletableFuture<GuardResult> input = g.checkInput(THREE_TURNS);
        RailRequest r = in.requests.get(0);
        assertEquals("And in bread?", r.userMessage());
        assertEquals(THREE_TURNS.turns().subList(0, 3), r.history().turns());
        assertTrue(r.answer().isEmpty());
        in.answer(Outcome.SAFE);
        assertTrue(input.join().allowed());

        g.checkOutput(THREE_TURNS, "<think>the user wants bread</think>Flour, water, salt.");
        RailRequest o = out.requests.get(0);
        assertEquals("Flour, water, salt.", o.answer().orElseThrow(), "the think trace is not checked by default");
        assertEquals(3, o.history().turns().size());
    }

    @Test
    void guardRunsTheTurnWithTheConversation() {
        ManualRail in = new ManualRail("in", RailDirection.INPUT);
        ManualRail out = new ManualRail("out", RailDirection.OUTPUT);
        Guardrails g = Guardrails.builder().rail(in).rail(out).build();
        CompletableFuture<TurnResult> turn =
                g.guard(THREE_TURNS, user -> CompletableFuture.completedFuture("Bread: flour, water. [" + user + "]"));
        in.answer(Outcome.SAFE);
        assertEquals(3, out.requests.get(0).history().turns().size());
        assertEquals(
                "Bread: flour, water. [And in bread?]",
                out.requests.get(0).answer().orElseThrow());
        out.answer(Outcome.SAFE);
        assertEquals(
                "Bread: flour, water. [And in bread?]",
                turn.join().allowedAnswer().orElseThrow());
    }

    @Test
    void theTraceIsCheckedWhenAskedAndAConversationMustEndWithAUserTurn() {
        ManualRail out = new ManualRail("out", RailDirection.OUTPUT);
        Guardrails g = Guardrails.builder()
                .rail(out)
                .unguarded(RailDirection.INPUT)
                .checkReasoningTrace(true)
                .build();
        g.checkOutput("q", "<think>t</think>a");
        assertEquals("<think>t</think>a", out.requests.get(0).answer().orElseThrow());
        Conversation endsWithAnswer = THREE_TURNS.plus(Conversation.Role.ASSISTANT, "x");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> g.checkOutput(endsWithAnswer, "y"));
        assertTrue(e.getMessage().contains("must end with the user's turn"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.checkOutput(Conversation.empty(), "y"));
        assertEquals(List.of(), Conversation.empty().turns());
    }

    @Test
    void partsThatAreNotTextAreNotedOrRejectedNeverDroppedSilently() {
        Conversation withImage = Conversation.empty()
                .plus(new Conversation.Turn(Conversation.Role.USER, "What is in this picture?", List.of("image")));
        ManualRail in = new ManualRail("in", RailDirection.INPUT);
        Guardrails g =
                Guardrails.builder().rail(in).unguarded(RailDirection.OUTPUT).build();
        g.checkInput(withImage);
        assertEquals(List.of("image"), in.requests.get(0).unchecked());
        assertEquals("What is in this picture?", in.requests.get(0).userMessage());

        Guardrails strict = g.toBuilder().rejectUncheckedContent(true).build();
        InputRejectedException e = assertThrows(InputRejectedException.class, () -> strict.checkInput(withImage));
        assertTrue(e.getMessage().contains("[image]"), e.getMessage());
        assertEquals(1, in.requests.size(), "no rail ran");
        assertEquals(
                List.of("unchecked-content:image"),
                NemoGuardContentSafety.create().notes(RailDirection.INPUT, RailRequest.ofConversation(withImage, null)),
                "the verdicts of a NIM rail carry the model's notes");
    }
}
