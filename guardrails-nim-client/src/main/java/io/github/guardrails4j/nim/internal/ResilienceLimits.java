package io.github.guardrails4j.nim.internal;

/** Fixed limits of the resilience layer. Internal API. */
final class ResilienceLimits {
    /** Longest Retry-After honoured when no deadline bounds it, in ms (mirrors ResilienceConfig.MAX_RETRY_AFTER). */
    static final long MAX_RETRY_AFTER_MILLIS = 60_000;

    private ResilienceLimits() {}
}
