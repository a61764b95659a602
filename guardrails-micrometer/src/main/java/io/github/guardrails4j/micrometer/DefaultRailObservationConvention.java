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
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.SafetyCategory;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default convention of {@link GuardrailsMetricNames#RAIL guardrails.rail}: low-cardinality tags
 * {@code rail.name}, {@code rail.type}, {@code guardrails.verdict}, {@code gen_ai.request.model} (Micrometer's meter
 * handler adds {@code error}); high-cardinality span attributes: taxonomy categories, endpoint, attempts, GenAI
 * token usage, score, error reason and request id, each only when known. Span name: {@code guardrails.rail <name>}.
 * The low-cardinality {@link KeyValues} and the span name of each rail are built once per rail and verdict and then
 * reused (they are immutable), so an observation does not build, sort or concatenate them again. Thread safe;
 * extend it to add tags.
 */
public class DefaultRailObservationConvention implements RailObservationConvention {
    /** The value of {@code gen_ai.request.model} for rails that ask no model: {@value}. */
    public static final String NO_MODEL = "none";
    /** The value of {@code guardrails.verdict} while the rail runs: {@value}. */
    public static final String PENDING = "pending";
    /** The value of {@code guardrails.verdict} of a rail stopped before its verdict: {@value}. */
    public static final String CANCELLED = "cancelled";

    /** Verdict slots of {@link RailTags}: the outcomes in {@code Outcome} order, then pending and cancelled. */
    static final int SLOT_PENDING = Outcome.values().length;

    private static final int SLOT_CANCELLED = SLOT_PENDING + 1;

    /** The number of verdict slots. */
    static final int SLOTS = SLOT_CANCELLED + 1;

    /** The most high-cardinality key values a rail observation has. */
    private static final int HIGH_CARDINALITY_KEYS = 9;

    private static final String[] COUNTS = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

    /** The tags of each rail seen so far, by rail name (names are few: they are configuration). */
    private final Map<String, RailTags> tags = new ConcurrentHashMap<>();

    /** Makes the default convention. */
    public DefaultRailObservationConvention() {}

    @Override
    public String getName() {
        return RAIL;
    }

    @Override
    public String getContextualName(RailContext context) {
        return tags(context.rail(), context.direction(), context.model()).contextualName;
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RailContext context) {
        return keyValues(
                context.rail(), context.direction(), context.model(), slot(context.verdict(), context.cancelled()));
    }

    /**
     * The low-cardinality key values of a rail in one verdict slot: the same immutable instances
     * {@link #getLowCardinalityKeyValues} returns for a context with these values (the metrics-only path resolves
     * them once per rail, {@link RailTimers}).
     *
     * @param slot a verdict slot: {@link #slot}, or {@link #SLOT_PENDING} for a rail that runs
     */
    final KeyValues keyValues(String rail, RailDirection direction, String model, int slot) {
        return tags(rail, direction, model).byVerdict[slot];
    }

    /** {@return the verdict slot of a rail that ended with this verdict (null: pending, or cancelled)} */
    static int slot(Verdict v, boolean cancelled) {
        return v != null ? v.outcome().ordinal() : cancelled ? SLOT_CANCELLED : SLOT_PENDING;
    }

    private RailTags tags(String rail, RailDirection direction, String model) {
        RailTags t = tags.get(rail);
        if (t == null || !t.matches(direction, model)) {
            // first time, or another rail of the same name with another direction or model: rebuild (rare)
            t = new RailTags(rail, direction, model);
            tags.put(rail, t);
        }
        return t;
    }

    /** The span name and the low-cardinality tags of one rail, one set per verdict slot. Immutable. */
    private static final class RailTags {
        private final RailDirection direction;
        private final String model;
        private final String contextualName;
        private final KeyValues[] byVerdict = new KeyValues[SLOTS];

        RailTags(String rail, RailDirection direction, String model) {
            this.direction = direction;
            this.model = model;
            this.contextualName = RAIL + " " + rail;
            KeyValues common = KeyValues.of(
                    KeyValue.of(RAIL_NAME, rail),
                    KeyValue.of(RAIL_TYPE, type(direction)),
                    KeyValue.of(MODEL, model == null ? NO_MODEL : model));
            for (Outcome o : Outcome.values()) {
                byVerdict[o.ordinal()] = common.and(KeyValue.of(VERDICT, lower(o.name())));
            }
            byVerdict[SLOT_PENDING] = common.and(KeyValue.of(VERDICT, PENDING));
            byVerdict[SLOT_CANCELLED] = common.and(KeyValue.of(VERDICT, CANCELLED));
        }

        boolean matches(RailDirection direction, String model) {
            return this.direction == direction && Objects.equals(this.model, model);
        }
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(RailContext context) {
        TokenUsage usage = context.usage();
        Verdict v = context.verdict();
        if (usage == null && v != null) {
            usage = v.usage().orElse(null);
        }
        if (context.attempts() == 0 && context.endpoint() == null && usage == null && v == null) {
            return KeyValues.empty(); // at start: nothing known yet
        }
        KeyValue[] kv = new KeyValue[HIGH_CARDINALITY_KEYS];
        int n = 0;
        if (context.attempts() > 0) {
            kv[n++] = KeyValue.of(ATTEMPTS, count(context.attempts()));
        }
        if (context.endpoint() != null) {
            kv[n++] = KeyValue.of(ENDPOINT, context.endpoint());
        }
        if (context.requestId() != null) {
            kv[n++] = KeyValue.of(REQUEST_ID, context.requestId());
        }
        if (usage != null) {
            kv[n++] = KeyValue.of(USAGE_INPUT_TOKENS, count(usage.promptTokens()));
            kv[n++] = KeyValue.of(USAGE_OUTPUT_TOKENS, count(usage.completionTokens()));
            if (usage.cachedPromptTokens().isPresent()) {
                kv[n++] = KeyValue.of(
                        USAGE_CACHE_READ_INPUT_TOKENS,
                        count(usage.cachedPromptTokens().getAsInt()));
            }
        }
        if (v != null) {
            if (!v.safetyCategories().isEmpty()) {
                StringJoiner codes = new StringJoiner(",");
                for (SafetyCategory c : v.safetyCategories()) {
                    codes.add(c.name());
                }
                kv[n++] = KeyValue.of(CATEGORIES, codes.toString());
            }
            if (v.score().isPresent()) {
                kv[n++] = KeyValue.of(SCORE, Double.toString(v.score().getAsDouble()));
            }
            if (v.errorReason().isPresent()) {
                kv[n++] = KeyValue.of(ERROR_REASON, lower(v.errorReason().get().name()));
            }
        }
        return KeyValues.of(n == kv.length ? kv : Arrays.copyOf(kv, n));
    }

    /** Small counts (attempts, mostly) as shared strings; others as new ones. */
    private static String count(int n) {
        return n >= 0 && n < COUNTS.length ? COUNTS[n] : Integer.toString(n);
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

    static String lower(String enumName) {
        return enumName.toLowerCase(Locale.ROOT);
    }
}
