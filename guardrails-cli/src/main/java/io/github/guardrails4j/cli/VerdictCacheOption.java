package io.github.guardrails4j.cli;

import io.github.guardrails4j.nim.VerdictCache;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --verdict-cache SIZE} of {@code check} and {@code bench}: one {@link VerdictCache} shared by every rail. */
final class VerdictCacheOption {
    /** Largest --verdict-cache: {@value}. */
    static final long MAX_SIZE = 10_000_000;

    @Option(
            names = "--verdict-cache",
            paramLabel = "SIZE",
            description = "Answer identical checks from a verdict cache of at most SIZE verdicts (1.." + MAX_SIZE
                    + "), shared by every rail, kept 10 minutes; concurrent identical checks share one guard call. "
                    + "Default: no cache.")
    Long size;

    /**
     * The cache the option asks for.
     *
     * @param spec the command, for usage errors
     * @return the cache, or null without the option
     * @throws CommandLine.ParameterException when SIZE is out of range
     */
    VerdictCache cache(CommandSpec spec) {
        if (size == null) {
            return null;
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--verdict-cache must be 1.." + MAX_SIZE + " verdicts, got " + size);
        }
        return VerdictCache.builder().maximumSize(size).build();
    }
}
