package io.github.guardrails4j.cli;

import io.github.guardrails4j.nemo.FlowKind;
import io.github.guardrails4j.nemo.NemoConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --config DIR}: build the rails from a NeMo Guardrails configuration folder ({@code config.yml} and
 * {@code prompts.yml}) (a picocli mixin of {@code check}, {@code bench}, {@code bench-long}, {@code doctor} and
 * {@code render}). The command's own options win over the folder: each rail's endpoint is resolved as without
 * {@code --config} (its own option, its own variable, {@code --nim-url}, {@code GUARDRAILS_NIM_URL}) and the
 * folder's endpoint is the fallback where the embedded simulator would be; an explicit {@code --content-safety-model},
 * {@code --topic-control-model}, {@code --jailbreak-model} or {@code --topic-guidelines} replaces the folder's model
 * id or topic guidelines. {@code --content-safety-format} does not combine with it (the folder's prompt and
 * {@code output_parser} decide the format). Not thread safe: filled by picocli, read once per execution.
 */
final class NemoConfigOptions {
    /** The options that cannot combine with {@code --config}, each with the reason. */
    static final Map<String, String> REFUSED = Map.of(
            "--content-safety-format",
            "the configuration's content safety prompt and its output_parser decide how the model's answer is "
                    + "read; change output_parser in prompts.yml instead");

    @Option(
            names = "--config",
            paramLabel = "DIR",
            description = "A NeMo Guardrails configuration folder (config.yml, prompts.yml): run the NemoGuard "
                    + "flows it lists, with its models, endpoints, API key variables and prompts. The other options "
                    + "win over it: the URL options and variables (per rail, then --nim-url / GUARDRAILS_NIM_URL) "
                    + "replace its endpoints, --content-safety-model, --topic-control-model, --jailbreak-model and "
                    + "--topic-guidelines its model ids and topic guidelines, --rails picks some of its rails.")
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
     * Loads the folder for a dry run that sends nothing ({@code render}): no endpoint override, and a missing API
     * key variable is no error.
     *
     * @param env the environment the API key variables are read from
     * @return the configuration
     * @throws io.github.guardrails4j.exception.ConfigurationException naming every problem of the folder (exit 2)
     */
    NemoConfig loadForDryRun(Map<String, String> env) {
        return NemoConfig.loader()
                .environment(env)
                .lenient(lenient)
                .requireApiKeys(false)
                .load(dir);
    }

    /**
     * Loads the folder with the command's options on top of it.
     *
     * @param spec the command, for usage errors and to tell explicit options from defaults
     * @param s the endpoint options; only explicitly given model options replace the folder's model ids
     * @param nimUrl the base URL of every endpoint ({@code --nim-url}, else {@code GUARDRAILS_NIM_URL}), or null
     * @param railUrls the base URL of a rail's endpoints (its option, else its variable), when set
     * @param env the environment the API key variables are read from
     * @return the configuration
     * @throws CommandLine.ParameterException when an option that cannot combine with a folder is given (exit 2)
     * @throws io.github.guardrails4j.exception.ConfigurationException naming every problem of the folder (exit 2)
     */
    NemoConfig load(
            CommandSpec spec,
            GuardSetup.Settings s,
            String nimUrl,
            Map<RailName, String> railUrls,
            Map<String, String> env) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        List<String> clashing = new ArrayList<>();
        for (Map.Entry<String, String> refused : new TreeMap<>(REFUSED).entrySet()) {
            if (explicit(parsed, refused.getKey())) {
                clashing.add(refused.getKey() + " cannot be combined with --config: " + refused.getValue());
            }
        }
        if (!clashing.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.join("; ", clashing));
        }
        NemoConfig.Loader loader = NemoConfig.loader()
                .environment(env)
                .lenient(lenient)
                .baseUrlOverride(nimUrl)
                .topicGuidelinesOverride(s.topicGuidelines());
        railUrls.forEach((rail, url) -> loader.baseUrlOverride(kind(rail), url));
        if (explicit(parsed, "--content-safety-model")) {
            loader.modelOverride(FlowKind.CONTENT_SAFETY, s.contentSafetyModel());
        }
        if (explicit(parsed, "--topic-control-model")) {
            loader.modelOverride(FlowKind.TOPIC_SAFETY, s.topicControlModel());
        }
        if (explicit(parsed, "--jailbreak-model")) {
            loader.modelOverride(FlowKind.JAILBREAK_DETECTION, s.jailbreakModel());
        }
        return loader.load(dir);
    }

    private static boolean explicit(CommandLine.ParseResult parsed, String option) {
        return parsed != null && parsed.hasMatchedOption(option);
    }

    /** {@return the kind of NeMo flow a {@code --rails} entry runs} */
    static FlowKind kind(RailName rail) {
        return switch (rail) {
            case CONTENT_SAFETY -> FlowKind.CONTENT_SAFETY;
            case TOPIC_CONTROL -> FlowKind.TOPIC_SAFETY;
            case JAILBREAK_DETECTION -> FlowKind.JAILBREAK_DETECTION;
        };
    }
}
