package io.github.guardrails4j.testkit.internal;

import java.util.List;
import java.util.Set;

/**
 * What the keyword classifier found in one text.
 *
 * <p>Immutable and thread safe. Internal to the simulator; not an API.
 *
 * @param categories the detected categories in taxonomy order (unmodifiable, empty when safe)
 * @param keywords the matched keywords in table order (unmodifiable)
 */
public record Detection(Set<SafetyCategory> categories, List<String> keywords) {

    /** A detection with nothing found. */
    public static final Detection SAFE = new Detection(Set.of(), List.of());

    /** {@return whether any category was detected} */
    public boolean unsafe() {
        return !categories.isEmpty();
    }
}
