/** Internal helpers of the LangChain4j integration; not an API, may change in any release. */
package io.github.guardrails4j.langchain4j.internal;
