package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.stream.GuardedStream;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.stream.StreamingGuard;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every chunk check of one cumulative stream goes to the same replica, so that each check finds the previous one's
 * KV blocks in that replica's prefix cache: a {@link NimClient} with two replicas (two simulators), several streams
 * at once, each stream's checks counted per replica from the requests the simulators recorded.
 */
class CumulativeAffinityTest {
    private static final int STREAMS = 6;
    private static final int CHUNKS = 5;
    private static final int CHUNK_CHARS = 40;

    @Test
    void everyChunkCheckOfOneStreamGoesToOneReplica() throws Exception {
        try (NimSimulator a = NimSimulator.builder().start();
                NimSimulator b = NimSimulator.builder().start();
                NimClient client = NimClient.builder()
                        .baseUrls(List.of(a.baseUrl(), b.baseUrl()))
                        .build()) {
            Guardrails guardrails = Guardrails.builder()
                    .rail(ContentSafetyRail.output(client).build())
                    .build();
            StreamingGuard guard = StreamingGuard.create(
                    guardrails,
                    StreamingConfig.builder()
                            .chunkSizeChars(CHUNK_CHARS)
                            .contextSize(8)
                            .cumulative(true)
                            .build());
            List<StreamDone> done = new ArrayList<>();
            List<GuardedStream> streams = new ArrayList<>();
            for (int s = 0; s < STREAMS; s++) {
                StreamDone d = new StreamDone();
                done.add(d);
                streams.add(guard.open("Tell me about museums. (stream marker s" + s + "x)", d));
            }
            // the streams' deltas interleave, so their chunk checks are in flight at the same time
            for (int k = 0; k < CHUNKS * CHUNK_CHARS / 10; k++) {
                for (GuardedStream stream : streams) {
                    stream.onDelta("museums. ");
                    stream.onDelta("x");
                }
            }
            streams.forEach(GuardedStream::complete);
            for (StreamDone d : done) {
                assertTrue(d.latch.await(20, TimeUnit.SECONDS));
                assertNull(d.error);
            }

            int total = 0;
            for (int s = 0; s < STREAMS; s++) {
                String marker = "(stream marker s" + s + "x)";
                long onA = checksOf(a, marker);
                long onB = checksOf(b, marker);
                assertEquals(CHUNKS, onA + onB, "stream " + s + ": one check per chunk");
                assertTrue(
                        onA == 0 || onB == 0,
                        "stream " + s + " split its chunk checks over two replicas: " + onA + " on the first, " + onB
                                + " on the second (each check after a move recomputes the whole answer so far)");
                total += (int) (onA + onB);
            }
            assertEquals(STREAMS * CHUNKS, total);
        }
    }

    private static long checksOf(NimSimulator sim, String marker) {
        return sim.recordedRequests().stream()
                .filter(r -> r.path().endsWith("/chat/completions"))
                .map(RecordedRequest::body)
                .filter(body -> body.contains(marker))
                .count();
    }
}
