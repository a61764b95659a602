package io.github.guardrails4j.micrometer;

/**
 * The names of every observation, meter, tag and span attribute this module records, in one place (see
 * {@code docs/observability.md} for units and Prometheus names). Names follow the OpenTelemetry GenAI semantic
 * conventions where one exists ({@code gen_ai.*}, development status as of 2026; if they change before they are
 * declared stable, this module follows them). Tag values are bounded: rail names, model ids, directions, verdicts,
 * outcomes, error reasons and taxonomy category names; user text, answers, model output and credentials never are.
 */
public final class GuardrailsMetricNames {
    private GuardrailsMetricNames() {}

    /** Observation of one rail's part in a check (timer {@value}, long task timer {@value}{@code .active}). */
    public static final String RAIL = "guardrails.rail";
    /** Observation of one check ({@code checkInput}, {@code checkOutput}, each half of {@code guard}): {@value}. */
    public static final String REQUEST = "guardrails.request";
    /** Counter of blocked checks, tagged {@link #RAIL_TYPE} (the name NeMo Guardrails uses): {@value}. */
    public static final String REQUESTS_BLOCKED = "guardrails.requests.blocked";
    /** Counter of UNSAFE verdicts per taxonomy category, tagged {@link #RAIL_NAME} and {@link #CATEGORY}: {@value}. */
    public static final String VIOLATIONS = "guardrails.violations";
    /** Counter of retried attempts, tagged {@link #RAIL_NAME} and {@link #REASON}: {@value}. */
    public static final String RETRIES = "guardrails.retries";
    /**
     * Counter of verdict cache lookups, tagged {@link #RAIL_NAME} and {@link #RESULT} ({@code hit}, {@code shared},
     * {@code miss}), named in the style of Micrometer's cache binders ({@code cache.gets{result=hit|miss}}): {@value}.
     */
    public static final String VERDICT_CACHE_GETS = "guardrails.verdict_cache.gets";
    /** Distribution summary of tokens per guard call, tagged {@link #TOKEN_TYPE}, rail and model: {@value}. */
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    /** Counter of prompt tokens the guard server reported, tagged rail and model: {@value}. */
    public static final String INPUT_TOKENS = "gen_ai.client.inference.usage.input_tokens";
    /** Counter of prompt tokens served from the server's prefix (KV) cache, tagged rail and model: {@value}. */
    public static final String CACHE_READ_INPUT_TOKENS = "gen_ai.client.inference.usage.cache_read.input_tokens";
    /** Gauge of the calls in flight on one endpoint, tagged {@link #ENDPOINT}: {@value}. */
    public static final String ENDPOINT_INFLIGHT = "guardrails.endpoint.inflight";
    /** Gauge of the calls waiting for a slot on one endpoint, tagged {@link #ENDPOINT}: {@value}. */
    public static final String ENDPOINT_QUEUED = "guardrails.endpoint.queued";
    /** Gauge of the concurrency limit of one endpoint, tagged {@link #ENDPOINT}: {@value}. */
    public static final String ENDPOINT_LIMIT = "guardrails.endpoint.limit";

    /** Tag: the rail's name: {@value}. */
    public static final String RAIL_NAME = "rail.name";
    /** Tag: {@code input} or {@code output}: {@value}. */
    public static final String RAIL_TYPE = "rail.type";
    /** Tag: {@code safe}, {@code unsafe}, {@code error}, {@code cancelled} ({@code pending} while running): {@value}. */
    public static final String VERDICT = "guardrails.verdict";
    /** Tag: the served model id the rail asks, {@code none} for rails that ask none: {@value}. */
    public static final String MODEL = "gen_ai.request.model";
    /** Tag: {@code allowed}, {@code blocked}, {@code cancelled} ({@code pending} while running): {@value}. */
    public static final String OUTCOME = "guardrails.outcome";
    /** Tag: the name of the rail that blocked the check, or {@code none}: {@value}. */
    public static final String BLOCKED_BY = "guardrails.blocked.by";
    /** Tag: a taxonomy category name, {@code other} (not in the taxonomy) or {@code none} (no category): {@value}. */
    public static final String CATEGORY = "guardrails.category";
    /** Tag: why an attempt failed, an {@code ErrorReason} in lower case: {@value}. */
    public static final String REASON = "reason";
    /** Tag: how a verdict cache answered, {@code hit}, {@code shared} or {@code miss}: {@value}. */
    public static final String RESULT = "result";
    /** Tag: {@code input} or {@code output} tokens: {@value}. */
    public static final String TOKEN_TYPE = "gen_ai.token.type";
    /** Tag: an endpoint's base URL (no credentials): {@value}. */
    public static final String ENDPOINT = "guardrails.endpoint";

    /** Span attribute: prompt tokens of the rail's call: {@value}. */
    public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
    /** Span attribute: prompt tokens read from the prefix cache: {@value}. */
    public static final String USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens";
    /** Span attribute: generated tokens of the rail's call: {@value}. */
    public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    /** Span attribute: the taxonomy categories of an UNSAFE verdict, comma separated: {@value}. */
    public static final String CATEGORIES = "guardrails.categories";
    /** Span attribute: the number of HTTP attempts: {@value}. */
    public static final String ATTEMPTS = "guardrails.attempts";
    /** Span attribute: the model's score, for classifiers that give one: {@value}. */
    public static final String SCORE = "guardrails.score";
    /** Span attribute: why the rail failed, an {@code ErrorReason} in lower case: {@value}. */
    public static final String ERROR_REASON = "guardrails.error.reason";
    /** Span attribute: the request id sent with the rail's last attempt: {@value}. */
    public static final String REQUEST_ID = "guardrails.request.id";
    /** Span attribute of a check: the names of its rails, comma separated: {@value}. */
    public static final String RAILS = "guardrails.rails";
    /** Name of the span event (and of Micrometer's counter {@code guardrails.rail.retry}) of a retry: {@value}. */
    public static final String RETRY_EVENT = "retry";

    /** Request header with a fresh id per HTTP attempt, for the guard server's logs: {@value}. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
}
