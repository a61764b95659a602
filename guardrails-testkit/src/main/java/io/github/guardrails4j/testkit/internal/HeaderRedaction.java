package io.github.guardrails4j.testkit.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credential header values for printing ({@code toString()}, error messages): the simulator records the
 * {@code Authorization} header a client sends, and a test that prints a request must not print the key. The values
 * themselves stay available to assertions. Stateless and thread safe.
 */
public final class HeaderRedaction {
    /** What replaces a credential. */
    public static final String MASK = "****";

    /** Parts of header names that mark a credential, lower case. */
    private static final List<String> SENSITIVE =
            List.of("auth", "key", "token", "secret", "cookie", "password", "session", "credential");

    /** An HTTP authentication scheme followed by its credentials (RFC 9110 section 11.4). */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) +\\S.*$");

    private HeaderRedaction() {}

    /**
     * Sets name.
     *
     * @param name a header name, any case
     * @return true when the header may carry a credential (its name contains auth, key, token, secret, cookie,
     *     password, session or credential)
     */
    public static boolean isSensitive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SENSITIVE.stream().anyMatch(lower::contains);
    }

    /**
     * Sets name.
     *
     * @param name a header name, any case
     * @param value its value
     * @return the value when the header is not sensitive; else {@value #MASK}, keeping an authentication scheme
     *     ({@code Bearer ****})
     */
    public static String value(String name, String value) {
        if (value == null || !isSensitive(name)) {
            return value;
        }
        Matcher m = SCHEME.matcher(value);
        return m.matches() ? m.group(1) + " " + MASK : MASK;
    }

    /**
     * Sets headers.
     *
     * @param headers headers with one value each, in their iteration order
     * @return a new map, same order, with sensitive values masked
     */
    public static Map<String, String> single(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, value(k, v)));
        return out;
    }

    /**
     * Sets headers.
     *
     * @param headers headers with a list of values each, in their iteration order
     * @return a new map, same order, with sensitive values masked
     */
    public static Map<String, List<String>> multi(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((k, values) ->
                out.put(k, values.stream().map(v -> value(k, v)).toList()));
        return out;
    }
}
