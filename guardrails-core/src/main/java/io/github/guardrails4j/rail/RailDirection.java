package io.github.guardrails4j.rail;

/** Which side of the host's LLM a rail guards. */
public enum RailDirection {
    /** Checks the user's message before (or while) the LLM answers. */
    INPUT,
    /** Checks the LLM's answer (with the user's message as context) before the user sees it. */
    OUTPUT
}
