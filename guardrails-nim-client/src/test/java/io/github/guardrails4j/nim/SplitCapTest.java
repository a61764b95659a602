package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.InputRejectedException;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.rail.TextLimit;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 9: split checks are capped. A 10 MB message over {@link TextLimit#DEFAULT_MAX_WINDOWS} windows is one
 * REJECTED_INPUT verdict ({@code InputRejectedException}) without a call, decided by its size alone on the caller's
 * thread before anything is split (the future is already complete when {@code check} returns), and 20 other users'
 * short checks, started while it is decided, are all allowed (before: about 460 window calls, the huge check failed
 * itself as UNAVAILABLE and made 10 to 14 of 20 other checks fail closed).
 */
class SplitCapTest {
    @Test
    void aTenMegabyteMessageIsOneRejectedVerdictWithoutACallAndOthersAreUnaffected() {
        try (NimSimulator sim = NimSimulator.builder()
                        .latency(LatencyModel.builder()
                                .perGeneratedToken(Duration.ofMillis(2))
                                .build())
                        .start();
                NimClient c = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            NimRail rail = ContentSafetyRail.input(c)
                    .textLimit(TextLimit.split(TextLimit.DEFAULT_MAX_CHARS))
                    .build();
            String huge = "How do I bake bread? ".repeat(10_000_000 / 21);
            List<CompletableFuture<Verdict>> others = new ArrayList<>();
            CompletableFuture<Verdict> big = rail.check(RailRequest.ofInput(huge));
            assertTrue(big.isDone(), "decided on the caller's thread by size alone, before any split or call");
            for (int i = 0; i < 20; i++) {
                others.add(rail.check(RailRequest.ofInput("What is a good bread flour? " + i)));
            }
            Verdict v = big.join();
            assertEquals(Outcome.ERROR, v.outcome(), v::toString);
            assertEquals(ErrorReason.REJECTED_INPUT, v.errorReason().orElseThrow(), v::toString);
            assertInstanceOf(InputRejectedException.class, v.error().orElseThrow());
            assertEquals(0, v.attempts());
            assertTrue(v.error().orElseThrow().getMessage().contains("over the cap of 8 windows"), v::toString);
            for (CompletableFuture<Verdict> o : others) {
                assertEquals(
                        Outcome.SAFE, o.orTimeout(20, TimeUnit.SECONDS).join().outcome());
            }
            assertEquals(20, sim.requestCount(), "the huge message made no call");
        }
    }
}
