package io.github.guardrails4j.cli;

import io.github.guardrails4j.nemo.NemoConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --config DIR}: build the rails from a NeMo Guardrails configuration folder ({@code config.yml} and
 * {@code prompts.yml}) instead of the endpoint and model options (a picocli mixin of {@code check}, {@code bench},
 * {@code doctor} and {@code render}). {@code --nim-url}, {@code --rails} and the timeout and retry options still
 * apply on top of it; the options that name models, prompts or per-rail endpoints do not combine with it. Not
 * thread safe: filled by picocli, read once per execution.
 */
final class NemoConfigOptions {
    /** The options a configuration folder replaces: combining them with {@code --config} is a usage error. */
    static final List<String> REPLACED = List.of(
            "--content-safety-url",
            "--topic-control-url",
            "--jailbreak-url",
            "--content-safety-model",
            "--content-safety-format",
            "--topic-control-model",
            "--topic-guidelines");

    @Option(
            names = "--config",
            paramLabel = "DIR",
            description = "A NeMo Guardrails configuration folder (config.yml, prompts.yml): run the NemoGuard "
                    + "flows it lists, with its models, endpoints, API key variables and prompts. --nim-url sends "
                    + "every request to one URL instead; --rails picks some of its rails.")
    Path dir;

    @Option(
            names = "--config-lenient",
            description = "With --config: ignore what Guardrails4j does not support (Colang flows, other rail "
                    + "types, unknown keys) with a warning instead of failing. Default: ${DEFAULT-VALUE}.")
    boolean lenient;

    /** {@return true when --config was given} */
    boolean given() {
        return dir != null;
    }

    /**
     * Loads the folder.
     *
     * @param spec the command, for usage errors
     * @param nimUrl the explicit {@code --nim-url}, or null
     * @param env the environment the API key variables are read from
     * @return the configuration
     * @throws CommandLine.ParameterException when an option that the folder replaces is given too (exit 2)
     * @throws io.github.guardrails4j.exception.ConfigurationException naming every problem of the folder (exit 2)
     */
    NemoConfig load(CommandSpec spec, String nimUrl, Map<String, String> env) {
        return load(spec, nimUrl, env, true);
    }

    /**
     * Loads the folder.
     *
     * @param spec the command, for usage errors
     * @param nimUrl the explicit {@code --nim-url}, or null
     * @param env the environment the API key variables are read from
     * @param sends false for a dry run that sends nothing ({@code render}): a missing API key variable is no error
     * @return the configuration
     */
    NemoConfig load(CommandSpec spec, String nimUrl, Map<String, String> env, boolean sends) {
        List<String> clashing = new ArrayList<>();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String option : REPLACED) {
            if (parsed != null && parsed.hasMatchedOption(option)) {
                clashing.add(option);
            }
        }
        if (!clashing.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    String.join(", ", clashing) + " cannot be combined with --config: the configuration folder sets "
                            + "the models, prompts and endpoints; edit its config.yml/prompts.yml, or use --nim-url to "
                            + "send every request to one URL");
        }
        return NemoConfig.loader()
                .environment(env)
                .lenient(lenient)
                .baseUrlOverride(nimUrl)
                .requireApiKeys(sends)
                .load(dir);
    }
}
