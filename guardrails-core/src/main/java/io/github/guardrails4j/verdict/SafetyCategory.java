package io.github.guardrails4j.verdict;

import io.github.guardrails4j.exception.ConfigurationException;
import java.util.Objects;

/**
 * One entry of a safety taxonomy: a code such as {@code S1} and its name such as {@code Violence}.
 * Immutable and thread safe.
 *
 * @param code the code, for example {@code S1}; never blank
 * @param name the name as the prompt lists it, for example {@code Violence}; never blank
 */
public record SafetyCategory(String code, String name) {
    /**
     * Validates the parts.
     *
     * @param code the code, for example {@code S1}; never blank
     * @param name the name as the prompt lists it, for example {@code Violence}; never blank
     * @throws ConfigurationException when a part is null or blank
     */
    public SafetyCategory {
        if (code == null || code.isBlank() || name == null || name.isBlank()) {
            throw new ConfigurationException(
                    "a safety category needs a code and a name, got code=" + code + " name=" + name);
        }
        Objects.requireNonNull(code);
    }

    @Override
    public String toString() {
        return code + ": " + name;
    }
}
