/**
 * Guardrails4j for LangChain4j: every NemoGuard rail of a {@link io.github.guardrails4j.Guardrails} in one LangChain4j
 * guardrail ({@link io.github.guardrails4j.langchain4j.NemoGuardInputGuardrail}, {@link
 * io.github.guardrails4j.langchain4j.NemoGuardOutputGuardrail}), a {@code ModerationModel} ({@link
 * io.github.guardrails4j.langchain4j.NemoGuardModerationModel}) and a {@code StreamingChatModel} decorator that checks
 * the answer while it streams ({@link io.github.guardrails4j.langchain4j.NemoGuardStreamingChatModel}).
 *
 * <p>See {@code docs/langchain4j.md} for which to use when.
 */
package io.github.guardrails4j.langchain4j;
