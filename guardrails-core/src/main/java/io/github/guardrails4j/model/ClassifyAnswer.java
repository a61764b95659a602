package io.github.guardrails4j.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A classification answer: the top-level fields of the JSON object the server sent, decoded (strings, numbers as
 * {@code Double} or {@code Long}, booleans, null, lists and maps of those). For NemoGuard JailbreakDetect:
 * {@code {"jailbreak": true, "score": 0.97}}. Immutable and thread safe.
 *
 * @param fields the fields, in the server's order; copied
 */
public record ClassifyAnswer(Map<String, Object> fields) implements GuardAnswer {
    /**
     * Copies.
     *
     * @param fields the fields, in the server's order; copied
     * @throws NullPointerException when fields is null
     */
    public ClassifyAnswer {
        Objects.requireNonNull(fields, "fields");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
