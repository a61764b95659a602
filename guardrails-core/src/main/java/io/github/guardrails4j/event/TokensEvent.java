package io.github.guardrails4j.event;

import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.TokenUsage;

/**
 * The guard server reported token usage for a rail's call: prompt tokens, generated tokens and, where the server
 * says, cached prompt tokens (KV cache reuse). With early decision it arrives when the stream ends, after the
 * rail's verdict. Immutable and thread safe.
 *
 * @param rail the rail's name
 * @param direction input or output
 * @param model the served model id, or null
 * @param usage the usage
 */
public record TokensEvent(String rail, RailDirection direction, String model, TokenUsage usage) {}
