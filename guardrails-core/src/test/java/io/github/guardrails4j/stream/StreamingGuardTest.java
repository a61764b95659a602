package io.github.guardrails4j.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardTimeoutException;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamingGuardTest {
    /** A long answer with one unsafe sentence in chunk 2 (chunks of 2 deltas). */
    private static final String[] ANSWER = {"A1 ", "A2 ", "B1 ", "B2 ", "BAD ", "C2 ", "D1 ", "D2 "};

    private final ManualOutputRail rail = new ManualOutputRail("content-safety-output");
    private final Guardrails guardrails = Guardrails.builder().rail(rail).build();

    private StreamingGuard guard(StreamingConfig.Builder config) {
        return StreamingGuard.create(guardrails, config.build());
    }

    @Test
    void streamFirstReleasesUpToTheEndOfTheBlockedChunkAndNothingAfter() {
        StreamingGuard guard =
                guard(StreamingConfig.builder().chunkSize(2).contextSize(1).maxInFlightChecks(1));
        ManualPublisher llm = new ManualPublisher();
        RecordingSubscriber user = new RecordingSubscriber(Long.MAX_VALUE);
        guard.guard("question", llm).subscribe(user);

        llm.emit("A1 ", "A2 ");
        assertEquals("A1 A2 ", user.text(), "stream first: released before its check");
        llm.emit("B1 ");
        assertEquals("A1 A2 ", user.text(), "one chunk ahead of the checks at most");
        rail.safe(0);
        llm.emit("B2 ");
        rail.safe(1);
        llm.emit("BAD ", "C2 ");
        assertEquals("A1 A2 B1 B2 BAD C2 ", user.text(), "the blocked chunk was released before its verdict");
        llm.emit("D1 ");
        rail.answer(2, Outcome.UNSAFE, "Violence");

        assertEquals("A1 A2 B1 B2 BAD C2 ", user.text(), "nothing after the blocked chunk");
        ContentBlockedException e = assertInstanceOf(ContentBlockedException.class, user.error);
        StreamBlocked b = e.blocked();
        assertEquals(2, b.chunkIndex());
        assertEquals("A1 A2 B1 B2 ".length(), b.offset());
        assertEquals("BAD C2 ".length(), b.chunkChars());
        assertEquals(user.text().length(), b.releasedChars());
        assertEquals(List.of("Violence"), b.verdict().categories());
        assertEquals(ErrorReason.CONTENT_BLOCKED, e.reason());
        assertTrue(llm.cancelled, "the LLM stream is cancelled");
        assertEquals(1, user.terminals);
    }

    @Test
    void holdBackReleasesOnlyChunksThatPassedAndCancelsTheChecksInFlight() {
        StreamingGuard guard =
                guard(StreamingConfig.builder().chunkSize(2).contextSize(1).streamFirst(false));
        ManualPublisher llm = new ManualPublisher();
        RecordingSubscriber user = new RecordingSubscriber(Long.MAX_VALUE);
        guard.guard("question", llm).subscribe(user);

        llm.emit(ANSWER);
        assertEquals("", user.text(), "hold back: nothing before its check passes");
        assertEquals(4, rail.calls.size(), "four chunk checks in flight while the LLM generated");
        rail.safe(0);
        assertEquals("A1 A2 ", user.text());
        rail.safe(1);
        rail.answer(2, Outcome.UNSAFE, "Violence");

        assertEquals("A1 A2 B1 B2 ", user.text(), "only the chunks that passed");
        StreamBlocked b =
                assertInstanceOf(ContentBlockedException.class, user.error).blocked();
        assertEquals(2, b.chunkIndex());
        assertEquals(b.offset(), b.releasedChars());
        assertTrue(rail.calls.get(3).isCancelled(), "the check still in flight is cancelled");
        assertTrue(llm.cancelled);
    }

    @Test
    void pushApiStopsAtTheBlockedChunkInBothModes() {
        for (boolean streamFirst : new boolean[] {true, false}) {
            ManualOutputRail r = new ManualOutputRail("content-safety-output");
            StreamingGuard guard = StreamingGuard.create(
                    Guardrails.builder().rail(r).build(),
                    StreamingConfig.builder()
                            .chunkSize(2)
                            .contextSize(1)
                            .streamFirst(streamFirst)
                            .maxInFlightChecks(1)
                            .build());
            RecordingListener listener = new RecordingListener();
            GuardedStream stream = guard.open("question", listener);
            stream.onDelta("A1 ");
            stream.onDelta("A2 ");
            r.safe(0);
            stream.onDelta("BAD ");
            stream.onDelta("B2 ");
            r.answer(1, Outcome.UNSAFE);
            assertFalse(stream.onDelta("C1 "), "a blocked stream refuses deltas");
            assertFalse(stream.isOpen());
            assertEquals(streamFirst ? "A1 A2 BAD B2 " : "A1 A2 ", listener.text(), "streamFirst=" + streamFirst);
            assertEquals(1, listener.blocked.chunkIndex());
            assertEquals(1, listener.terminals);
        }
    }

    @Test
    void errorVerdictOfAFailClosedRailStopsTheStream() {
        StreamingGuard guard =
                guard(StreamingConfig.builder().chunkSize(1).contextSize(0).streamFirst(false));
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = guard.open("q", listener);
        stream.onDelta("fine");
        GuardTimeoutException timeout =
                new GuardTimeoutException("content-safety-output timed out after 2000 ms", Duration.ofSeconds(2), null);
        rail.calls.get(0).complete(Verdict.error("content-safety-output", timeout, Duration.ofSeconds(2)));
        assertEquals("", listener.text());
        assertSame(timeout, listener.blocked.verdict().error().orElseThrow());
        assertEquals(Outcome.ERROR, listener.blocked.verdict().outcome());
        assertEquals(ErrorReason.TIMEOUT, new ContentBlockedException(listener.blocked).reason());
    }

    @Test
    void errorVerdictOfAFailOpenRailLetsTheStreamContinue() {
        ManualOutputRail open = new ManualOutputRail("topic-control");
        StreamingGuard guard = StreamingGuard.create(
                Guardrails.builder().rail(open, FailurePolicy.FAIL_OPEN).build(),
                StreamingConfig.builder()
                        .chunkSize(1)
                        .contextSize(0)
                        .streamFirst(false)
                        .build());
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = guard.open("q", listener);
        stream.onDelta("one ");
        stream.onDelta("two");
        stream.complete();
        open.calls.get(0).completeExceptionally(new IllegalStateException("guard down"));
        open.safe(1);
        assertEquals("one two", listener.text());
        assertEquals(1, listener.completions);
        assertNull(listener.blocked);
    }

    @Test
    void cancellingTheGuardedStreamCancelsTheUpstreamAndEveryCheckInFlight() {
        StreamingGuard guard = guard(StreamingConfig.builder().chunkSize(1).contextSize(0));
        ManualPublisher llm = new ManualPublisher();
        RecordingSubscriber user = new RecordingSubscriber(Long.MAX_VALUE);
        guard.guard("q", llm).subscribe(user);
        llm.emit("a", "b", "c");
        assertEquals(3, rail.calls.size());
        rail.safe(0);
        user.subscription.cancel();
        assertTrue(llm.cancelled);
        assertTrue(rail.calls.get(1).isCancelled());
        assertTrue(rail.calls.get(2).isCancelled());
        assertEquals(0, user.terminals, "a cancelled subscriber gets no terminal signal");

        RecordingListener listener = new RecordingListener();
        GuardedStream stream = guard.open("q", listener);
        stream.onDelta("d");
        stream.cancel();
        assertTrue(rail.calls.get(3).isCancelled());
        assertFalse(stream.onDelta("e"));
        assertEquals(0, listener.terminals);
    }

    @Test
    void twoConcurrentStreamsOnOneGuardStaySeparate() {
        StreamingGuard guard =
                guard(StreamingConfig.builder().chunkSize(2).contextSize(1).streamFirst(false));
        RecordingListener alice = new RecordingListener();
        RecordingListener bob = new RecordingListener();
        GuardedStream a = guard.open("alice asks", alice);
        GuardedStream b = guard.open("bob asks", bob);
        String[] aDeltas = {"a1 ", "a2 ", "a3 ", "a4 ", "a5"};
        String[] bDeltas = {"b1 ", "b2 ", "b3 ", "b4 ", "b5"};
        for (int i = 0; i < aDeltas.length; i++) {
            a.onDelta(aDeltas[i]);
            b.onDelta(bDeltas[i]);
        }
        a.complete();
        b.complete();
        for (int i = 0; i < rail.calls.size(); i++) {
            rail.safe(i);
        }
        assertEquals("a1 a2 a3 a4 a5", alice.text());
        assertEquals("b1 b2 b3 b4 b5", bob.text());
        assertEquals(1, alice.completions);
        assertEquals(1, bob.completions);
        assertEquals(Set.of("a1 a2 ", "a2 a3 a4 ", "a4 a5", "b1 b2 ", "b2 b3 b4 ", "b4 b5"), Set.copyOf(rail.texts));
        assertEquals(6, rail.texts.size(), "each check saw only its own stream's text");
    }

    @Test
    void secondChunkIsCheckedWithTheLastContextSizeDeltasOfTheFirst() {
        StreamingGuard guard = guard(StreamingConfig.builder().chunkSize(4).contextSize(2));
        GuardedStream stream = guard.open("q", new RecordingListener());
        for (String d : new String[] {"a1", "b2", "c3", "d4", "e5", "f6", "g7", "h8"}) {
            stream.onDelta(d);
        }
        assertEquals(List.of("a1b2c3d4", "c3d4e5f6g7h8"), rail.texts);
    }

    @Test
    void characterChunksCarryACharacterContext() {
        StreamingGuard guard = guard(StreamingConfig.builder().chunkSizeChars(5).contextSize(2));
        GuardedStream stream = guard.open("q", new RecordingListener());
        stream.onDelta("hello wo");
        stream.onDelta("rld!!");
        stream.complete();
        assertEquals(List.of("hello", "lo worl", "rld!!"), rail.texts);
    }

    @Test
    void releaseOrderIsPreservedWhenChecksFinishOutOfOrder() {
        StreamingGuard guard = guard(StreamingConfig.builder()
                .chunkSize(1)
                .contextSize(0)
                .streamFirst(false)
                .maxInFlightChecks(3));
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = guard.open("q", listener);
        for (String d : new String[] {"x", "y", "z", "w"}) {
            stream.onDelta(d);
        }
        assertEquals(3, rail.calls.size(), "the fourth check waits for a free slot");
        rail.safe(2);
        rail.safe(1);
        assertEquals("", listener.text(), "x is not checked yet, so nothing after it is released");
        rail.safe(0);
        assertEquals("xyz", listener.text());
        assertEquals(4, rail.calls.size(), "a free slot starts the waiting check");
        stream.complete();
        rail.safe(3);
        assertEquals("xyzw", listener.text());
        assertEquals(1, listener.completions);
    }

    @Test
    void finalPartialChunkIsCheckedWhenTheAnswerEnds() {
        StreamingGuard guard =
                guard(StreamingConfig.builder().chunkSize(3).contextSize(1).streamFirst(false));
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = guard.open("q", listener);
        for (String d : new String[] {"a", "b", "c", "d", "e"}) {
            stream.onDelta(d);
        }
        rail.safe(0);
        assertEquals(1, rail.calls.size());
        stream.complete();
        assertEquals(List.of("abc", "cde"), rail.texts);
        assertEquals(0, listener.completions, "not complete before the final chunk passed");
        rail.safe(1);
        assertEquals("abcde", listener.text());
        assertEquals(1, listener.completions);
    }

    @Test
    void emptyStreamCompletesCleanlyWithoutChecks() {
        StreamingGuard guard = StreamingGuard.create(guardrails);
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = guard.open("q", listener);
        stream.onDelta("");
        stream.complete();
        assertEquals(1, listener.completions);
        assertTrue(listener.texts.isEmpty());

        ManualPublisher llm = new ManualPublisher();
        RecordingSubscriber user = new RecordingSubscriber(1);
        guard.guard("q", llm).subscribe(user);
        llm.complete();
        assertEquals(1, user.completions);
        assertTrue(rail.calls.isEmpty());
    }

    @Test
    void upstreamErrorIsForwardedAfterCancellingTheChecks() {
        StreamingGuard guard = guard(StreamingConfig.builder().chunkSize(1).contextSize(0));
        ManualPublisher llm = new ManualPublisher();
        RecordingSubscriber user = new RecordingSubscriber(Long.MAX_VALUE);
        guard.guard("q", llm).subscribe(user);
        llm.emit("a");
        IllegalStateException boom = new IllegalStateException("LLM connection reset");
        llm.fail(boom);
        assertTrue(rail.calls.get(0).isCancelled());
        assertSame(boom, user.error);
        assertEquals("a", user.text());
        assertFalse(llm.cancelled, "a failed upstream is not cancelled");
    }

    @Test
    void streamFirstNeverRunsMoreThanMaxInFlightChunksAheadOfTheChecks() {
        StreamingGuard guard =
                guard(StreamingConfig.builder().chunkSize(1).contextSize(0).maxInFlightChecks(2));
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = guard.open("q", listener);
        for (String d : new String[] {"a", "b", "c", "d"}) {
            stream.onDelta(d);
        }
        assertEquals("ab", listener.text());
        rail.safe(0);
        assertEquals("abc", listener.text());
    }

    @Test
    void theHostsThinkTraceIsNotCheckedEvenWhenItsTagsAreSplitAcrossDeltas() {
        StreamingGuard guard =
                guard(StreamingConfig.builder().chunkSize(2).contextSize(0).streamFirst(false));
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = guard.open(Conversation.empty().plus(Conversation.Role.USER, "q"), listener);
        for (String d : List.of("<thi", "nk>plan the ", "attack</th", "ink>Fine ", "answer.")) {
            stream.onDelta(d);
        }
        stream.complete();
        for (int i = 0; i < rail.calls.size(); i++) {
            rail.safe(i);
        }
        assertEquals("Fine answer.", String.join("", rail.texts), "checked: the answer without its trace");
        assertEquals("<think>plan the attack</think>Fine answer.", listener.text(), "released: the whole answer");
    }
}
