package io.github.guardrails4j.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.verdict.Outcome;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The Flow API's reactive-streams duties: demand, bounded upstream requests, one subscriber, rule 3.9. */
class GuardedPublisherTest {
    private final ManualOutputRail rail = new ManualOutputRail("content-safety-output");
    private final StreamingGuard guard = StreamingGuard.create(
            Guardrails.builder().rail(rail).build(),
            StreamingConfig.builder().chunkSize(2).contextSize(0).prefetch(2).build());

    @Test
    void nothingIsSubscribedUpstreamBeforeASubscriberArrives() {
        ManualPublisher llm = new ManualPublisher();
        Flow.Publisher<String> guarded = guard.guard("q", llm);
        assertFalse(llm.subscribed());
        guarded.subscribe(new RecordingSubscriber(0));
        assertTrue(llm.subscribed());
        assertEquals(2, llm.requested, "one prefetch batch");
    }

    @Test
    void releasedTextWaitsForDemandAndUpstreamIsRequestedInBoundedBatches() {
        ManualPublisher llm = new ManualPublisher();
        RecordingSubscriber user = new RecordingSubscriber(0);
        guard.guard("q", llm).subscribe(user);
        llm.emit("a", "b");
        assertTrue(user.items.isEmpty(), "no demand, no onNext");
        assertEquals(2, llm.requested, "a subscriber that does not keep up stops the LLM stream");
        user.subscription.request(1);
        assertEquals(List.of("a"), user.items);
        assertEquals(2, llm.requested);
        user.subscription.request(1);
        assertEquals(List.of("a", "b"), user.items);
        assertEquals(4, llm.requested, "the next batch once the buffer drained");
        rail.safe(0);
        llm.emit("c");
        llm.complete();
        assertEquals(List.of("a", "b"), user.items);
        user.subscription.request(5);
        assertEquals(List.of("a", "b", "c"), user.items);
        assertEquals(0, user.completions, "the final chunk is not checked yet");
        rail.safe(1);
        assertEquals(1, user.completions);
    }

    @Test
    void upstreamIsNotRequestedWhileAChunkWaitsForACheckSlot() {
        StreamingGuard narrow = StreamingGuard.create(
                Guardrails.builder().rail(rail).build(),
                StreamingConfig.builder()
                        .chunkSize(1)
                        .contextSize(0)
                        .maxInFlightChecks(1)
                        .streamFirst(false)
                        .prefetch(2)
                        .build());
        ManualPublisher llm = new ManualPublisher();
        RecordingSubscriber user = new RecordingSubscriber(Long.MAX_VALUE);
        narrow.guard("q", llm).subscribe(user);
        llm.emit("a", "b");
        assertEquals(2, llm.requested, "chunk b waits for the one check slot: no more deltas");
        rail.safe(0);
        assertEquals(4, llm.requested);
        assertEquals(List.of("a"), user.items);
    }

    @Test
    void blockedSignalComesAfterTheReleasedTextTheSubscriberHasNotRequestedYet() {
        ManualPublisher llm = new ManualPublisher();
        RecordingSubscriber user = new RecordingSubscriber(1);
        guard.guard("q", llm).subscribe(user);
        llm.emit("a", "b");
        rail.answer(0, Outcome.UNSAFE);
        assertEquals(List.of("a"), user.items);
        assertEquals(null, user.error, "the released b is delivered before the blocked signal");
        assertTrue(llm.cancelled, "yet the LLM stream is cancelled at once");
        user.subscription.request(1);
        assertEquals(List.of("a", "b"), user.items);
        assertInstanceOf(ContentBlockedException.class, user.error);
        assertEquals(2, ((ContentBlockedException) user.error).blocked().releasedChars());
    }

    @Test
    void aSecondSubscriberIsRejected() {
        Flow.Publisher<String> guarded = guard.guard("q", new ManualPublisher());
        guarded.subscribe(new RecordingSubscriber(1));
        RecordingSubscriber second = new RecordingSubscriber(1);
        guarded.subscribe(second);
        assertInstanceOf(IllegalStateException.class, second.error);
    }

    @Test
    void nonPositiveRequestEndsTheStreamWithIllegalArgumentAndCancelsUpstream() {
        ManualPublisher llm = new ManualPublisher();
        RecordingSubscriber user = new RecordingSubscriber(0);
        guard.guard("q", llm).subscribe(user);
        user.subscription.request(0);
        assertInstanceOf(IllegalArgumentException.class, user.error);
        assertTrue(llm.cancelled);
    }

    @Test
    void aSubscriberThatThrowsIsTreatedAsCancelled() {
        ManualPublisher llm = new ManualPublisher();
        RecordingSubscriber user = new RecordingSubscriber(Long.MAX_VALUE) {
            @Override
            public void onNext(String item) {
                throw new IllegalStateException("subscriber bug");
            }
        };
        StreamingGuard.create(
                        guard.guardrails(),
                        StreamingConfig.builder().chunkSize(1).contextSize(0).build())
                .guard("q", llm)
                .subscribe(user);
        llm.emit("a");
        assertTrue(llm.cancelled);
        assertTrue(rail.calls.get(0).isCancelled());
        assertEquals(0, user.terminals);
    }

    @Test
    void aListenerThatThrowsFromOnTextGetsItsExceptionThroughOnError() {
        IllegalStateException bug = new IllegalStateException("listener bug");
        RecordingListener listener = new RecordingListener() {
            @Override
            public void onText(String released) {
                throw bug;
            }
        };
        GuardedStream stream = guard.open("q", listener);
        assertFalse(stream.onDelta("a"));
        assertEquals(bug, listener.error);
        assertEquals(1, listener.terminals);
    }
}
