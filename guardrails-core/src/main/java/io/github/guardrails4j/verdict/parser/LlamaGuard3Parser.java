package io.github.guardrails4j.verdict.parser;

import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.VerdictParser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Meta Llama Guard 3's line format: {@code safe}, or {@code unsafe} then a line of codes ({@code S1,S10}).
 *
 * <p>Source: Meta's Llama Guard 3 model card ({@code meta-llama/Llama-Guard-3-8B},
 * <a href="https://huggingface.co/meta-llama/Llama-Guard-3-8B">Hugging Face</a>: "First line must read 'safe' or
 * 'unsafe'. If unsafe, a second line must include a comma-separated list of violated categories.") and Meta's
 * reference prompt ({@code PROMPT_TEMPLATE_3} of meta-llama/llama-recipes
 * {@code src/llama_recipes/inference/prompt_format_utils.py} at commit 52a85e156444e2ae5b18d2555e083c57fea3486d,
 * bundled rendered as the resource {@code llama_guard_3_input.txt}, sha256 {@code da51a516...}), which lists the
 * 14 codes S1..S14 ({@link io.github.guardrails4j.verdict.Taxonomy#LLAMA_GUARD_3}). NeMo Guardrails ships no Llama
 * Guard 3 parser.
 *
 * <p><b>Rules.</b> Lines are split on LF (a CR before it is dropped); each line is stripped of surrounding white
 * space; blank lines are dropped. Then:
 * <ul>
 *   <li>No line: error.</li>
 *   <li>The first line must be exactly {@code safe} or {@code unsafe}, <b>case-sensitive</b> (the model writes
 *       lower case; {@code Safe}, {@code UNSAFE}, {@code Not safe.} and {@code safe unsafe} are errors).</li>
 *   <li>The first line may carry one short parenthetical remark (at most 80 characters, not naming {@code safe}
 *       or {@code unsafe}): {@code safe (no response given)} reads as {@code safe}.</li>
 *   <li>{@code safe} must be the only line: {@code safe\nS1} is an error.</li>
 *   <li>{@code unsafe} alone: UNSAFE without categories. {@code unsafe} plus one line: that line is a
 *       comma-separated list of codes, spaces allowed around each; each code is {@code S} followed by 1..14 without
 *       leading zero ({@code S1}..{@code S14}, upper-case S); an empty entry ({@code S1,,S2}), another code, or a
 *       name instead of a code is an error. More than two lines: error.</li>
 *   <li>Categories are the codes as written, in order (duplicates kept); map them with
 *       {@link io.github.guardrails4j.verdict.Taxonomy#LLAMA_GUARD_3}.</li>
 * </ul>
 * <p>Immutable and thread safe.
 */
public final class LlamaGuard3Parser implements VerdictParser {
    /** The highest category code of Llama Guard 3 ({@code S14}, Code Interpreter Abuse): {@value}. */
    public static final int MAX_CODE = 14;

    private static final Pattern CODE = Pattern.compile("S([1-9][0-9]?)");

    private LlamaGuard3Parser() {}

    /**
     * Returns the parser; it reads both input (User) and output (Agent) checks, whose answers share one format.
     * Stateless: one instance may be shared by any number of threads.
     *
     * @return the parser
     */
    public static LlamaGuard3Parser create() {
        return new LlamaGuard3Parser();
    }

    /**
     * Reads the answer as described in the class documentation.
     *
     * @param modelOutput the model's text exactly as received
     * @return SAFE, or UNSAFE with the codes as written (possibly none)
     * @throws VerdictParseException when the text breaks a rule above; the message names the rule and the
     *     exception keeps the raw text
     */
    @Override
    public ParsedVerdict parse(String modelOutput) {
        List<String> lines = VerdictText.nonBlankLines(VerdictText.requireText(modelOutput));
        String first = VerdictFields.withoutRemark(lines.get(0), List.of("safe", "unsafe"), "first line", modelOutput);
        if (first.equals("safe")) {
            if (lines.size() > 1) {
                throw new VerdictParseException(
                        "'safe' must be the only line, but it is followed by " + VerdictText.quote(lines.get(1)),
                        modelOutput);
            }
            return ParsedVerdict.safe();
        }
        if (!first.equals("unsafe")) {
            throw new VerdictParseException(
                    "the first line must be exactly 'safe' or 'unsafe' (lower case), got " + VerdictText.quote(first),
                    modelOutput);
        }
        if (lines.size() == 1) {
            return ParsedVerdict.unsafe(List.of());
        }
        if (lines.size() > 2) {
            throw new VerdictParseException(
                    "'unsafe' may be followed by one line of codes only, got " + (lines.size() - 1) + " lines",
                    modelOutput);
        }
        return ParsedVerdict.unsafe(codes(lines.get(1), modelOutput));
    }

    private static List<String> codes(String line, String raw) {
        List<String> codes = new ArrayList<>();
        for (String part : line.split(",", -1)) {
            String code = part.strip();
            Matcher m = CODE.matcher(code);
            if (!m.matches() || Integer.parseInt(m.group(1)) > MAX_CODE) {
                throw new VerdictParseException(
                        "the line after 'unsafe' must be comma-separated codes S1..S" + MAX_CODE + ", got "
                                + VerdictText.quote(code) + " in " + VerdictText.quote(line),
                        raw);
            }
            codes.add(code);
        }
        return codes;
    }

    @Override
    public String toString() {
        return "LlamaGuard3Parser";
    }
}
