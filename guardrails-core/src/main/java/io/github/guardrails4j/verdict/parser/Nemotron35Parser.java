package io.github.guardrails4j.verdict.parser;

import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.VerdictParser;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses Nemotron 3.5 Content Safety's line format, for example
 * <pre>
 * User Safety: unsafe
 * Response Safety: safe
 * Safety Categories: Violence, Threat
 * </pre>
 *
 * <p>Source: the model card of {@code nvidia/nemotron-3.5-content-safety} (Nemotron 3 Content Safety family:
 * "User Safety" and "Response Safety" lines, an optional "Safety Categories" line when {@code /categories} is
 * requested, an optional {@code <think>} trace when reasoning is on) and NeMo Guardrails'
 * {@code nemotron_content_safety_parse_prompt_safety} / {@code ..._parse_response_safety}
 * ({@code nemoguardrails/llm/output_parsers.py}).
 *
 * <p><b>Rules (strict).</b>
 * <ul>
 *   <li>Empty or blank text: error. One leading {@code <think>...</think>} block is removed; an unterminated
 *       {@code <think>} or any further think tag is an error.</li>
 *   <li>Every remaining non-blank line must be {@code Key: value}, split at the first colon, white space around
 *       key and value ignored. Keys are matched <b>exactly, case-sensitive</b>: {@value #USER_SAFETY},
 *       {@value #RESPONSE_SAFETY}, {@value #SAFETY_CATEGORIES}. Any other line (prose, another key, other case
 *       such as {@code user safety}) is an error.</li>
 *   <li>Each key at most once; a repeated key (even with the same value) is an error. A verdict field stated
 *       twice with different values anywhere after the think block, even inside another line
 *       ({@code Response Safety: safe; Response Safety: unsafe}) and even the field this direction does not read,
 *       is a contradiction: an error.</li>
 *   <li>A value may carry one short parenthetical remark on its line (at most 80 characters, no nested
 *       parentheses, not naming {@code safe} or {@code unsafe}): {@code User Safety: safe (no assistant response
 *       present)} reads as {@code safe}.</li>
 *   <li>This parser's verdict field ({@value #USER_SAFETY} for input checks, {@value #RESPONSE_SAFETY} for output
 *       checks; never the other one) must be present; its value, stripped and compared ignoring case, must be
 *       {@code safe} (SAFE) or {@code unsafe} (UNSAFE), else error. The other verdict field is allowed once and
 *       not read.</li>
 *   <li>When unsafe, categories come from {@value #SAFETY_CATEGORIES}, split on commas, stripped, empties dropped;
 *       no such line means no categories. When safe the categories line is ignored (it may describe the other
 *       turn). The model writes one list for both turns, so an unsafe output verdict may carry categories the
 *       model found in the user turn.</li>
 * </ul>
 * <p>Immutable and thread safe.
 */
public final class Nemotron35Parser implements VerdictParser {
    /** Verdict field of the input check: {@value}. */
    public static final String USER_SAFETY = "User Safety";
    /** Verdict field of the output check: {@value}. */
    public static final String RESPONSE_SAFETY = "Response Safety";
    /** Category field: {@value}. */
    public static final String SAFETY_CATEGORIES = "Safety Categories";

    private static final List<String> KEYS = List.of(USER_SAFETY, RESPONSE_SAFETY, SAFETY_CATEGORIES);
    private static final List<String> VERDICT_FIELDS = List.of(USER_SAFETY, RESPONSE_SAFETY);
    private static final List<String> VERDICT_WORDS = List.of("safe", "unsafe");

    private final String verdictField;

    private Nemotron35Parser(String verdictField) {
        this.verdictField = verdictField;
    }

    /**
     * Returns the parser for input checks; it reads {@value #USER_SAFETY} only. Thread safe.
     *
     * @return the parser for input checks
     */
    public static Nemotron35Parser forUserSafety() {
        return new Nemotron35Parser(USER_SAFETY);
    }

    /**
     * Returns the parser for output checks; it reads {@value #RESPONSE_SAFETY} only, never {@value #USER_SAFETY}.
     * Thread safe.
     *
     * @return the parser for output checks
     */
    public static Nemotron35Parser forResponseSafety() {
        return new Nemotron35Parser(RESPONSE_SAFETY);
    }

    /**
     * Returns the field this parser reads.
     *
     * @return {@value #USER_SAFETY} or {@value #RESPONSE_SAFETY}
     */
    public String verdictField() {
        return verdictField;
    }

    /**
     * Reads the lines as described in the class documentation.
     *
     * @param modelOutput the model's text exactly as received
     * @return SAFE, or UNSAFE with the categories as written (possibly none)
     * @throws VerdictParseException when the text breaks a rule above; the message names the rule and the
     *     exception keeps the raw text
     */
    @Override
    public ParsedVerdict parse(String modelOutput) {
        String body = VerdictText.stripOneLeadingThinkBlock(VerdictText.requireText(modelOutput), modelOutput);
        VerdictFields.requireNoContradiction(body, VERDICT_FIELDS, true, modelOutput);
        Map<String, String> fields = VerdictText.keyValueLines(body, k -> KEYS.contains(k) ? k : null, modelOutput);
        String value = fields.get(verdictField);
        if (value == null) {
            throw new VerdictParseException(
                    "no '" + verdictField + ": safe|unsafe' line (keys are case-sensitive;"
                            + " an output check never reads the other verdict field)",
                    modelOutput);
        }
        String verdict = VerdictFields.withoutRemark(value, VERDICT_WORDS, verdictField, modelOutput)
                .toLowerCase(Locale.ROOT);
        if (verdict.equals("safe")) {
            return ParsedVerdict.safe();
        }
        if (!verdict.equals("unsafe")) {
            throw new VerdictParseException(
                    "'" + verdictField + "' must be 'safe' or 'unsafe', got " + VerdictText.quote(value), modelOutput);
        }
        String categories = fields.get(SAFETY_CATEGORIES);
        return ParsedVerdict.unsafe(categories == null ? List.of() : VerdictText.commaList(categories));
    }

    @Override
    public String toString() {
        return "Nemotron35Parser{field=" + verdictField + '}';
    }
}
