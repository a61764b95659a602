package io.github.guardrails4j.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.Objects;

/**
 * Why and where a guarded stream stopped: the blocked chunk's {@link GuardResult}, its index and offsets, and how
 * much text had been released before the verdict. Immutable and thread safe.
 *
 * <p>In stream-first mode {@link #releasedChars()} may exceed {@link #offset()}: text released before the verdict
 * arrived stays released (at most {@link StreamingConfig#maxInFlightChecks()} chunks). In hold-back mode
 * {@code releasedChars() <= offset()}: nothing of the blocked chunk was released.
 */
public final class StreamBlocked {
    /** The {@code type} of the OpenAI-style error object: {@value}, as NeMo Guardrails writes it. */
    public static final String OPENAI_ERROR_TYPE = "guardrails_violation";
    /** The {@code code} of the OpenAI-style error object: {@value}, as NeMo Guardrails writes it. */
    public static final String OPENAI_ERROR_CODE = "content_blocked";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GuardResult result;
    private final int chunkIndex;
    private final long offset;
    private final int chunkChars;
    private final long releasedChars;

    StreamBlocked(GuardResult result, int chunkIndex, long offset, int chunkChars, long releasedChars) {
        this.result = Objects.requireNonNull(result, "result");
        if (!result.blocked()) {
            throw new IllegalArgumentException("a StreamBlocked needs a blocked result, got " + result);
        }
        this.chunkIndex = chunkIndex;
        this.offset = offset;
        this.chunkChars = chunkChars;
        this.releasedChars = releasedChars;
    }

    /** {@return the blocked chunk's check result; {@link GuardResult#blocked()} is true} */
    public GuardResult result() {
        return result;
    }

    /** {@return the verdict that blocked: unsafe, or an error of a fail-closed rail} */
    public Verdict verdict() {
        return result.blockingVerdict().orElseThrow();
    }

    /** {@return the name of the rail that blocked, for example {@code content-safety-output}} */
    public String rail() {
        return verdict().rail();
    }

    /** {@return the blocked chunk's 0-based index in the stream} */
    public int chunkIndex() {
        return chunkIndex;
    }

    /**
     * Returns the character offset.
     *
     * @return the character offset (UTF-16 chars from the start of the answer) where the blocked chunk's own text
     *     starts; its context, re-checked from the previous chunk, starts earlier
     */
    public long offset() {
        return offset;
    }

    /** {@return the length of the blocked chunk's own text, in characters (context not included)} */
    public int chunkChars() {
        return chunkChars;
    }

    /**
     * Returns characters of the answer released before the block.
     *
     * @return characters of the answer released before the block, all of which the listener or subscriber
     *     receives before the blocked signal; nothing more is ever released
     */
    public long releasedChars() {
        return releasedChars;
    }

    /**
     * A short, user-presentable message without the checked text, in NeMo Guardrails' wording:
     * {@code Blocked by content-safety-output rails.} for an unsafe verdict, or
     * {@code Blocked by content-safety-output rails: the guard failed (TIMEOUT) and the rail fails closed.} for an
     * error under the fail-closed policy.
     *
     * @return the message
     */
    public String message() {
        Verdict v = verdict();
        if (v.outcome() == Outcome.ERROR) {
            return "Blocked by " + v.rail() + " rails: the guard failed ("
                    + v.errorReason().map(Enum::name).orElse("ERROR") + ") and the rail fails closed.";
        }
        return "Blocked by " + v.rail() + " rails.";
    }

    /**
     * The OpenAI-style error object NeMo Guardrails ends a blocked stream with, for hosts that pass the stream
     * through to OpenAI clients (send it as the last SSE {@code data:} event, or as an HTTP error body):
     * <pre>{@code {"error":{"message":"Blocked by content-safety-output rails.","type":"guardrails_violation","param":null,"code":"content_blocked"}}}</pre>
     *
     * @return compact JSON, fields in this order
     * @see <a href="https://github.com/NVIDIA/NeMo-Guardrails">NeMo Guardrails, LLMRails streaming output rails</a>
     */
    public String toOpenAiErrorJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message());
        error.put("type", OPENAI_ERROR_TYPE);
        error.putNull("param");
        error.put("code", OPENAI_ERROR_CODE);
        return root.toString();
    }

    /** Never prints the answer's text. */
    @Override
    public String toString() {
        return "StreamBlocked{rail=" + rail() + ", outcome=" + verdict().outcome() + ", chunk=" + chunkIndex
                + ", offset=" + offset + ", chunkChars=" + chunkChars + ", releasedChars=" + releasedChars + '}';
    }
}
