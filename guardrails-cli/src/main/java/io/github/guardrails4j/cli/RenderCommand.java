package io.github.guardrails4j.cli;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.model.GuardRequest;
import io.github.guardrails4j.nemo.NemoConfig;
import io.github.guardrails4j.nemo.NemoFlow;
import io.github.guardrails4j.nemo.NemoGuardrails;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code guardrails render}: prints exactly the message content a content safety rail sends (UTF-8, byte for
 * byte, no newline added), or the SHA-256 of the template's fixed prefix. Needs no endpoint.
 */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = {
            "Print exactly the message content a content safety check sends: UTF-8, byte for byte, "
                    + "no trailing newline added.",
            "With --fingerprint, print the SHA-256 of the template's fixed prefix (the cacheable part) instead."
        },
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:printed", ExitCodes.HELP_1, ExitCodes.HELP_2})
final class RenderCommand implements Callable<Integer> {
    /** The rails whose prompt can be rendered. */
    enum RenderRail {
        CONTENT_SAFETY_INPUT("content-safety-input"),
        CONTENT_SAFETY_OUTPUT("content-safety-output");

        private final String railName;

        RenderRail(String railName) {
            this.railName = railName;
        }

        @Override
        public String toString() {
            return railName;
        }

        static RenderRail parse(String s) {
            for (RenderRail r : values()) {
                if (r.railName.equals(s)) {
                    return r;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "'" + s + "' is not a rail with a prompt; use content-safety-input or content-safety-output");
        }
    }

    @ParentCommand
    GuardrailsCommand parent;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--rail",
            required = true,
            paramLabel = "RAIL",
            converter = RailConverter.class,
            description = "Whose prompt: content-safety-input or content-safety-output.")
    RenderRail rail;

    @Option(names = "--text", paramLabel = "TEXT", description = "The user's message, inserted verbatim.")
    String text;

    @Option(
            names = "--response",
            paramLabel = "TEXT",
            description = "The LLM's answer, inserted verbatim (content-safety-output only).")
    String response;

    @Option(
            names = "--fingerprint",
            description = "Print the SHA-256 of the fixed prefix (64 hex digits and a newline) instead of the "
                    + "prompt. Default: ${DEFAULT-VALUE}.")
    boolean fingerprint;

    @Mixin
    NemoConfigOptions nemoConfig;

    @Override
    public Integer call() throws IOException {
        if (nemoConfig.given()) {
            return renderFromConfig();
        }
        PromptTemplate template = rail == RenderRail.CONTENT_SAFETY_INPUT
                ? NemoGuardPrompts.contentSafetyInput()
                : NemoGuardPrompts.contentSafetyOutput();
        if (fingerprint) {
            if (text != null || response != null) {
                throw usage("--fingerprint depends only on the template; drop --text and --response");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(template.prefixFingerprint() + "\n");
            out.flush();
            return ExitCodes.ALLOWED;
        }
        if (text == null) {
            throw usage("--text is required (or use --fingerprint)");
        }
        String rendered;
        if (rail == RenderRail.CONTENT_SAFETY_INPUT) {
            if (response != null) {
                throw usage("--response belongs to --rail content-safety-output; content-safety-input judges "
                        + "only the user's message");
            }
            rendered = template.render(Map.of(NemoGuardPrompts.USER_INPUT, text));
        } else {
            if (response == null) {
                throw usage("--rail content-safety-output needs --response (the LLM's answer)");
            }
            rendered =
                    template.render(Map.of(NemoGuardPrompts.USER_INPUT, text, NemoGuardPrompts.BOT_RESPONSE, response));
        }
        write(rendered);
        return ExitCodes.ALLOWED;
    }

    /** Renders the configuration's prompt of the rail, byte for byte as its rail sends it. */
    private int renderFromConfig() throws IOException {
        if (!fingerprint && text == null) {
            throw usage("--text is required (or use --fingerprint)");
        }
        if (rail == RenderRail.CONTENT_SAFETY_INPUT && response != null) {
            throw usage("--response belongs to --rail content-safety-output; content-safety-input judges only the "
                    + "user's message");
        }
        if (rail == RenderRail.CONTENT_SAFETY_OUTPUT && response == null && !fingerprint) {
            throw usage("--rail content-safety-output needs --response (the LLM's answer)");
        }
        Map<String, String> env = parent != null ? parent.env() : System.getenv();
        NemoConfig config;
        try {
            config = nemoConfig.loadForDryRun(env);
        } catch (ConfigurationException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.print("error: "
                    + CheckCommand.redactor(env.get(GuardSetup.ENV_API_KEY)).apply(e.getMessage()) + "\n");
            err.flush();
            return ExitCodes.USAGE;
        }
        try (NemoGuardrails nemo = config.open()) {
            List<Rail> rails = rail == RenderRail.CONTENT_SAFETY_INPUT
                    ? nemo.guardrails().inputRails()
                    : nemo.guardrails().outputRails();
            NimRail found = rails.stream()
                    .filter(r -> r.name().equals(rail.toString()) && r instanceof NimRail)
                    .map(r -> (NimRail) r)
                    .findFirst()
                    .orElseThrow(() -> usage("the configuration " + config.directory() + " has no " + rail
                            + " flow; its flows are "
                            + config.flows().stream().map(NemoFlow::flow).toList()));
            if (fingerprint) {
                if (text != null || response != null) {
                    throw usage("--fingerprint depends only on the template; drop --text and --response");
                }
                PrintWriter out = spec.commandLine().getOut();
                out.print(found.prefixFingerprint().orElse("") + "\n");
                out.flush();
                return ExitCodes.ALLOWED;
            }
            GuardRequest request =
                    found.request(response == null ? RailRequest.ofInput(text) : RailRequest.ofOutput(text, response));
            StringBuilder rendered = new StringBuilder();
            for (ChatMessage m : ((ChatRequest) request).messages()) {
                rendered.append(rendered.length() == 0 ? "" : "\n\n").append(m.content());
            }
            write(rendered.toString());
            return ExitCodes.ALLOWED;
        }
    }

    private void write(String rendered) throws IOException {
        OutputStream bytes = parent == null ? null : parent.byteOut();
        if (bytes == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(rendered);
            out.flush();
            return;
        }
        spec.commandLine().getOut().flush();
        bytes.write(rendered.getBytes(StandardCharsets.UTF_8));
        bytes.flush();
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Parses {@code --rail}. */
    static final class RailConverter implements CommandLine.ITypeConverter<RenderRail> {
        @Override
        public RenderRail convert(String value) {
            return RenderRail.parse(value);
        }
    }
}
