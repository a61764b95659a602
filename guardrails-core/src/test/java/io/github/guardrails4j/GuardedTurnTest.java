package io.github.guardrails4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GuardedTurnTest {
    private final ManualRail input = new ManualRail("content-safety-input", RailDirection.INPUT);
    private final ManualRail output = new ManualRail("content-safety-output", RailDirection.OUTPUT);
    private final List<CompletableFuture<String>> llmCalls = new CopyOnWriteArrayList<>();
    private final LlmCall llm = message -> {
        CompletableFuture<String> f = new CompletableFuture<>();
        llmCalls.add(f);
        return f;
    };

    private Guardrails guardrails(boolean speculative) {
        return Guardrails.builder()
                .rail(input)
                .rail(output)
                .speculativeGeneration(speculative)
                .build();
    }

    @Test
    void withoutSpeculationTheLlmStartsOnlyAfterTheInputIsAllowed() {
        CompletableFuture<TurnResult> turn = guardrails(false).guard("hi", llm);
        assertEquals(0, llmCalls.size());
        input.answer(Outcome.SAFE);
        assertEquals(1, llmCalls.size());
        llmCalls.get(0).complete("hello!");
        assertEquals(RailRequest.ofOutput("hi", "hello!"), output.requests.get(0));
        output.answer(Outcome.SAFE);
        TurnResult r = turn.join();
        assertTrue(r.allowed());
        assertEquals(Optional.of("hello!"), r.allowedAnswer());
        assertFalse(r.speculative());
    }

    @Test
    void speculationStartsTheLlmWithTheInputRailsAndCancelsItWhenBlocked() {
        CompletableFuture<TurnResult> turn = guardrails(true).guard("bad", llm);
        assertEquals(1, llmCalls.size(), "the LLM call starts at once");
        input.answer(Outcome.UNSAFE, "Violence");
        TurnResult r = turn.join();
        assertTrue(r.input().blocked());
        assertTrue(llmCalls.get(0).isCancelled(), "the speculative call is cancelled");
        assertEquals(Optional.empty(), r.allowedAnswer());
        assertEquals(Optional.empty(), r.allowedAnswer());
        assertEquals(0, output.calls.size());
    }

    @Test
    void speculativeAnswerFinishedBeforeTheInputVerdictIsStillDiscardedWhenBlocked() {
        CompletableFuture<TurnResult> turn = guardrails(true).guard("bad", llm);
        llmCalls.get(0).complete("an answer that must never be shown");
        input.answer(Outcome.UNSAFE);
        assertEquals(Optional.empty(), turn.join().allowedAnswer());
        assertEquals(0, output.calls.size());
    }

    @Test
    void speculativeAllowedTurnChecksTheOutput() {
        CompletableFuture<TurnResult> turn = guardrails(true).guard("hi", llm);
        llmCalls.get(0).complete("answer");
        assertEquals(0, output.calls.size(), "output waits for the input verdict");
        input.answer(Outcome.SAFE);
        output.answer(Outcome.UNSAFE, "Violence");
        TurnResult r = turn.join();
        assertFalse(r.allowed());
        assertTrue(r.output().orElseThrow().blocked());
        assertEquals(Optional.empty(), r.allowedAnswer());
    }

    @Test
    void anAnswerTheOutputRailsBlockedIsNeverHandedOut() throws Exception {
        CompletableFuture<TurnResult> turn = guardrails(true).guard("q", llm);
        llmCalls.get(0).complete("the blocked answer");
        input.answer(Outcome.SAFE);
        output.answer(Outcome.UNSAFE, "Violence");
        TurnResult r = turn.join();
        assertTrue(r.output().orElseThrow().blocked());
        for (Method m : TurnResult.class.getMethods()) {
            if (m.getParameterCount() == 0 && m.getDeclaringClass() == TurnResult.class) {
                Object value = m.invoke(r);
                assertFalse(String.valueOf(value).contains("the blocked answer"), m.getName() + " hands it out");
            }
        }
    }

    @Test
    void llmFailureFailsTheTurnWithTheHostsException() {
        CompletableFuture<TurnResult> turn = guardrails(false).guard("hi", llm);
        input.answer(Outcome.SAFE);
        IllegalStateException boom = new IllegalStateException("LLM down");
        llmCalls.get(0).completeExceptionally(boom);
        CompletionException e = assertThrows(CompletionException.class, turn::join);
        assertSame(boom, e.getCause());
    }

    @Test
    void cancellingTheTurnCancelsRailsAndLlm() {
        CompletableFuture<TurnResult> turn = guardrails(true).guard("hi", llm);
        turn.cancel(true);
        assertTrue(input.last().isCancelled());
        assertTrue(llmCalls.get(0).isCancelled());
    }

    @Test
    void warmUpSendsOneRequestPerDistinctPrefixKeyAndReportsWhatItSaw() {
        ManualRail in = new ManualRail("content-safety-input", RailDirection.INPUT, "nim model prefixA");
        ManualRail out = new ManualRail("content-safety-output", RailDirection.OUTPUT, "nim model prefixA");
        ManualRail topic = new ManualRail("topic-control", RailDirection.INPUT, "nim topic prefixB");
        ManualRail local = new ManualRail("regex", RailDirection.INPUT); // no key: not warmed
        Guardrails g =
                Guardrails.builder().rail(in).rail(topic).rail(local).rail(out).build();
        CompletableFuture<WarmUpReport> warmUp = g.warmUp();
        assertFalse(warmUp.isDone());
        in.answer(Outcome.SAFE);
        topic.answer(Outcome.SAFE);
        WarmUpReport report = warmUp.join();
        assertEquals(
                List.of("content-safety-input", "topic-control"),
                report.entries().stream().map(WarmUpReport.Entry::rail).toList());
        assertEquals(1, in.requests.size());
        assertEquals(0, out.requests.size(), "output shares the input's prefix and endpoint");
        assertEquals(Outcome.SAFE, report.entries().get(0).verdict().outcome());
        assertEquals(0, local.calls.size());
        assertEquals(RailRequest.ofInput("Hello"), in.requests.get(0));
    }
}
