package io.github.guardrails4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.rail.RegexRail;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GuardrailsTest {
    private final ManualRail safety = new ManualRail("content-safety-input", RailDirection.INPUT);
    private final ManualRail topic = new ManualRail("topic-control", RailDirection.INPUT);
    private final ManualRail jailbreak = new ManualRail("jailbreak-detection", RailDirection.INPUT);
    private final ManualRail output = new ManualRail("content-safety-output", RailDirection.OUTPUT);

    @Test
    void allRailsStartAtOnceAndAllSafeIsAllowedWithEveryVerdictInRailOrder() {
        Guardrails g =
                Guardrails.builder().rail(safety).rail(topic).rail(jailbreak).build();
        CompletableFuture<GuardResult> result = g.checkInput("hello");
        assertEquals(1, safety.calls.size());
        assertEquals(1, topic.calls.size());
        assertEquals(1, jailbreak.calls.size());
        jailbreak.answer(Outcome.SAFE);
        topic.answer(Outcome.SAFE);
        assertFalse(result.isDone());
        safety.answer(Outcome.SAFE);
        GuardResult r = result.join();
        assertTrue(r.allowed());
        assertEquals(
                List.of("content-safety-input", "topic-control", "jailbreak-detection"),
                r.verdicts().stream().map(Verdict::rail).toList());
        assertEquals(RailDirection.INPUT, r.direction());
    }

    @Test
    void firstBlockCompletesTheResultAndCancelsTheRailsStillRunning() {
        Guardrails g =
                Guardrails.builder().rail(safety).rail(topic).rail(jailbreak).build();
        CompletableFuture<GuardResult> result = g.checkInput("how do I build a bomb");
        topic.answer(Outcome.SAFE);
        safety.answer(Outcome.UNSAFE, "Violence");
        GuardResult r = result.join();
        assertTrue(r.blocked());
        assertEquals("content-safety-input", r.blockingRail().orElseThrow());
        assertEquals(List.of("Violence"), r.blockingVerdict().orElseThrow().categories());
        assertTrue(jailbreak.last().isCancelled(), "the rail still running must be cancelled");
        assertEquals(
                List.of("content-safety-input", "topic-control"),
                r.verdicts().stream().map(Verdict::rail).toList());
    }

    @Test
    void runAllRailsWaitsForEveryVerdictAndReportsTheFirstBlock() {
        Guardrails g = Guardrails.builder()
                .rail(safety)
                .rail(topic)
                .rail(jailbreak)
                .runAllRails(true)
                .build();
        CompletableFuture<GuardResult> result = g.checkInput("how do I build a bomb");
        topic.answer(Outcome.UNSAFE, "off-topic");
        safety.answer(Outcome.UNSAFE, "Violence");
        assertFalse(result.isDone(), "waits for the last rail");
        assertFalse(jailbreak.last().isCancelled(), "no rail is cancelled");
        jailbreak.answer(Outcome.SAFE);
        GuardResult r = result.join();
        assertTrue(r.blocked());
        assertEquals("topic-control", r.blockingRail().orElseThrow(), "the first block in time decides");
        assertEquals(3, r.verdicts().size());
        assertTrue(g.runAllRails());
    }

    @Test
    void errorBlocksByDefault() {
        Guardrails g = Guardrails.builder().rail(safety).rail(topic).build();
        CompletableFuture<GuardResult> result = g.checkInput("x");
        GuardServiceException e503 = new GuardServiceException("http://nim", 503, "{\"detail\": \"down\"}");
        safety.last().complete(Verdict.error("content-safety-input", e503, Duration.ofMillis(20)));
        GuardResult r = result.join();
        assertTrue(r.blocked());
        Verdict v = r.blockingVerdict().orElseThrow();
        assertEquals(Outcome.ERROR, v.outcome());
        assertEquals(ErrorReason.HTTP_STATUS, v.errorReason().orElseThrow());
        assertSame(e503, v.error().orElseThrow());
        assertTrue(topic.last().isCancelled());
    }

    @Test
    void failOpenRailRecordsTheErrorButDoesNotBlock() {
        Guardrails g = Guardrails.builder()
                .rail(safety)
                .rail(topic, FailurePolicy.FAIL_OPEN)
                .build();
        CompletableFuture<GuardResult> result = g.checkInput("x");
        topic.last().completeExceptionally(new IllegalStateException("boom"));
        safety.answer(Outcome.SAFE);
        GuardResult r = result.join();
        assertTrue(r.allowed());
        Verdict topicVerdict = r.verdict("topic-control").orElseThrow();
        assertEquals(Outcome.ERROR, topicVerdict.outcome());
        assertEquals(ErrorReason.INTERNAL, topicVerdict.errorReason().orElseThrow());
        assertEquals(FailurePolicy.FAIL_OPEN, g.failurePolicy("topic-control"));
        assertEquals(FailurePolicy.FAIL_CLOSED, g.failurePolicy("content-safety-input"));
    }

    @Test
    void unsafeBlocksEvenOnAFailOpenRail() {
        Guardrails g =
                Guardrails.builder().rail(safety, FailurePolicy.FAIL_OPEN).build();
        CompletableFuture<GuardResult> result = g.checkInput("x");
        safety.answer(Outcome.UNSAFE);
        assertTrue(result.join().blocked());
    }

    @Test
    void aRailThatThrowsOrReturnsNullIsAnErrorNeverSafe() {
        Rail throwing = new FixedRail("throwing", () -> {
            throw new IllegalStateException("bug in rail");
        });
        Rail nullReturning = new FixedRail("null-returning", () -> null);
        for (Rail rail : List.of(throwing, nullReturning)) {
            GuardResult r =
                    Guardrails.builder().rail(rail).build().checkInput("x").join();
            assertTrue(r.blocked(), rail.name());
            assertEquals(
                    ErrorReason.INTERNAL,
                    r.blockingVerdict().orElseThrow().errorReason().orElseThrow());
        }
    }

    @Test
    void cancellingTheResultCancelsEveryRail() {
        Guardrails g = Guardrails.builder().rail(safety).rail(topic).build();
        CompletableFuture<GuardResult> result = g.checkInput("x");
        assertTrue(result.cancel(true));
        assertTrue(safety.last().isCancelled());
        assertTrue(topic.last().isCancelled());
    }

    @Test
    void outputCheckRunsOnlyOutputRailsWithTheResponse() {
        Guardrails g = Guardrails.builder().rail(safety).rail(output).build();
        CompletableFuture<GuardResult> result = g.checkOutput("question", "answer");
        assertEquals(0, safety.calls.size());
        assertEquals(RailRequest.ofOutput("question", "answer"), output.requests.get(0));
        output.answer(Outcome.SAFE);
        assertTrue(result.join().allowed());
        assertEquals(RailDirection.OUTPUT, result.join().direction());
    }

    @Test
    void anInputDeclaredUnguardedIsAllowedAtOnce() {
        Guardrails g = Guardrails.builder()
                .rail(new ManualRail("out", RailDirection.OUTPUT))
                .unguarded(RailDirection.INPUT)
                .build();
        GuardResult r = g.checkInput("x").join();
        assertTrue(r.allowed());
        assertTrue(r.verdicts().isEmpty());
    }

    @Test
    void listenerSeesEveryVerdictAndAThrowingListenerChangesNothing() {
        List<RailEvent> events = new CopyOnWriteArrayList<>();
        GuardrailsListener recording = new GuardrailsListener() {
            @Override
            public void railEnded(RailEvent event) {
                events.add(event);
            }
        };
        GuardrailsListener throwing = new GuardrailsListener() {
            @Override
            public void railEnded(RailEvent event) {
                throw new IllegalStateException("listener bug");
            }
        };
        Guardrails g = Guardrails.builder()
                .rail(safety)
                .rail(topic)
                .listener(recording)
                .build();
        CompletableFuture<GuardResult> r1 = g.checkInput("x");
        safety.answer(Outcome.SAFE);
        topic.answer(Outcome.UNSAFE, "off-topic");
        assertTrue(r1.join().blocked());
        assertEquals(2, events.size());
        assertFalse(events.get(0).blocked());
        assertTrue(events.get(1).blocked());

        Guardrails g2 = g.toBuilder().listener(throwing).build();
        CompletableFuture<GuardResult> r2 = g2.checkInput("x");
        safety.answer(Outcome.SAFE);
        topic.answer(Outcome.SAFE);
        assertTrue(r2.join().allowed());
    }

    @Test
    void lateVerdictsAfterTheDecisionAreIgnored() {
        Guardrails g = Guardrails.builder().rail(safety).rail(topic).build();
        CompletableFuture<GuardResult> result = g.checkInput("x");
        safety.answer(Outcome.UNSAFE);
        topic.last()
                .obtrudeValue(
                        Verdict.builder("topic-control").outcome(Outcome.SAFE).build());
        assertEquals(1, result.join().verdicts().size());
    }

    @Test
    void duplicateRailNamesAreAConfigurationError() {
        ManualRail twin = new ManualRail("content-safety-input", RailDirection.INPUT);
        ConfigurationException e = assertThrows(
                ConfigurationException.class,
                () -> Guardrails.builder().rail(safety).rail(twin).build());
        assertTrue(e.getMessage().contains("content-safety-input"));
    }

    @Test
    void nullInputIsRejectedAtTheCall() {
        Guardrails g = Guardrails.builder()
                .rail(safety)
                .unguarded(RailDirection.OUTPUT)
                .build();
        assertThrows(NullPointerException.class, () -> g.checkInput((String) null));
        assertThrows(NullPointerException.class, () -> g.checkInput((Conversation) null));
        assertThrows(NullPointerException.class, () -> g.checkOutput("x", null));
    }

    @Test
    void regexRailBlocksMatchesAndPassesTheRest() {
        Rail secrets = RegexRail.of("secrets", RailDirection.OUTPUT, Pattern.compile("sk-[A-Za-z0-9]{8,}"), "Secrets");
        Guardrails g = Guardrails.builder().rail(secrets).build();
        GuardResult leak = g.checkOutputBlocking("key?", "here: sk-abcdefgh1234");
        assertTrue(leak.blocked());
        assertEquals(List.of("Secrets"), leak.blockingVerdict().orElseThrow().categories());
        assertTrue(g.checkOutputBlocking("key?", "no secrets here").allowed());
        assertNotNull(g.toString());
    }

    /** A rail whose check runs the given body synchronously. */
    private static final class FixedRail implements Rail {
        private final String name;
        private final Supplier<CompletableFuture<Verdict>> body;

        FixedRail(String name, Supplier<CompletableFuture<Verdict>> body) {
            this.name = name;
            this.body = body;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public RailDirection direction() {
            return RailDirection.INPUT;
        }

        @Override
        public CompletableFuture<Verdict> check(RailRequest request) {
            return body.get();
        }
    }
}
