package io.github.guardrails4j.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the jar's Implementation-Version (the Maven version), or {@code dev} when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = GuardrailsCommand.class.getPackage().getImplementationVersion();
        return new String[] {"guardrails " + (v == null ? "dev" : v)};
    }
}
