package io.github.guardrails4j.nim;

import io.github.guardrails4j.exception.ConfigurationException;

/**
 * A rail's input size limit, in characters ({@code String.length()}, UTF-16 units), and what happens above it.
 *
 * <p><b>Why {@value #DEFAULT_MAX_CHARS} characters.</b> The NemoGuard 8B models have an 8,192-token context. The
 * content safety prompt costs about 400 tokens besides the conversation, the verdict up to 50 more. English text
 * averages about 4 characters per Llama 3 token, so {@value #DEFAULT_MAX_CHARS} characters are about 6,000 tokens:
 * room for the template, the verdict and text that tokenizes more densely than English (code, other scripts: 2 to 3
 * characters per token). For an output check the limit covers the user's message and the answer together. When a
 * text under the limit still exceeds the model's context, the server's HTTP 400 becomes the same
 * {@code REJECTED_INPUT} error.
 *
 * <p>Immutable and thread safe.
 *
 * @param maxChars the most characters checked in one request, at least {@value #MIN_MAX_CHARS}
 * @param policy what happens above it
 * @param overlap for {@link InputLimitPolicy#SPLIT}: the share of a window repeated at the start of the next,
 *        0 to 0.5, so that text across a boundary is seen whole
 */
public record InputLimit(int maxChars, InputLimitPolicy policy, double overlap) {
    /** Default limit: {@value} characters (about 6,000 tokens of the models' 8,192). */
    public static final int DEFAULT_MAX_CHARS = 24_000;
    /** Default overlap of {@link InputLimitPolicy#SPLIT} windows: {@value} (10 %). */
    public static final double DEFAULT_OVERLAP = 0.1;
    /** Smallest limit accepted: {@value} characters. */
    public static final int MIN_MAX_CHARS = 100;
    /** The default: {@link InputLimitPolicy#REJECT} above {@value #DEFAULT_MAX_CHARS} characters. */
    public static final InputLimit DEFAULT =
            new InputLimit(DEFAULT_MAX_CHARS, InputLimitPolicy.REJECT, DEFAULT_OVERLAP);

    /**
     * Validates.
     *
     * @param maxChars the most characters checked in one request, at least {@value #MIN_MAX_CHARS}
     * @param policy what happens above it
     * @param overlap for {@link InputLimitPolicy#SPLIT}: the share of a window repeated at the start of the next,
     *     0 to 0.5, so that text across a boundary is seen whole
     * @throws ConfigurationException when maxChars is below {@value #MIN_MAX_CHARS}, the policy is null or the
     *         overlap is outside 0 to 0.5
     */
    public InputLimit {
        if (maxChars < MIN_MAX_CHARS) {
            throw new ConfigurationException("maxChars must be >= " + MIN_MAX_CHARS + ", got " + maxChars
                    + "; the default is " + DEFAULT_MAX_CHARS + " (about 6,000 tokens)");
        }
        if (policy == null) {
            throw new ConfigurationException("policy must be REJECT or SPLIT, got null");
        }
        if (!(overlap >= 0 && overlap <= 0.5)) {
            throw new ConfigurationException(
                    "overlap must be between 0 and 0.5, got " + overlap + "; the default is " + DEFAULT_OVERLAP);
        }
    }

    /**
     * Returns a limit that rejects texts over {@code maxChars} characters.
     *
     * @param maxChars the limit
     * @return reject texts over it
     * @throws ConfigurationException when maxChars is below {@value #MIN_MAX_CHARS}
     */
    public static InputLimit reject(int maxChars) {
        return new InputLimit(maxChars, InputLimitPolicy.REJECT, DEFAULT_OVERLAP);
    }

    /**
     * Returns a limit that splits texts over {@code maxChars} characters into overlapping windows.
     *
     * @param maxChars the window size
     * @return split texts over it into windows overlapping by {@value #DEFAULT_OVERLAP}
     * @throws ConfigurationException when maxChars is below {@value #MIN_MAX_CHARS}
     */
    public static InputLimit split(int maxChars) {
        return new InputLimit(maxChars, InputLimitPolicy.SPLIT, DEFAULT_OVERLAP);
    }

    /** {@return the overlap in characters: {@code round(maxChars * overlap)}} */
    public int overlapChars() {
        return (int) Math.round(maxChars * overlap);
    }
}
