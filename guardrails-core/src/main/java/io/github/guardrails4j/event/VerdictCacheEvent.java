package io.github.guardrails4j.event;

import io.github.guardrails4j.rail.CacheLookup;
import io.github.guardrails4j.rail.RailDirection;

/**
 * A rail looked a check up in its verdict cache: a hit (no guard call), a check that shares an identical call
 * already in flight, or a miss (this check makes the call). Reported when the lookup is made, before the verdict.
 * Carries no user text. Immutable and thread safe.
 *
 * @param rail the rail's name
 * @param direction input or output
 * @param model the served model id, or null
 * @param lookup how the cache answered
 */
public record VerdictCacheEvent(String rail, RailDirection direction, String model, CacheLookup lookup) {}
