package io.github.guardrails4j.nemo.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A prompt entry of {@code prompts[]}, with where it was written.
 *
 * @param node the entry
 * @param where its place for messages, ending with a dot
 */
record PromptEntry(JsonNode node, String where) {}
