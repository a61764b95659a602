package io.github.guardrails4j.micrometer;

import io.github.guardrails4j.verdict.Verdict;
import java.util.Locale;

/**
 * What an observation records of a rail's ERROR verdict: its reason and the failure's type, never the failure's
 * message (a guard server's error page can echo the user's text). Handlers see it as the observation's error:
 * Micrometer's meter handler tags timers {@code error="RailFailure"}, a tracing handler marks the span as failed
 * with this message. No stack trace. Immutable.
 */
final class RailFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private RailFailure(String message) {
        super(message, null, false, false);
    }

    /**
     * The failure of an ERROR verdict.
     *
     * @param verdict the verdict
     * @return its reason and the type of its error, for example {@code http_status (GuardServiceException)}
     */
    static RailFailure of(Verdict verdict) {
        String reason = verdict.errorReason()
                .map(r -> r.name().toLowerCase(Locale.ROOT))
                .orElse("unknown");
        String type = verdict.error().map(e -> e.getClass().getSimpleName()).orElse("none");
        return new RailFailure(reason + " (" + type + ")");
    }
}
