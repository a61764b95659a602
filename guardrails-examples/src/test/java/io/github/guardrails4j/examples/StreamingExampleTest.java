package io.github.guardrails4j.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamingExampleTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void holdBackNeverShowsTheUnsafeSentence() {
        StreamingExample.Seen seen = StreamingExample.run(null, false, out);
        assertTrue(seen.blocked(), bytes.toString(StandardCharsets.UTF_8));
        assertFalse(seen.text().contains("stab"), seen.text());
        assertTrue(StreamingExample.ANSWER.startsWith(seen.text()));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("\"code\":\"content_blocked\""));
    }

    @Test
    void streamFirstStopsAndNeverShowsTheEnd() {
        StreamingExample.Seen seen = StreamingExample.run(null, true, out);
        assertTrue(seen.blocked());
        assertTrue(StreamingExample.ANSWER.startsWith(seen.text()));
        assertFalse(seen.text().contains("mediator"), seen.text());
    }
}
