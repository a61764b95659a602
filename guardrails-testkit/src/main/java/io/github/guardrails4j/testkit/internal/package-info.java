/**
 * Implementation of the NIM simulator: HTTP routing, tokenization, prefix cache and the keyword
 * classifier. Not an API: types here may change in any release.
 */
package io.github.guardrails4j.testkit.internal;
