package io.github.guardrails4j.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.verdict.Outcome;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every chunk check that ends with a result is reported through {@link StreamListener#onChunkChecked}, the one
 * that blocks included (just before {@link StreamListener#onBlocked}), in windowed and cumulative mode.
 */
class BlockingChunkCheckedTest {
    private final ManualOutputRail rail = new ManualOutputRail("content-safety-output");
    private final Guardrails guardrails = Guardrails.builder().rail(rail).build();

    /** Records the chunk checks and the terminal signal, in order. */
    private static final class Listener extends RecordingListener {
        final List<String> signals = new CopyOnWriteArrayList<>();

        @Override
        public void onChunkChecked(int chunkIndex, int characters, GuardResult result) {
            signals.add("checked " + chunkIndex + " " + characters + " " + (result.blocked() ? "blocked" : "allowed"));
        }

        @Override
        public void onBlocked(StreamBlocked b) {
            signals.add("blocked " + b.chunkIndex());
            super.onBlocked(b);
        }
    }

    @ParameterizedTest(name = "cumulative={0}")
    @ValueSource(booleans = {false, true})
    void theBlockingCheckIsReportedBeforeOnBlocked(boolean cumulative) {
        StreamingGuard guard = StreamingGuard.create(
                guardrails,
                StreamingConfig.builder()
                        .chunkSizeChars(5)
                        .contextSize(0)
                        .streamFirst(false)
                        .cumulative(cumulative)
                        .build());
        Listener listener = new Listener();
        GuardedStream stream = guard.open("question", listener);
        stream.onDelta("Fine.");
        stream.onDelta("BAD!!");
        stream.onDelta("more.");
        rail.safe(0);
        rail.answer(1, Outcome.UNSAFE, "Violence");

        int second = cumulative ? 10 : 5; // the characters the check sent: the answer so far, or the chunk
        assertEquals(List.of("checked 0 5 allowed", "checked 1 " + second + " blocked", "blocked 1"), listener.signals);
        assertEquals("Fine.", listener.text());
        assertEquals(1, listener.terminals);
        assertEquals(
                "Violence",
                listener.blocked
                        .result()
                        .blockingVerdict()
                        .orElseThrow()
                        .categories()
                        .get(0));
    }
}
