package io.github.guardrails4j.nemo.internal;

import io.github.guardrails4j.exception.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/**
 * What is wrong with, or not supported in, a NeMo configuration, collected while it is read so that one
 * {@link ConfigurationException} lists everything at once. Errors always fail; unsupported settings fail unless
 * the load is lenient, in which case they become warnings listing what is ignored. Not thread safe (one load).
 */
public final class Problems {
    private final String directory;
    private final boolean lenient;
    private final List<String> errors = new ArrayList<>();
    private final List<String> unsupported = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /**
     * Creates an empty collection.
     *
     * @param directory the configuration folder, as messages name it
     * @param lenient whether unsupported settings are ignored with a warning instead of failing
     */
    public Problems(String directory, boolean lenient) {
        this.directory = directory;
        this.lenient = lenient;
    }

    /**
     * Records a mistake in the configuration (always fails).
     *
     * @param message where and what, never a secret
     */
    public void error(String message) {
        if (!errors.contains(message)) {
            errors.add(message);
        }
    }

    /**
     * Records a setting Guardrails4j does not support (fails unless lenient; then ignored with a warning).
     *
     * @param message where and what, never a secret
     */
    public void unsupported(String message) {
        if (lenient) {
            warn("ignored: " + message);
        } else if (!unsupported.contains(message)) {
            unsupported.add(message);
        }
    }

    /**
     * Records something read but not used, or used differently from NeMo.
     *
     * @param message where and what, never a secret
     */
    public void warn(String message) {
        if (!warnings.contains(message)) {
            warnings.add(message);
        }
    }

    /** {@return true when a rail built from this configuration would be wrong} */
    public boolean failed() {
        return !errors.isEmpty() || !unsupported.isEmpty();
    }

    /** {@return the warnings so far} */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * Throws when anything failed.
     *
     * @throws ConfigurationException listing every error and every unsupported setting, each on its own line
     */
    public void throwIfFailed() {
        if (!failed()) {
            return;
        }
        StringBuilder m = new StringBuilder("the NeMo Guardrails configuration in " + directory + " cannot be used:");
        for (String e : errors) {
            m.append("\n  - ").append(e);
        }
        if (!unsupported.isEmpty()) {
            m.append(errors.isEmpty() ? "" : "\n ")
                    .append(" it uses what Guardrails4j does not support (load it leniently to ignore these with "
                            + "a warning; see docs/nemo-config.md):");
            for (String u : unsupported) {
                m.append("\n  - ").append(u);
            }
        }
        throw new ConfigurationException(m.toString());
    }
}
