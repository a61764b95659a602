package io.github.guardrails4j.verdict;

/**
 * The outcome of one rail's check.
 *
 * <p>{@link #ERROR} means no verdict could be had (see {@link Verdict#error()}); whether an error blocks is
 * decided by the rail's {@link io.github.guardrails4j.rail.FailurePolicy}, fail closed by default.
 */
public enum Outcome {
    /** The model judged the text safe (or on-topic, or not a jailbreak). */
    SAFE,
    /** The model judged the text unsafe (or off-topic, or a jailbreak). Always blocks. */
    UNSAFE,
    /** No verdict: transport, timeout, HTTP status, protocol or parse failure. Never means safe. */
    ERROR
}
