package io.github.guardrails4j.micrometer;

import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.ATTEMPTS;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.CATEGORIES;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.ENDPOINT;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.ERROR_REASON;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.MODEL;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.RAIL;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.RAIL_NAME;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.RAIL_TYPE;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.REQUEST_ID;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.SCORE;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.USAGE_CACHE_READ_INPUT_TOKENS;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.USAGE_INPUT_TOKENS;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.USAGE_OUTPUT_TOKENS;
import static io.github.guardrails4j.micrometer.GuardrailsMetricNames.VERDICT;

import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.SafetyCategory;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The default convention of {@link GuardrailsMetricNames#RAIL guardrails.rail}: low-cardinality tags
 * {@code rail.name}, {@code rail.type}, {@code guardrails.verdict}, {@code gen_ai.request.model} (Micrometer's meter
 * handler adds {@code error}); high-cardinality span attributes: taxonomy categories, endpoint, attempts, GenAI
 * token usage, score, error reason and request id, each only when known. Span name: {@code guardrails.rail <name>}.
 * Stateless and thread safe; extend it to add tags.
 */
public class DefaultRailObservationConvention implements RailObservationConvention {
    /** The value of {@code gen_ai.request.model} for rails that ask no model: {@value}. */
    public static final String NO_MODEL = "none";
    /** The value of {@code guardrails.verdict} while the rail runs: {@value}. */
    public static final String PENDING = "pending";
    /** The value of {@code guardrails.verdict} of a rail stopped before its verdict: {@value}. */
    public static final String CANCELLED = "cancelled";

    /** Makes the default convention. */
    public DefaultRailObservationConvention() {}

    @Override
    public String getName() {
        return RAIL;
    }

    @Override
    public String getContextualName(RailContext context) {
        return RAIL + " " + context.rail();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RailContext context) {
        return KeyValues.of(
                KeyValue.of(RAIL_NAME, context.rail()),
                KeyValue.of(RAIL_TYPE, type(context.direction())),
                KeyValue.of(VERDICT, verdict(context)),
                KeyValue.of(MODEL, context.model() == null ? NO_MODEL : context.model()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(RailContext context) {
        List<KeyValue> kv = new ArrayList<>(8);
        if (context.attempts() > 0) {
            kv.add(KeyValue.of(ATTEMPTS, Integer.toString(context.attempts())));
        }
        if (context.endpoint() != null) {
            kv.add(KeyValue.of(ENDPOINT, context.endpoint()));
        }
        if (context.requestId() != null) {
            kv.add(KeyValue.of(REQUEST_ID, context.requestId()));
        }
        TokenUsage usage = context.usage();
        Verdict v = context.verdict();
        if (usage == null && v != null) {
            usage = v.usage().orElse(null);
        }
        if (usage != null) {
            kv.add(KeyValue.of(USAGE_INPUT_TOKENS, Integer.toString(usage.promptTokens())));
            kv.add(KeyValue.of(USAGE_OUTPUT_TOKENS, Integer.toString(usage.completionTokens())));
            if (usage.cachedPromptTokens().isPresent()) {
                kv.add(KeyValue.of(
                        USAGE_CACHE_READ_INPUT_TOKENS,
                        Integer.toString(usage.cachedPromptTokens().getAsInt())));
            }
        }
        if (v != null) {
            if (!v.safetyCategories().isEmpty()) {
                StringJoiner codes = new StringJoiner(",");
                for (SafetyCategory c : v.safetyCategories()) {
                    codes.add(c.name());
                }
                kv.add(KeyValue.of(CATEGORIES, codes.toString()));
            }
            if (v.score().isPresent()) {
                kv.add(KeyValue.of(SCORE, Double.toString(v.score().getAsDouble())));
            }
            v.errorReason().ifPresent(r -> kv.add(KeyValue.of(ERROR_REASON, lower(r.name()))));
        }
        return KeyValues.of(kv);
    }

    /**
     * The {@code rail.type} value of a direction.
     *
     * @param direction input or output
     * @return {@code input} or {@code output}
     */
    public static String type(RailDirection direction) {
        return direction == RailDirection.INPUT ? "input" : "output";
    }

    private static String verdict(RailContext context) {
        Verdict v = context.verdict();
        if (v != null) {
            return lower(v.outcome().name());
        }
        return context.cancelled() ? CANCELLED : PENDING;
    }

    static String lower(String enumName) {
        return enumName.toLowerCase(Locale.ROOT);
    }
}
