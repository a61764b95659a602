package io.github.guardrails4j.model;

/**
 * The request a {@link GuardModel} wants sent for one check: a chat completion or a classification. Immutable and
 * thread safe.
 */
public sealed interface GuardRequest permits ChatRequest, ClassifyRequest {}
