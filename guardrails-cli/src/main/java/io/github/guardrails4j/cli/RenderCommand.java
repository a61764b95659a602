package io.github.guardrails4j.cli;

import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.prompt.PromptTemplate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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

    @Override
    public Integer call() throws IOException {
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
