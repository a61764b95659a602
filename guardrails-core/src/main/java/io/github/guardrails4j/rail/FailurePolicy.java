package io.github.guardrails4j.rail;

/**
 * What an {@link io.github.guardrails4j.verdict.Outcome#ERROR} verdict (timeout, HTTP error, unparseable answer...)
 * means for the conversation. The default, {@link #FAIL_CLOSED}, blocks: a guard that cannot answer never lets
 * text through silently. Unsafe verdicts always block, whatever the policy.
 */
public enum FailurePolicy {
    /** An error blocks, like an unsafe verdict. The default: {@link #DEFAULT}. */
    FAIL_CLOSED,
    /** An error is recorded in the result (and reported to listeners) but does not block. */
    FAIL_OPEN;

    /** The default policy: {@link #FAIL_CLOSED}. */
    public static final FailurePolicy DEFAULT = FAIL_CLOSED;
}
