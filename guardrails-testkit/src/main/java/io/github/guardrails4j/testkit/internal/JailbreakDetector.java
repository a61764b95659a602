package io.github.guardrails4j.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The simulator's jailbreak "detector": a list of marker phrases, not a model.
 *
 * <p>A text is a jailbreak when, lower-cased with runs of white space collapsed, it contains one of
 * {@link #MARKERS}, or contains the upper-case word {@code DAN}. The score is deterministic (from
 * a 64-bit FNV-1a hash of the UTF-8 text): {@code [0.85, 0.95)} for a jailbreak, {@code [-0.95,
 * -0.5)} otherwise.
 *
 * <p>Immutable and thread safe. Internal to the simulator; not an API.
 */
public final class JailbreakDetector {

    /** Lower-case marker phrases. */
    public static final List<String> MARKERS = List.of(
            "ignore previous instructions",
            "ignore all previous",
            "ignore your previous instructions",
            "disregard previous instructions",
            "disregard all previous",
            "developer mode",
            "jailbreak",
            "pretend you have no restrictions",
            "do anything now",
            "you are no longer bound");

    private static final Pattern DAN = Pattern.compile("(?<![A-Za-z])DAN(?![A-Za-z])");

    /** Result of one detection. */
    public record Result(boolean jailbreak, double score) {}

    /**
     * Sets text.
     *
     * @param text the text to check
     * @return the verdict and score
     */
    public Result detect(String text) {
        String lower = KeywordMatcher.normalize(text);
        boolean jailbreak = DAN.matcher(text).find() || MARKERS.stream().anyMatch(lower::contains);
        double unit = unitHash(text);
        double score = jailbreak ? 0.85 + 0.1 * unit : -0.95 + 0.45 * unit;
        // Round to 6 decimals so the JSON number is short and stable.
        return new Result(jailbreak, Math.round(score * 1e6) / 1e6);
    }

    private static double unitHash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return (h >>> 11) * 0x1.0p-53;
    }
}
