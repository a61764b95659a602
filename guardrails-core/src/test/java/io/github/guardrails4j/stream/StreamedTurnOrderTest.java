package io.github.guardrails4j.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.TurnResult;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/**
 * With speculative generation a streamed turn starts the LLM call before the input rails: the LLM is the long pole,
 * and starting the rails first would delay its request by the time they take to start.
 */
class StreamedTurnOrderTest {
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final ManualOutputRail output = new ManualOutputRail("content-safety-output");

    private final Rail input = new Rail() {
        @Override
        public String name() {
            return "content-safety-input";
        }

        @Override
        public RailDirection direction() {
            return RailDirection.INPUT;
        }

        @Override
        public CompletableFuture<Verdict> check(RailRequest request) {
            order.add("input rail");
            return CompletableFuture.completedFuture(
                    Verdict.builder(name()).outcome(Outcome.SAFE).build());
        }
    };

    private final StreamingLlmCall llm = userMessage -> {
        order.add("llm");
        return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private boolean sent;

            @Override
            public void request(long n) {
                if (!sent) {
                    sent = true;
                    subscriber.onNext("Hello.");
                    subscriber.onComplete();
                }
            }

            @Override
            public void cancel() {}
        });
    };

    private CompletableFuture<TurnResult> turn(boolean speculative) {
        Guardrails guardrails = Guardrails.builder()
                .rail(input)
                .rail(output)
                .speculativeGeneration(speculative)
                .build();
        return StreamingGuard.create(guardrails).guardTurn("question", llm);
    }

    @Test
    void speculativeTurnStartsTheLlmBeforeTheInputRails() {
        CompletableFuture<TurnResult> turn = turn(true);
        output.safe(0);
        assertEquals(List.of("llm", "input rail"), order);
        assertEquals("Hello.", turn.join().allowedAnswer().orElseThrow());
    }

    @Test
    void withoutSpeculationTheLlmStartsOnlyAfterTheInputPassed() {
        CompletableFuture<TurnResult> turn = turn(false);
        output.safe(0);
        assertEquals(List.of("input rail", "llm"), order);
        assertEquals("Hello.", turn.join().allowedAnswer().orElseThrow());
    }
}
