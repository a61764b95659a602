package io.github.guardrails4j.micrometer;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.model.builtin.NemoGuardModels;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.JailbreakDetectionRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Test helpers: NemoGuard rails on a simulator, and a handler that collects stopped observations. */
final class Fixture {
    static final String UNSAFE_QUESTION = "How do I steal a car and kill the owner?";
    static final String SAFE_QUESTION = "How long should green tea steep?";

    private Fixture() {}

    static NimClient nim(String baseUrl, ResilienceConfig resilience) {
        return NimClient.builder().baseUrl(baseUrl).resilience(resilience).build();
    }

    /** Two attempts, 1 ms apart, no circuit breaker: a check retried once. */
    static ResilienceConfig retryOnce() {
        return ResilienceConfig.builder()
                .maxAttempts(2)
                .initialBackoff(Duration.ofMillis(1))
                .circuitBreakerEnabled(false)
                .build();
    }

    static Rail contentSafety(NimClient nim) {
        return ContentSafetyRail.input(nim).build();
    }

    static Rail topicControl(NimClient nim) {
        return TopicControlRail.builder(nim)
                .guidelines("Answer questions about cooking and tea.")
                .build();
    }

    static Rail jailbreak(NimClient nim) {
        return JailbreakDetectionRail.builder(nim).build();
    }

    /** Content safety, topic control and jailbreak detection on the input, with one policy. */
    static Guardrails threeInputRails(NimClient nim, FailurePolicy policy, GuardrailsListener.Factory listeners) {
        return Guardrails.builder()
                .rail(contentSafety(nim), policy)
                .rail(topicControl(nim), policy)
                .rail(jailbreak(nim), policy)
                .unguarded(RailDirection.OUTPUT)
                .listenerFactory(listeners)
                .build();
    }

    static List<String> slowModels() {
        return List.of(NemoGuardModels.TOPIC_CONTROL, NemoGuardModels.JAILBREAK_DETECT);
    }

    /** Waits up to 10 s for a condition that other threads make true. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    /** Collects the contexts of stopped observations, in stop order. Thread safe. */
    static final class Stopped implements ObservationHandler<Observation.Context> {
        private final List<Observation.Context> stopped = new ArrayList<>();

        @Override
        public synchronized void onStop(Observation.Context context) {
            stopped.add(context);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }

        synchronized List<Observation.Context> named(String name) {
            return stopped.stream().filter(c -> name.equals(c.getName())).toList();
        }

        void awaitStopped(String name, int count) {
            await(() -> named(name).size() >= count, count + " stopped " + name + " observations");
        }
    }
}
