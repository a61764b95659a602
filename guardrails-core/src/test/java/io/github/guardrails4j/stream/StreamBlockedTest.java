package io.github.guardrails4j.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamBlockedTest {
    private static StreamBlocked blockedBy(Verdict v) {
        return new StreamBlocked(
                GuardResult.blocked(RailDirection.OUTPUT, v, List.of(v), Duration.ofMillis(40)), 3, 600, 200, 800);
    }

    @Test
    void openAiErrorJsonIsExact() {
        Verdict unsafe = Verdict.builder("content-safety-output")
                .outcome(Outcome.UNSAFE)
                .categories(List.of("Violence"))
                .build();
        assertEquals(
                "{\"error\":{\"message\":\"Blocked by content-safety-output rails.\","
                        + "\"type\":\"guardrails_violation\",\"param\":null,\"code\":\"content_blocked\"}}",
                blockedBy(unsafe).toOpenAiErrorJson());
    }

    @Test
    void failClosedErrorSaysTheGuardFailedWithoutLeakingTheErrorText() {
        Verdict error = Verdict.error(
                "content-safety-output",
                new GuardServiceException("http://nim.internal:8000", 503, "{\"detail\":\"down\"}"),
                Duration.ZERO);
        StreamBlocked b = blockedBy(error);
        assertEquals(
                "{\"error\":{\"message\":\"Blocked by content-safety-output rails: the guard failed "
                        + "(HTTP_STATUS) and the rail fails closed.\",\"type\":\"guardrails_violation\",\"param\":null,"
                        + "\"code\":\"content_blocked\"}}",
                b.toOpenAiErrorJson());
        assertFalse(b.toOpenAiErrorJson().contains("nim.internal"));
        assertEquals(ErrorReason.HTTP_STATUS, new ContentBlockedException(b).reason());
    }

    @Test
    void exceptionCarriesChunkOffsetsAndResult() {
        Verdict unsafe =
                Verdict.builder("content-safety-output").outcome(Outcome.UNSAFE).build();
        ContentBlockedException e = new ContentBlockedException(blockedBy(unsafe));
        assertEquals(
                "Blocked by content-safety-output rails. The answer stopped at chunk 3 (offset 600); 800 "
                        + "characters had been released.",
                e.getMessage());
        assertTrue(e.result().blocked());
        assertEquals(600, e.blocked().offset());
        assertEquals("content-safety-output", e.blocked().rail());
    }

    @Test
    void allowedResultIsRejected() {
        GuardResult allowed = GuardResult.allowed(RailDirection.OUTPUT, List.of(), Duration.ZERO);
        assertThrows(IllegalArgumentException.class, () -> new StreamBlocked(allowed, 0, 0, 0, 0));
    }
}
