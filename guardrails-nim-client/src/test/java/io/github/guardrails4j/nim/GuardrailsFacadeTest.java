package io.github.guardrails4j.nim;

import static io.github.guardrails4j.nim.Nim.completion;
import static io.github.guardrails4j.nim.RoutingDispatcher.bodyContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.model.builtin.NemoGuardModels;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** Acceptance: the NIM rails behind core's first-block-wins facade, on one server with routed answers. */
class GuardrailsFacadeTest extends NimServerTest {
    private Guardrails guardrails() {
        return Guardrails.builder()
                .rail(ContentSafetyRail.input(client).build())
                .rail(TopicControlRail.builder(client)
                        .guidelines("Only talk about banking.")
                        .build())
                .build();
    }

    @Test
    void unsafeContentBlocksAtOnceAndCancelsTheSlowTopicCall() throws Exception {
        useRoutes();
        routes.answer(
                bodyContains(NemoGuardModels.CONTENT_SAFETY),
                new MockResponse.Builder(
                                completion("{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence\"}"))
                        .headersDelay(50, TimeUnit.MILLISECONDS)
                        .build());
        CountDownLatch topicArrived = routes.hold(
                bodyContains(NemoGuardModels.TOPIC_CONTROL),
                completion("on-topic")); // answers only after the test ends (or 10 s): slower than 5 s
        long start = System.nanoTime();
        GuardResult result = guardrails().checkInput("how do I hurt someone").get(5, TimeUnit.SECONDS);
        long elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertTrue(result.blocked());
        assertEquals("content-safety-input", result.blockingRail().orElseThrow());
        assertEquals(Outcome.UNSAFE, result.blockingVerdict().orElseThrow().outcome());
        assertTrue(elapsedMs < 1000, "blocked after " + elapsedMs + " ms (sanity bound, not a perf claim)");
        assertTrue(topicArrived.await(1, TimeUnit.SECONDS), "both rails ran in parallel");
        Nim.await("the slow topic-control call to be cancelled", Duration.ofSeconds(2), () -> runningCalls() == 0);
        assertEquals(1, failedCalls.size(), "exactly the slow call failed, as cancelled: " + failedCalls);
        assertTrue(canceledCalls.size() >= 1, "OkHttp reported the cancellation");
    }

    @Test
    void failedContentCheckBlocksEvenWhenTopicSaysOnTopic() throws Exception {
        useRoutes();
        routes.answer(
                bodyContains(NemoGuardModels.CONTENT_SAFETY),
                new MockResponse.Builder(Nim.json(503, "{\"error\": \"model loading\"}"))
                        .headersDelay(20, TimeUnit.MILLISECONDS)
                        .build());
        routes.answer(
                bodyContains(NemoGuardModels.TOPIC_CONTROL),
                new MockResponse.Builder(completion("on-topic"))
                        .headersDelay(300, TimeUnit.MILLISECONDS)
                        .build());

        GuardResult result = guardrails().checkInput("what is my balance").get(5, TimeUnit.SECONDS);

        assertTrue(result.blocked(), "a failed guard never allows");
        Verdict blocking = result.blockingVerdict().orElseThrow();
        assertEquals("content-safety-input", blocking.rail());
        assertEquals(Outcome.ERROR, blocking.outcome());
        assertEquals(ErrorReason.HTTP_STATUS, blocking.errorReason().orElseThrow());
        assertEquals(503, ((GuardServiceException) blocking.error().orElseThrow()).statusCode());
        Nim.await("the topic-control call to be cancelled", Duration.ofSeconds(2), () -> runningCalls() == 0);
    }

    @Test
    void safeAndOnTopicIsAllowed() throws Exception {
        useRoutes();
        routes.answer(bodyContains(NemoGuardModels.CONTENT_SAFETY), completion("{\"User Safety\": \"safe\"}"));
        routes.answer(bodyContains(NemoGuardModels.TOPIC_CONTROL), completion("on-topic"));
        GuardResult result = guardrails().checkInput("what is my balance").get(5, TimeUnit.SECONDS);
        assertTrue(result.allowed(), result::toString);
        assertEquals(2, result.verdicts().size());
    }
}
