package io.github.guardrails4j.nim.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The documented decision (docs/reliability.md): the Content-Type of a 200 is not checked; a body that is the API's
 * JSON is read by the strict decoder and parser whatever the header says.
 */
class ContentTypeDecisionTest {
    private static Verdict check(RailUnderTest rail, MockResponse response) throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(response);
            server.start(InetAddress.getLoopbackAddress(), 0);
            try (NimClient client = FaultMatrixTest.oneAttemptClient("http://127.0.0.1:" + server.getPort())) {
                return rail.build(client).check(rail.request()).get(5, TimeUnit.SECONDS);
            }
        }
    }

    @BeforeAll
    static void warmUp() {
        FaultServer.warmUp();
    }

    @ParameterizedTest
    @EnumSource(RailUnderTest.class)
    void textPlainSafeAnswerIsReadAsSafe(RailUnderTest rail) throws Exception {
        Verdict v = check(
                rail,
                new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "text/plain; charset=utf-8")
                        .body(rail.safeBody())
                        .build());
        assertEquals(Outcome.SAFE, v.outcome(), () -> "verdict " + v);
    }

    @ParameterizedTest
    @EnumSource(RailUnderTest.class)
    void answerWithoutContentTypeIsReadAsItsVerdict(RailUnderTest rail) throws Exception {
        Verdict v = check(
                rail,
                new MockResponse.Builder().code(200).body(rail.unsafeBody()).build());
        assertEquals(Outcome.UNSAFE, v.outcome(), () -> "verdict " + v);
    }

    @ParameterizedTest
    @EnumSource(RailUnderTest.class)
    void textPlainProseIsAProtocolError(RailUnderTest rail) throws Exception {
        Verdict v = check(
                rail,
                new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "text/plain")
                        .body("safe")
                        .build());
        assertEquals(Outcome.ERROR, v.outcome(), () -> "verdict " + v);
        assertEquals(ErrorReason.PROTOCOL, v.errorReason().orElseThrow());
    }
}
