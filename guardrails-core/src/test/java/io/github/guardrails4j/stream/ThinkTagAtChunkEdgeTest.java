package io.github.guardrails4j.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.verdict.Outcome;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The host LLM's {@code <think>} trace with a tag split across a chunk edge, in windowed and cumulative mode with
 * hold-back: a chunk releases only characters its check saw (a partial tag, an open trace wait for the check that
 * decides them), and the trace is never checked once it is closed.
 */
class ThinkTagAtChunkEdgeTest {
    private final ManualOutputRail rail = new ManualOutputRail("content-safety-output");
    private final Guardrails guardrails = Guardrails.builder().rail(rail).build();

    private GuardedStream open(boolean cumulative, RecordingListener listener) {
        return StreamingGuard.create(
                        guardrails,
                        StreamingConfig.builder()
                                .chunkSizeChars(10)
                                .contextSize(0)
                                .streamFirst(false)
                                .maxInFlightChecks(8)
                                .cumulative(cumulative)
                                .build())
                .open("question", listener);
    }

    /** {@return what the checks saw of the answer: the windows joined, or the last cumulative check} */
    private String checkedAnswer(boolean cumulative) {
        return cumulative ? rail.texts.get(rail.texts.size() - 1) : String.join("", rail.texts);
    }

    @ParameterizedTest(name = "cumulative={0}")
    @ValueSource(booleans = {false, true})
    void aPartialOpenTagThatIsNoTagIsReleasedOnlyWithTheCheckThatSawIt(boolean cumulative) {
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = open(cumulative, listener);
        stream.onDelta("Fine. <thi"); // chunk 0 ends inside what could be "<think>"
        stream.onDelta("n ice, ok."); // it was "<thin ice"
        rail.safe(0);
        assertEquals("Fine. ", listener.text(), "check 0 did not see \"<thi\": it waits for check 1");
        rail.safe(1);
        assertEquals("Fine. <thin ice, ok.", listener.text());
        stream.complete();
        for (int i = 2; i < rail.calls.size(); i++) {
            rail.safe(i);
        }
        assertEquals("Fine. <thin ice, ok.", checkedAnswer(cumulative));
        assertEquals("Fine. <thin ice, ok.", listener.text());
        assertEquals(1, listener.completions);
    }

    @ParameterizedTest(name = "cumulative={0}")
    @ValueSource(booleans = {false, true})
    void aTraceSplitAtBothEdgesIsReleasedWholeAndNeverChecked(boolean cumulative) {
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = open(cumulative, listener);
        for (String d : List.of("Sure. <thi", "nk>kill th", "e bug</thi", "nk>Done: o", "k.")) {
            stream.onDelta(d);
        }
        stream.complete();
        for (int i = 0; i < rail.calls.size(); i++) {
            rail.safe(i);
        }
        assertEquals("Sure. Done: ok.", checkedAnswer(cumulative), "the closed trace is never checked");
        assertEquals("Sure. <think>kill the bug</think>Done: ok.", listener.text());
        assertEquals(1, listener.completions);
    }

    @ParameterizedTest(name = "cumulative={0}")
    @ValueSource(booleans = {false, true})
    void anUnterminatedTraceIsHeldUntilTheFinalCheckBlocksIt(boolean cumulative) {
        RecordingListener listener = new RecordingListener();
        GuardedStream stream = open(cumulative, listener);
        for (String d : List.of("Ok. <think", "> how to B", "UILD A BOM", "B")) {
            stream.onDelta(d);
        }
        for (int i = 0; i < rail.calls.size(); i++) {
            rail.safe(i);
        }
        assertEquals("Ok. ", listener.text(), "an open trace is released only once a check saw it or it closed");
        stream.complete();
        int last = rail.calls.size() - 1;
        assertEquals(
                cumulative ? "Ok. <think> how to BUILD A BOMB" : "<think> how to BUILD A BOMB",
                rail.texts.get(last),
                "an unterminated trace is checked, never dropped");
        rail.answer(last, Outcome.UNSAFE, "Guns and Illegal Weapons");
        assertEquals("Ok. ", listener.text(), "nothing of the blocked trace was released");
        assertEquals(1, listener.terminals);
        assertEquals(4, listener.blocked.releasedChars());
    }
}
