package io.github.guardrails4j.langchain4j;

import dev.langchain4j.service.TokenStream;

/** The streaming AI service of the tests. */
interface StreamingAssistant {
    TokenStream chat(String message);
}
