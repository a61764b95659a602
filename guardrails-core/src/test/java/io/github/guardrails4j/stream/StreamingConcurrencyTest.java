package io.github.guardrails4j.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real threads: checks complete on a pool while producers push deltas. Waits on a latch, never sleeps. */
class StreamingConcurrencyTest {
    @Test
    void manyConcurrentStreamsEachReleaseExactlyTheirOwnAnswerInOrder() throws Exception {
        ExecutorService checks = Executors.newFixedThreadPool(2);
        ExecutorService producers = Executors.newFixedThreadPool(2);
        try {
            Rail asyncSafe = new Rail() {
                @Override
                public String name() {
                    return "async-safe";
                }

                @Override
                public RailDirection direction() {
                    return RailDirection.OUTPUT;
                }

                @Override
                public CompletableFuture<Verdict> check(RailRequest request) {
                    return CompletableFuture.supplyAsync(
                            () -> Verdict.builder("async-safe")
                                    .outcome(Outcome.SAFE)
                                    .build(),
                            checks);
                }
            };
            Guardrails guardrails = Guardrails.builder().rail(asyncSafe).build();
            int streams = 40;
            CountDownLatch done = new CountDownLatch(streams);
            List<RecordingListener> listeners = new ArrayList<>();
            List<String> answers = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                StreamingGuard guard = StreamingGuard.create(
                        guardrails,
                        StreamingConfig.builder()
                                .chunkSize(3)
                                .contextSize(1)
                                .streamFirst(s % 2 == 0)
                                .maxInFlightChecks(1 + s % 3)
                                .build());
                RecordingListener listener = new RecordingListener() {
                    @Override
                    public void onComplete() {
                        super.onComplete();
                        done.countDown();
                    }
                };
                listeners.add(listener);
                StringBuilder answer = new StringBuilder();
                GuardedStream stream = guard.open("q" + s, listener);
                List<String> deltas = new ArrayList<>();
                for (int d = 0; d < 100; d++) {
                    deltas.add("s" + s + "d" + d + ' ');
                    answer.append("s").append(s).append('d').append(d).append(' ');
                }
                answers.add(answer.toString());
                producers.execute(() -> {
                    deltas.forEach(stream::onDelta);
                    stream.complete();
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "every stream completes");
            for (int s = 0; s < streams; s++) {
                assertEquals(answers.get(s), listeners.get(s).text(), "stream " + s);
                assertEquals(1, listeners.get(s).terminals);
            }
        } finally {
            checks.shutdownNow();
            producers.shutdownNow();
        }
    }
}
