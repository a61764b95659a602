package io.github.guardrails4j.verdict.parser;

import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.VerdictParser;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses Nemotron Content Safety Reasoning 4B, for example
 * <pre>
 * &lt;think&gt;
 * ...reasoning...
 * &lt;/think&gt;
 * Prompt harm: harmful
 * Response Harm: unharmful
 * </pre>
 *
 * <p>Source: the model card of {@code nvidia/Nemotron-Content-Safety-Reasoning-4B} ("Prompt harm:
 * harmful/unharmful", "Response Harm: harmful/unharmful", optionally after a {@code <think>} trace; the card writes
 * {@code harm} and {@code Harm}) and NeMo Guardrails' {@code nemotron_reasoning_parse_prompt_safety} /
 * {@code ..._parse_response_safety} ({@code nemoguardrails/llm/output_parsers.py}).
 *
 * <p><b>Rules (strict).</b>
 * <ul>
 *   <li>Empty or blank text: error. One leading {@code <think>...</think>} block is removed; an unterminated
 *       {@code <think>} (a trace cut off by {@code max_tokens}) or any further think tag is an error.</li>
 *   <li>Every remaining non-blank line must be {@code Key: value}, split at the first colon. Keys are
 *       {@value #PROMPT_HARM} and {@value #RESPONSE_HARM}, matched <b>ignoring case</b> (the model card itself
 *       mixes {@code harm} and {@code Harm}). Any other line is an error. Each key at most once; a field stated
 *       twice with different values anywhere after the think block (even inside another line, even the field
 *       this direction does not read) is a contradiction: an error.</li>
 *   <li>A value may carry one short parenthetical remark on its line (at most 80 characters, not naming
 *       {@code harmful} or {@code unharmful}).</li>
 *   <li>This parser's field ({@value #PROMPT_HARM} for input checks, {@value #RESPONSE_HARM} for output checks)
 *       must be present; its value, stripped and compared ignoring case, must be {@code harmful} (UNSAFE) or
 *       {@code unharmful} (SAFE), else error. The other field is allowed once and not read (the model may write a
 *       placeholder for a turn it was not given).</li>
 *   <li>No categories: the format has none.</li>
 * </ul>
 * <p>Immutable and thread safe.
 */
public final class NemotronReasoningParser implements VerdictParser {
    /** Verdict field of the input check: {@value}. */
    public static final String PROMPT_HARM = "Prompt harm";
    /** Verdict field of the output check: {@value}. */
    public static final String RESPONSE_HARM = "Response Harm";

    private final String verdictField;

    private NemotronReasoningParser(String verdictField) {
        this.verdictField = verdictField;
    }

    /**
     * Returns the parser for input checks; it reads {@value #PROMPT_HARM}. Thread safe.
     *
     * @return the parser for input checks
     */
    public static NemotronReasoningParser forPrompt() {
        return new NemotronReasoningParser(PROMPT_HARM);
    }

    /**
     * Returns the parser for output checks; it reads {@value #RESPONSE_HARM}, never {@value #PROMPT_HARM}.
     * Thread safe.
     *
     * @return the parser for output checks
     */
    public static NemotronReasoningParser forResponse() {
        return new NemotronReasoningParser(RESPONSE_HARM);
    }

    /**
     * Returns the field this parser reads.
     *
     * @return {@value #PROMPT_HARM} or {@value #RESPONSE_HARM}
     */
    public String verdictField() {
        return verdictField;
    }

    /**
     * Reads the lines as described in the class documentation.
     *
     * @param modelOutput the model's text exactly as received
     * @return SAFE for unharmful, UNSAFE (no categories) for harmful
     * @throws VerdictParseException when the text breaks a rule above; the message names the rule and the
     *     exception keeps the raw text
     */
    @Override
    public ParsedVerdict parse(String modelOutput) {
        String body = VerdictText.stripOneLeadingThinkBlock(VerdictText.requireText(modelOutput), modelOutput);
        VerdictFields.requireNoContradiction(body, List.of(PROMPT_HARM, RESPONSE_HARM), true, modelOutput);
        Map<String, String> fields = VerdictText.keyValueLines(body, NemotronReasoningParser::canonical, modelOutput);
        String value = fields.get(verdictField);
        if (value == null) {
            throw new VerdictParseException(
                    "no '" + verdictField + ": harmful|unharmful' line (an output check "
                            + "never reads the other field)",
                    modelOutput);
        }
        switch (VerdictFields.withoutRemark(value, List.of("harmful", "unharmful"), verdictField, modelOutput)
                .toLowerCase(Locale.ROOT)) {
            case "unharmful":
                return ParsedVerdict.safe();
            case "harmful":
                return ParsedVerdict.unsafe(List.of());
            default:
                throw new VerdictParseException(
                        "'" + verdictField + "' must be 'harmful' or 'unharmful', got " + VerdictText.quote(value),
                        modelOutput);
        }
    }

    private static String canonical(String key) {
        if (key.equalsIgnoreCase(PROMPT_HARM)) {
            return PROMPT_HARM;
        }
        return key.equalsIgnoreCase(RESPONSE_HARM) ? RESPONSE_HARM : null;
    }

    @Override
    public String toString() {
        return "NemotronReasoningParser{field=" + verdictField + '}';
    }
}
