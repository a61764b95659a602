package io.github.guardrails4j.testkit.internal;

import io.github.guardrails4j.testkit.ApplicationModel;
import io.github.guardrails4j.testkit.FaultInjector;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.ModelFormat;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable settings of one simulator, copied from its builder.
 *
 * <p>Thread safe. Internal to the simulator; not an API.
 *
 * @param models served model ids and their formats, in listing order
 * @param maxModelLength the context length in tokens
 * @param prefixCaching whether the prefix cache is used
 * @param reportCachedTokens whether {@code prompt_tokens_details} is sent
 * @param blockSize prefix cache block size in tokens
 * @param cacheCapacityBlocks prefix cache capacity in blocks
 * @param latency the default latency model
 * @param latencyByModel per-model latency overrides
 * @param faults the fault injector
 * @param offTopicKeywords topic-control keyword patterns
 * @param recordedRequestLimit how many requests are kept for assertions
 * @param clock the clock for {@code created} timestamps
 * @param applicationModel the simulated application LLM's initial model
 */
public record SimulatorSettings(
        Map<String, ModelFormat> models,
        int maxModelLength,
        boolean prefixCaching,
        boolean reportCachedTokens,
        int blockSize,
        int cacheCapacityBlocks,
        LatencyModel latency,
        Map<String, LatencyModel> latencyByModel,
        FaultInjector faults,
        List<String> offTopicKeywords,
        int recordedRequestLimit,
        Clock clock,
        ApplicationModel applicationModel) {

    /** Copies the collections. */
    public SimulatorSettings {
        models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
        latencyByModel = Map.copyOf(latencyByModel);
        offTopicKeywords = List.copyOf(offTopicKeywords);
    }

    /**
     * Sets model.
     *
     * @param model a model id
     * @return the latency model for it
     */
    public LatencyModel latencyFor(String model) {
        return latencyByModel.getOrDefault(model, latency);
    }

    /** {@return the first served model id answering {@code /v1/classify}, if any} */
    public Optional<String> jailbreakModel() {
        return models.entrySet().stream()
                .filter(e -> e.getValue() == ModelFormat.JAILBREAK_CLASSIFIER)
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
