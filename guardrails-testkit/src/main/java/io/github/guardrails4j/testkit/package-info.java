/**
 * Guardrails4j testkit: {@link io.github.guardrails4j.testkit.NimSimulator}, an in-process HTTP
 * server that speaks the NVIDIA NIM / OpenAI-compatible wire format of the NemoGuard safety models
 * with a deterministic keyword classifier (not a safety model), plus its {@link
 * io.github.guardrails4j.testkit.LatencyModel}, fault injection and the JUnit 5 {@link
 * io.github.guardrails4j.testkit.NimSimulatorExtension}.
 *
 * <p>Wire formats follow the project's reference notes ({@code NOTES.md}, sections 1 to 7) and the
 * prompt templates in {@code reference/prompts/}.
 */
package io.github.guardrails4j.testkit;
