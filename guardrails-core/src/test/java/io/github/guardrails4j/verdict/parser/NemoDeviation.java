package io.github.guardrails4j.verdict.parser;

/**
 * The documented list of texts NeMo Guardrails reads differently (the counterpart of WebPlatformUrlTest's
 * known-failure list). Each constant must appear in {@code docs/verdicts.md} under "Where we differ from NeMo
 * Guardrails and why"; {@link DocumentedDeviationsTest} checks that.
 */
enum NemoDeviation {
    /** Topic control: NeMo allows any answer other than exactly "off-topic"; we fail closed. */
    TOPIC_UNCLEAR_FAILS_CLOSED,
    /** Topic control: NeMo allows "Off-topic." (with a period); we read it as off-topic. */
    TOPIC_TRAILING_PERIOD,
    /** NemoGuard JSON: NeMo's json.loads keeps the last of repeated keys; we reject the text. */
    JSON_DUPLICATE_KEY_REJECTED,
    /** NemoGuard JSON: NeMo fails on a JSON array of categories; we read it. */
    JSON_CATEGORY_ARRAY,
    /** NemoGuard JSON: NeMo fails on a non-string, non-array categories value; we keep UNSAFE with none. */
    JSON_CATEGORY_OTHER_SHAPE,
    /** NemoGuard JSON: NeMo reads only "Safety Categories"; we fall back to "Violated Categories". */
    JSON_VIOLATED_CATEGORIES_KEY,
    /** NemoGuard JSON: NeMo keeps empty category strings; we drop them. */
    JSON_EMPTY_CATEGORY_DROPPED,
    /** NemoGuard JSON lenient mode (opt-in): NeMo has no lenient mode. */
    JSON_LENIENT_MODE,
    /** Llama Guard 3: NeMo's is_content_safe reads "no" and "safe!!!" as safe; we fail closed. */
    LLAMA_GUARD_LOOSE_SAFE,
    /** Llama Guard 3: NeMo reads any other text (words after "unsafe", "yes", "UNSAFE", "") as unsafe; error. */
    LLAMA_GUARD_UNCLEAR_IS_ERROR,
    /** Nemotron 3.5: NeMo matches keys ignoring case and skips unknown lines; we require exact keys only. */
    NEMOTRON_STRICT_LINES,
    /** Nemotron reasoning: NeMo reads an unknown or missing value as harmful; we report an error. */
    REASONING_UNCLEAR_IS_ERROR,
    /** Nemotron reasoning: NeMo reads the first match and ignores repeats and other lines; we reject them. */
    REASONING_STRICT_LINES,
    /** Nemotron reasoning: NeMo searches an unterminated think block, so a verdict quoted in it counts; error. */
    REASONING_UNTERMINATED_THINK
}
