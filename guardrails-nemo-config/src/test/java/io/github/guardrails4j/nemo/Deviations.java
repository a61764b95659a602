package io.github.guardrails4j.nemo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Where Guardrails4j's request bytes deliberately differ from what NeMo Guardrails sends, each named, applied to a
 * golden body to give the bytes Guardrails4j must send (docs/nemo-config.md lists the same deviations). Everything
 * else, messages first, must be identical.
 */
final class Deviations {
    /** NeMo writes 1e-20 (Python's float repr); Guardrails4j's JSON writer 1.0E-20: the same number. */
    static final String TEMPERATURE_LITERAL = "\"temperature\":1e-20";
    /** Topic control: NeMo sends no max_tokens (generation unbounded); Guardrails4j caps it at 10. */
    static final String TOPIC_MAX_TOKENS = ",\"max_tokens\":10";

    /**
     * Special tokens: NeMo sends a Llama 3 control token in user text verbatim ({@code <|eot_id|>}), which lets a user
     * close their own turn; Guardrails4j neutralises it with a zero-width space after {@code <} (issue 11 item 5,
     * docs/security.md), so the guard reads the same words and no tokenizer reads structure.
     */
    static final String CONTROL_TOKEN_OPEN = "<|";

    private Deviations() {}

    static String expectedBody(Goldens.Request golden) {
        JsonNode body = golden.body();
        if (golden.path().endsWith("nemoguard-jailbreak-detect")) {
            // Jailbreak: NeMo's aiohttp writes {"input": "..."} with a space and \\uXXXX escapes; Guardrails4j
            // writes compact JSON with raw UTF-8: the same JSON value.
            return "{\"input\":" + quoted(body.get("input").asText()) + "}";
        }
        String raw = golden.bodyRaw()
                .replace(TEMPERATURE_LITERAL, "\"temperature\":1.0E-20")
                .replace(CONTROL_TOKEN_OPEN, "<\u200B|");
        if (body.get("model").asText().contains("topic-control") && !body.has("max_tokens")) {
            raw = raw.substring(0, raw.length() - 1) + TOPIC_MAX_TOKENS + "}";
        }
        if (body.has("top_p")) {
            // Key order: NeMo sends top_p before max_tokens; Guardrails4j sends the standard fields
            // (model, messages, temperature, max_tokens) first, then the model's extra fields.
            String topP = ",\"top_p\":" + body.get("top_p").toString();
            raw = raw.replace(topP, "");
            raw = raw.substring(0, raw.length() - 1) + topP + "}";
        }
        return raw;
    }

    private static String quoted(String s) {
        return TextNode.valueOf(s).toString();
    }
}
