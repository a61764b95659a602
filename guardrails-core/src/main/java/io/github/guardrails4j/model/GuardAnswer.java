package io.github.guardrails4j.model;

/**
 * A guard server's answer to a {@link GuardRequest}, decoded from the wire: a {@link ChatAnswer} for a chat
 * request, a {@link ClassifyAnswer} for a classify request. Immutable and thread safe.
 */
public sealed interface GuardAnswer permits ChatAnswer, ClassifyAnswer {}
