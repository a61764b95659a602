package io.github.guardrails4j.nim.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses an HTTP {@code Retry-After} header (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date. Internal API.
 * Stateless and thread safe.
 */
public final class RetryAfter {
    private RetryAfter() {}

    /**
     * Sets value.
     *
     * @param value the header value, or null
     * @param clock the wall clock, for HTTP-dates
     * @return the wait it asks for (zero for a past date), or null when absent or unreadable
     */
    public static Duration parse(String value, Clock clock) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty()) {
            return null;
        }
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (v.length() > 9) {
                return Duration.ofSeconds(999_999_999L);
            }
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            // unreadable header: treated as absent (the normal backoff applies), as RFC 9110 allows
            return null;
        }
    }
}
