package io.github.guardrails4j.rail;

/** How a rail's verdict cache answered one check. */
public enum CacheLookup {
    /** A verdict was in the cache: no guard call was made. */
    HIT,
    /** An identical check was already calling the guard: this check waits for that one call (single flight). */
    SHARED,
    /** Nothing in the cache and no identical call in flight: this check calls the guard and caches the verdict. */
    MISS
}
