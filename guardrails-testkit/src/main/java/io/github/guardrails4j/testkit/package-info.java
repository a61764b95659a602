/**
 * Guardrails4j testkit: {@link io.github.guardrails4j.testkit.NimSimulator}, an in-process HTTP
 * server that speaks the NVIDIA NIM / OpenAI-compatible wire format of the NemoGuard safety models
 * with a deterministic keyword classifier (not a safety model), plus its {@link
 * io.github.guardrails4j.testkit.LatencyModel}, fault injection and the JUnit 5 {@link
 * io.github.guardrails4j.testkit.NimSimulatorExtension}.
 *
 * <p>Wire formats follow NVIDIA's NIM API reference for the NemoGuard models (OpenAI-compatible
 * {@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/models}, {@code /v1/health/ready}) and the
 * prompt templates bundled in guardrails-core ({@code io.github.guardrails4j.prompt.NemoGuardPrompts}, from
 * NVIDIA-NeMo/Guardrails at commit 13739de09bdd7593c72b2f7b47bc8f03da649503).
 */
package io.github.guardrails4j.testkit;
