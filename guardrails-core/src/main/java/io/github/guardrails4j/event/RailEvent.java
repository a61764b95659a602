package io.github.guardrails4j.event;

import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Verdict;

/**
 * One rail call finished. Immutable and thread safe. Carries no user text.
 *
 * @param rail the rail's name
 * @param direction input or output
 * @param verdict the verdict (outcome, latency, tokens, attempts, error)
 * @param policy the rail's failure policy
 * @param blocked whether this verdict blocks under the policy
 */
public record RailEvent(String rail, RailDirection direction, Verdict verdict, FailurePolicy policy, boolean blocked) {}
