package io.github.guardrails4j.langchain4j;

/** The AI service of the tests. */
interface Assistant {
    String chat(String message);
}
