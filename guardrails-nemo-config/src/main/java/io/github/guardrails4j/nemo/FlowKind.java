package io.github.guardrails4j.nemo;

/**
 * The kinds of NemoGuard flow a NeMo Guardrails configuration lists, for the per-kind overrides of
 * {@link NemoConfig.Loader} (a model id or endpoint that replaces the configuration's for every flow of the kind).
 */
public enum FlowKind {
    /** {@code content safety check input $model=TYPE} and {@code content safety check output $model=TYPE}. */
    CONTENT_SAFETY,
    /** {@code topic safety check input $model=TYPE}. */
    TOPIC_SAFETY,
    /** {@code jailbreak detection model}. */
    JAILBREAK_DETECTION
}
