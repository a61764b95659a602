package io.github.guardrails4j.verdict.parser;

import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.VerdictParser;
import java.util.List;
import java.util.Locale;

/**
 * Parses Llama 3.1 NemoGuard 8B TopicControl's answer: {@code on-topic} (safe) or {@code off-topic} (unsafe).
 *
 * <p>Source: the model card of {@code nvidia/llama-3.1-nemoguard-8b-topic-control}
 * (<a href="https://huggingface.co/nvidia/llama-3.1-nemoguard-8b-topic-control">Hugging Face</a>) and the
 * instruction it is trained on: the constant {@code TOPIC_SAFETY_OUTPUT_RESTRICTION} of NVIDIA-NeMo/Guardrails
 * {@code nemoguardrails/library/topic_safety/actions.py} at commit 13739de09bdd7593c72b2f7b47bc8f03da649503 (bundled
 * as the resource {@code topic_control_suffix.txt}, sha256 {@code 0d3c8ac5...}), which asks for exactly
 * {@code on-topic} or {@code off-topic}.
 *
 * <p><b>Rules.</b>
 * <ul>
 *   <li>Surrounding white space (spaces, tabs, line breaks) is ignored, then at most ONE trailing period.</li>
 *   <li>The rest, compared ignoring case (locale-independent), must be exactly {@code on-topic} (SAFE, no
 *       categories) or {@code off-topic} (UNSAFE, category {@value #OFF_TOPIC}).</li>
 *   <li>Anything else is a {@link VerdictParseException}: empty text, {@code on topic}, {@code off-topic because
 *       ...}, {@code on-topic off-topic}, {@code off-topic..}.</li>
 * </ul>
 * <p><b>Deviation from NeMo Guardrails.</b> NeMo ({@code nemoguardrails/library/topic_safety/actions.py}) blocks
 * only when {@code result.lower().strip() == "off-topic"} and allows everything else, so {@code Off-topic.} or an
 * empty answer passes (fails open). Here everything unclear is an error, which blocks unless the rail fails open.
 *
 * <p>Immutable and thread safe.
 */
public final class TopicControlParser implements VerdictParser {
    /** The category reported with an off-topic verdict: {@value}. */
    public static final String OFF_TOPIC = "off-topic";
    /** The safe answer: {@value}. */
    public static final String ON_TOPIC = "on-topic";

    private TopicControlParser() {}

    /**
     * Returns the parser. Stateless: one instance may be shared by any number of threads.
     *
     * @return the parser
     */
    public static TopicControlParser create() {
        return new TopicControlParser();
    }

    /**
     * Reads {@code on-topic} / {@code off-topic} as described in the class documentation.
     *
     * @param modelOutput the model's text exactly as received
     * @return SAFE for on-topic; UNSAFE with the single category {@value #OFF_TOPIC} for off-topic
     * @throws VerdictParseException when the text is not exactly one of the two answers (white space, case and one
     *     trailing period aside); the exception keeps the raw text
     */
    @Override
    public ParsedVerdict parse(String modelOutput) {
        String t = VerdictText.requireText(modelOutput).strip();
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        String answer = t.toLowerCase(Locale.ROOT);
        if (answer.equals(ON_TOPIC)) {
            return ParsedVerdict.safe();
        }
        if (answer.equals(OFF_TOPIC)) {
            return ParsedVerdict.unsafe(List.of(OFF_TOPIC));
        }
        throw new VerdictParseException(
                "topic control must answer exactly 'on-topic' or 'off-topic' (case, "
                        + "surrounding white space and one trailing period aside), got "
                        + VerdictText.quote(modelOutput),
                modelOutput);
    }

    @Override
    public String toString() {
        return "TopicControlParser";
    }
}
