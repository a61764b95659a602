package io.github.guardrails4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * Formats one input's outcome as a JSON line or a table row. Field order is fixed. Error messages pass through a
 * redactor so a secret can never reach the output. Thread safe.
 */
final class ResultFormatter {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final UnaryOperator<String> redact;

    /**
     * Sets redact.
     *
     * @param redact applied to every free-form message (error messages) before it is written
     */
    ResultFormatter(UnaryOperator<String> redact) {
        this.redact = redact;
    }

    /**
     * Sets message.
     *
     * @param message a free-form message (an error's)
     * @return the message with any secret replaced, ready to print
     */
    String redact(String message) {
        return redact.apply(message);
    }

    /**
     * One JSON object, on one line: {@code index}, {@code allowed}, {@code blockedBy} (rail name or null),
     * {@code latencyMs} (whole input), {@code rails} (one object per verdict: {@code rail}, {@code outcome},
     * {@code categories}, {@code latencyMs}, {@code promptTokens}, {@code cachedTokens}, {@code notes} (when there are any: {@code Verdict.notes()}), and {@code error}
     * with {@code reason} and {@code message} when the outcome is error). Unknown token counts are null.
     *
     * @param o the outcome
     * @return the line, without a line terminator
     */
    String jsonLine(CheckOutcome o) {
        try {
            return JSON.writeValueAsString(node(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree of strings and numbers", e);
        }
    }

    /**
     * The object of {@link #jsonLine(CheckOutcome)}, for callers that add fields.
     *
     * @param o the outcome
     * @return a new, mutable node
     */
    ObjectNode node(CheckOutcome o) {
        ObjectNode root = JSON.createObjectNode();
        root.put("index", o.index());
        root.put("allowed", o.allowed());
        root.put("blockedBy", o.decidingVerdict().map(Verdict::rail).orElse(null));
        root.put("latencyMs", o.latencyMs());
        ArrayNode rails = root.putArray("rails");
        for (Verdict v : o.verdicts()) {
            ObjectNode r = rails.addObject();
            r.put("rail", v.rail());
            r.put("outcome", v.outcome().name().toLowerCase(Locale.ROOT));
            ArrayNode cats = r.putArray("categories");
            v.categories().forEach(cats::add);
            r.put("latencyMs", v.latencyMs());
            r.put("promptTokens", v.usage().map(TokenUsage::promptTokens).orElse(null));
            OptionalInt cached = v.usage().map(TokenUsage::cachedPromptTokens).orElse(OptionalInt.empty());
            r.put("cachedTokens", cached.isPresent() ? Integer.valueOf(cached.getAsInt()) : null);
            if (!v.notes().isEmpty()) {
                ArrayNode notes = r.putArray("notes");
                v.notes().forEach(notes::add);
            }
            if (v.outcome() == Outcome.ERROR) {
                ObjectNode e = r.putObject("error");
                e.put(
                        "reason",
                        v.errorReason()
                                .map(x -> x.name().toLowerCase(Locale.ROOT))
                                .orElse("internal"));
                e.put(
                        "message",
                        redact.apply(
                                v.error().map(GuardrailsException::getMessage).orElse("")));
            }
        }
        return root;
    }

    /** {@return the header of {@link #tableRow(CheckOutcome)}} */
    static String tableHeader() {
        return String.format(
                Locale.ROOT,
                "%5s  %-7s  %-21s  %-34s  %8s  %s",
                "INDEX",
                "RESULT",
                "RAIL",
                "CATEGORIES",
                "LATENCY",
                "PROMPT");
    }

    /**
     * One table row: index, ALLOWED or BLOCKED, the deciding rail, its categories (or {@code error:REASON}), the
     * whole input's latency and the start of the prompt (60 code points at most). Categories come from the model
     * and the prompt from the user: both are printed through {@link TerminalText#escape(String)}.
     *
     * @param o the outcome
     * @return the row, without a line terminator
     */
    String tableRow(CheckOutcome o) {
        String rail = o.decidingVerdict().map(Verdict::rail).orElse("-");
        String categories = o.decidingVerdict()
                .map(v -> v.outcome() == Outcome.ERROR
                        ? "error:"
                                + v.errorReason()
                                        .map(r -> r.name().toLowerCase(Locale.ROOT))
                                        .orElse("internal")
                        : (v.categories().isEmpty() ? "-" : TerminalText.escape(String.join(", ", v.categories()))))
                .orElse("-");
        return String.format(
                Locale.ROOT,
                "%5d  %-7s  %-21s  %-34s  %5d ms  %s",
                o.index(),
                o.allowed() ? "ALLOWED" : "BLOCKED",
                rail,
                categories,
                o.latencyMs(),
                preview(o.input().prompt()));
    }

    private static String preview(String prompt) {
        String oneLine = prompt.replaceAll("\\s+", " ").strip();
        if (oneLine.codePointCount(0, oneLine.length()) > 60) {
            oneLine = oneLine.substring(0, oneLine.offsetByCodePoints(0, 57)) + "...";
        }
        return TerminalText.escape(oneLine);
    }
}
