package io.github.guardrails4j.verdict;

import io.github.guardrails4j.exception.VerdictParseException;

/**
 * Reads a guard model's text answer as a verdict of one format. Implementations are stateless and thread safe.
 *
 * <p>A parser never guesses: text that is not clearly a verdict of its format throws, and the rail reports
 * an {@link Outcome#ERROR} verdict (which blocks unless the rail fails open). Parse failures are never reported
 * as policy categories.
 */
@FunctionalInterface
public interface VerdictParser {
    /**
     * Parses the model's text.
     *
     * @param modelOutput the {@code message.content} of the model's answer, exactly as received; never null
     * @return the verdict
     * @throws VerdictParseException when the text is not a verdict of this format
     */
    ParsedVerdict parse(String modelOutput);
}
