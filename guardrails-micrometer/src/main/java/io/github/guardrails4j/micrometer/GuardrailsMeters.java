package io.github.guardrails4j.micrometer;

import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.CACHE_READ_INPUT_TOKENS;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.CATEGORY;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.INPUT_TOKENS;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.MODEL;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.RAIL_NAME;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.RAIL_TYPE;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.REASON;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.REQUESTS_BLOCKED;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.RESULT;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.RETRIES;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.TOKEN_TYPE;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.TOKEN_USAGE;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.VERDICT_CACHE_GETS;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.VIOLATIONS;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.rail.CacheLookup;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.SafetyCategory;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters and the token summary of one factory, registered once per rail and tag value and then only
 * incremented (a check pays a map lookup, not a registration). Thread safe.
 */
final class GuardrailsMeters {
    /** {@code guardrails.category} of an UNSAFE verdict whose categories are not in the rail's taxonomy. */
    static final String OTHER = "other";
    /** {@code guardrails.category} of an UNSAFE verdict with no category at all. */
    static final String NONE = "none";

    private static final String TOKENS = "tokens";

    private final MeterRegistry registry;
    private final Counter blockedInput;
    private final Counter blockedOutput;
    private final Map<String, RailMeters> rails = new ConcurrentHashMap<>();
    /** Token meters by rail, then by model. */
    private final Map<String, Map<String, TokenMeters>> tokens = new ConcurrentHashMap<>();

    GuardrailsMeters(MeterRegistry registry) {
        this.registry = registry;
        this.blockedInput = blocked("input");
        this.blockedOutput = blocked("output");
    }

    private Counter blocked(String type) {
        return Counter.builder(REQUESTS_BLOCKED)
                .description("Checks blocked by a rail")
                .tag(RAIL_TYPE, type)
                .register(registry);
    }

    void blocked(RailDirection direction) {
        (direction == RailDirection.INPUT ? blockedInput : blockedOutput).increment();
    }

    void violation(String rail, Verdict verdict) {
        RailMeters m = rail(rail);
        if (verdict.safetyCategories().isEmpty()) {
            m.violation(verdict.categories().isEmpty() ? NONE : OTHER).increment();
            return;
        }
        for (SafetyCategory c : verdict.safetyCategories()) {
            m.violation(c.name()).increment();
        }
    }

    void retry(String rail, ErrorReason reason) {
        rail(rail).retry(reason).increment();
    }

    void cacheLookup(String rail, CacheLookup lookup) {
        rail(rail).cacheLookup(lookup).increment();
    }

    void tokens(String rail, String model, TokenUsage usage) {
        tokenMeters(rail, model).record(usage);
    }

    private RailMeters rail(String rail) {
        RailMeters found = rails.get(rail);
        return found != null ? found : rails.computeIfAbsent(rail, RailMeters::new);
    }

    /**
     * The token meters of a rail and model.
     *
     * @param rail the rail's name
     * @param model the model's id, or null
     * @return the meters, registered on first use
     */
    TokenMeters tokenMeters(String rail, String model) {
        String m = model == null ? DefaultRailObservationConvention.NO_MODEL : model;
        Map<String, TokenMeters> byModel = tokens.get(rail);
        if (byModel == null) {
            byModel = tokens.computeIfAbsent(rail, r -> new ConcurrentHashMap<>());
        }
        TokenMeters found = byModel.get(m);
        return found != null ? found : byModel.computeIfAbsent(m, k -> new TokenMeters(rail, m));
    }

    /** The counters of one rail: violations per category, retries per reason, verdict cache lookups per result. */
    private final class RailMeters {
        private final String rail;
        private final Map<String, Counter> violations = new ConcurrentHashMap<>();
        private final Map<ErrorReason, Counter> retries = new ConcurrentHashMap<>();
        private final Map<CacheLookup, Counter> cacheLookups = new ConcurrentHashMap<>();

        RailMeters(String rail) {
            this.rail = rail;
        }

        Counter violation(String category) {
            return violations.computeIfAbsent(
                    category,
                    c -> Counter.builder(VIOLATIONS)
                            .description("UNSAFE verdicts per taxonomy category")
                            .tag(RAIL_NAME, rail)
                            .tag(CATEGORY, c)
                            .register(registry));
        }

        Counter retry(ErrorReason reason) {
            return retries.computeIfAbsent(
                    reason,
                    r -> Counter.builder(RETRIES)
                            .description("Failed attempts that were retried")
                            .tag(RAIL_NAME, rail)
                            .tag(REASON, DefaultRailObservationConvention.lower(r.name()))
                            .register(registry));
        }

        Counter cacheLookup(CacheLookup lookup) {
            Counter found = cacheLookups.get(lookup);
            return found != null
                    ? found
                    : cacheLookups.computeIfAbsent(
                            lookup,
                            l -> Counter.builder(VERDICT_CACHE_GETS)
                                    .description("Verdict cache lookups: hit, shared (single flight) or miss")
                                    .tag(RAIL_NAME, rail)
                                    .tag(RESULT, DefaultRailObservationConvention.lower(l.name()))
                                    .register(registry));
        }
    }

    /** The token meters of one rail and model. */
    final class TokenMeters {
        private final DistributionSummary inputUsage;
        private final DistributionSummary outputUsage;
        private final Counter inputTokens;
        private final Counter cacheReadTokens;

        TokenMeters(String rail, String model) {
            this.inputUsage = usage(rail, model, "input");
            this.outputUsage = usage(rail, model, "output");
            this.inputTokens = Counter.builder(INPUT_TOKENS)
                    .description("Prompt tokens the guard server reported")
                    .baseUnit(TOKENS)
                    .tag(RAIL_NAME, rail)
                    .tag(MODEL, model)
                    .register(registry);
            this.cacheReadTokens = Counter.builder(CACHE_READ_INPUT_TOKENS)
                    .description("Prompt tokens the guard server read from its prefix cache")
                    .baseUnit(TOKENS)
                    .tag(RAIL_NAME, rail)
                    .tag(MODEL, model)
                    .register(registry);
        }

        /**
         * Records the token usage of one guard call.
         *
         * @param usage what the server reported
         */
        void record(TokenUsage usage) {
            inputUsage.record(usage.promptTokens());
            outputUsage.record(usage.completionTokens());
            inputTokens.increment(usage.promptTokens());
            // unknown cached tokens are not counted as zero: the counter moves only when the server said
            if (usage.cachedPromptTokens().isPresent()) {
                cacheReadTokens.increment(usage.cachedPromptTokens().getAsInt());
            }
        }

        private DistributionSummary usage(String rail, String model, String type) {
            return DistributionSummary.builder(TOKEN_USAGE)
                    .description("Tokens per guard call")
                    .baseUnit(TOKENS)
                    .tag(TOKEN_TYPE, type)
                    .tag(RAIL_NAME, rail)
                    .tag(MODEL, model)
                    .register(registry);
        }
    }
}
