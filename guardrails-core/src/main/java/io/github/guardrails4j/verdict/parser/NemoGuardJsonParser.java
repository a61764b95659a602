package io.github.guardrails4j.verdict.parser;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.VerdictParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the JSON verdict of Llama 3.1 NemoGuard 8B ContentSafety and Llama 3.1 Nemotron Safety Guard 8B v3,
 * for example {@code {"User Safety": "unsafe", "Safety Categories": "Violence, Criminal Planning/Confessions"}}.
 *
 * <p>Source: the model card's output format
 * (<a href="https://huggingface.co/nvidia/llama-3.1-nemoguard-8b-content-safety">Llama 3.1 NemoGuard 8B
 * ContentSafety</a>) and the prompt's own instruction (NVIDIA-NeMo/Guardrails
 * {@code examples/configs/content_safety/prompts.yml} at commit 13739de09bdd7593c72b2f7b47bc8f03da649503, task
 * {@code content_safety_check_input}, bundled as the resource {@code content_safety_input.txt}); parser semantics
 * of NeMo Guardrails' {@code nemoguard_parse_prompt_safety} / {@code nemoguard_parse_response_safety}
 * ({@code nemoguardrails/llm/output_parsers.py}, same commit).
 *
 * <p><b>Rules (strict mode, the default, matches NeMo).</b>
 * <ul>
 *   <li>The whole text, white space around it aside, must be one JSON object. Code fences, prose around it,
 *       truncated JSON, a second value after it, or a repeated key: error. <em>Deviation from NeMo</em>: Python's
 *       {@code json.loads} keeps the last of repeated keys; we refuse to pick one.</li>
 *   <li>The verdict key is exact ({@code "User Safety"} for input checks, {@code "Response Safety"} for output
 *       checks; an output check never reads {@code "User Safety"}). Missing, other case, or not a string: error.</li>
 *   <li>A verdict key stated twice with different values anywhere in the text (in lenient mode also in the text
 *       around the object, as {@code "Response Safety": "unsafe"} or {@code Response Safety: unsafe}), even the
 *       key this direction does not read, is a contradiction: an error.</li>
 *   <li>The value lower-cased (locale-independent) equal to {@code safe} is safe; any other string is unsafe
 *       (NeMo's rule: only an exact "safe" passes). The value is <em>not</em> stripped, as in NeMo, so
 *       {@code " safe"} and {@code "safe."} are unsafe: an unclear string blocks.</li>
 *   <li>Categories, read only when unsafe: {@code "Safety Categories"}, else {@code "Violated Categories"} (the key
 *       NeMo's own docstring names). A string is split on commas and trimmed, empties dropped. <em>Deviation from
 *       NeMo</em>: a JSON array of strings is read as the list (NeMo raises an error); any other shape, or no key,
 *       leaves the list empty. The category list never changes the outcome.</li>
 * </ul>
 * <p><b>Lenient mode (opt-in).</b> Also accepts text that contains exactly one JSON object, for example inside a
 * code fence or a sentence. Two objects, none, or a stray brace outside the one object (a broken or truncated
 * object around it) stay errors. Every other rule above still applies to the object found.
 *
 * <p>Immutable and thread safe.
 */
public final class NemoGuardJsonParser implements VerdictParser {
    /** Verdict key of the input check: {@value}. */
    public static final String USER_SAFETY = "User Safety";
    /** Verdict key of the output check: {@value}. */
    public static final String RESPONSE_SAFETY = "Response Safety";
    /** Category key written by the models: {@value}. */
    public static final String SAFETY_CATEGORIES = "Safety Categories";
    /** Alternative category key, read when {@link #SAFETY_CATEGORIES} is absent: {@value}. */
    public static final String VIOLATED_CATEGORIES = "Violated Categories";

    private static final List<String> VERDICT_KEYS = List.of(USER_SAFETY, RESPONSE_SAFETY);

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    /** Lenient mode reads an object embedded in text, so text after it must not fail the read. */
    private static final ObjectReader EMBEDDED =
            STRICT.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String verdictKey;
    private final boolean lenient;

    private NemoGuardJsonParser(String verdictKey, boolean lenient) {
        this.verdictKey = verdictKey;
        this.lenient = lenient;
    }

    /**
     * Returns the strict parser for input checks. Thread safe.
     *
     * @return the strict parser for input checks (reads {@value #USER_SAFETY})
     */
    public static NemoGuardJsonParser forUserSafety() {
        return new NemoGuardJsonParser(USER_SAFETY, false);
    }

    /**
     * Returns the strict parser for output checks. Thread safe.
     *
     * @return the strict parser for output checks (reads {@value #RESPONSE_SAFETY} only)
     */
    public static NemoGuardJsonParser forResponseSafety() {
        return new NemoGuardJsonParser(RESPONSE_SAFETY, false);
    }

    /** {@return a copy that also accepts exactly one JSON object inside other text} */
    public NemoGuardJsonParser lenient() {
        return new NemoGuardJsonParser(verdictKey, true);
    }

    /** {@return the verdict key this parser reads} */
    public String verdictKey() {
        return verdictKey;
    }

    /** {@return true when the lenient mode is on} */
    public boolean isLenient() {
        return lenient;
    }

    /**
     * Reads the JSON verdict as described in the class documentation.
     *
     * @param modelOutput the model's text exactly as received
     * @return SAFE, or UNSAFE with the categories as written (possibly none)
     * @throws VerdictParseException when the text breaks a rule above; the message names the rule and the
     *     exception keeps the raw text (and the JSON parser's failure as its cause, in strict mode)
     */
    @Override
    public ParsedVerdict parse(String modelOutput) {
        JsonNode root = readObject(modelOutput);
        VerdictFields.requireNoContradiction(modelOutput, VERDICT_KEYS, false, modelOutput);
        JsonNode value = root.get(verdictKey);
        if (value == null) {
            throw new VerdictParseException(
                    "the verdict has no \"" + verdictKey + "\" key (keys are case-sensitive)", modelOutput);
        }
        if (!value.isTextual()) {
            throw new VerdictParseException(
                    "\"" + verdictKey + "\" must be a string, got " + value.getNodeType(), modelOutput);
        }
        if (value.textValue().toLowerCase(Locale.ROOT).equals("safe")) {
            return ParsedVerdict.safe();
        }
        JsonNode categories = root.has(SAFETY_CATEGORIES) ? root.get(SAFETY_CATEGORIES) : root.get(VIOLATED_CATEGORIES);
        return ParsedVerdict.unsafe(categories(categories));
    }

    private JsonNode readObject(String text) {
        if (text == null || text.isBlank()) {
            throw new VerdictParseException("the model returned no text", text == null ? "" : text);
        }
        try {
            return object(STRICT.readTree(text), text);
        } catch (JsonProcessingException strictFailure) {
            if (!lenient) {
                throw new VerdictParseException(
                        ErrorReason.UNPARSEABLE_OUTPUT,
                        "not a single JSON object (strict " + "mode; code fences and prose are rejected): "
                                + oneLine(strictFailure.getOriginalMessage()),
                        text,
                        strictFailure);
            }
            return object(extractSingleObject(text), text);
        }
    }

    private static JsonNode object(JsonNode node, String text) {
        if (node == null || !node.isObject()) {
            throw new VerdictParseException(
                    "the verdict must be a JSON object, got " + (node == null ? "nothing" : node.getNodeType()), text);
        }
        return node;
    }

    /**
     * Lenient mode: finds exactly one top-level {...} that parses as JSON in surrounding text, and requires that no
     * brace is left outside it (so the inner object of a broken or truncated outer object is never taken).
     */
    private static JsonNode extractSingleObject(String text) {
        List<Found> found = new ArrayList<>();
        int i = text.indexOf('{');
        while (i >= 0) {
            Found f = objectAt(text, i);
            if (f != null) {
                found.add(f);
            }
            i = text.indexOf('{', f != null ? f.end() : i + 1);
        }
        if (found.size() != 1) {
            throw new VerdictParseException(
                    "lenient mode needs exactly one JSON object in the text, found " + found.size(), text);
        }
        Found only = found.get(0);
        String outside = text.substring(0, only.start()) + text.substring(only.end());
        if (outside.indexOf('{') >= 0 || outside.indexOf('}') >= 0) {
            throw new VerdictParseException(
                    "lenient mode found one JSON object but also a stray '{' or '}' outside "
                            + "it (a broken or truncated object); refusing to guess",
                    text);
        }
        return only.node();
    }

    private record Found(JsonNode node, int start, int end) {}

    private static Found objectAt(String text, int start) {
        try (JsonParser p = STRICT.getFactory().createParser(text.substring(start))) {
            JsonNode node = EMBEDDED.readTree(p);
            return node != null && node.isObject()
                    ? new Found(node, start, start + (int) p.currentLocation().getCharOffset())
                    : null;
        } catch (IOException notJsonHere) {
            return null; // no JSON object starts at this brace: the caller tries the next one
        }
    }

    private static List<String> categories(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node.isTextual()) {
            for (String part : node.textValue().split(",", -1)) {
                String c = part.strip();
                if (!c.isEmpty()) {
                    out.add(c);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.isTextual() && !element.textValue().isBlank()) {
                    out.add(element.textValue().strip());
                }
            }
        }
        return out;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ");
    }

    @Override
    public String toString() {
        return "NemoGuardJsonParser{key=" + verdictKey + (lenient ? ", lenient" : "") + '}';
    }
}
