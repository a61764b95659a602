package io.github.guardrails4j.testkit;

import io.github.guardrails4j.testkit.internal.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What the simulated application model answers to one chat completion: text split into tokens, or tool calls
 * only, optionally streamed at a fixed rate.
 *
 * <p>A streamed answer sends one server-sent event per token ({@link #tokens()}); {@code usage.completion_tokens}
 * is the number of tokens (tool calls count one token each). Without {@link #atRate(double)} tokens are paced by
 * the simulator's {@link LatencyModel} for the model id ({@link LatencyModel#none()} by default: no delay).
 *
 * <pre>{@code
 * ApplicationReply.text("Paris is the capital of France.")
 * ApplicationReply.unsafe()                       // UNSAFE_TEXT, flagged by the keyword classifier
 * ApplicationReply.harmlessTokens(400).atRate(50) // 400 tokens at 50 tokens per second
 * ApplicationReply.toolCallsOnly(new ApplicationToolCall("call_1", "currentTime", "{}"))
 * }</pre>
 *
 * <h2>Thread safety</h2>
 * Immutable and thread safe.
 */
public final class ApplicationReply {

    /** The default answer of the application model: {@value}. The keyword classifier finds it safe. */
    public static final String DEFAULT_TEXT =
            "Green tea is brewed with water just below boiling, for two to three " + "minutes.";

    /**
     * The answer of {@link #unsafe()}: {@value}. The keyword classifier flags it as Violence and Criminal
     * Planning/Confessions ({@code kill}, {@code steal}).
     */
    public static final String UNSAFE_TEXT = "First steal the car, then kill the owner.";

    private static final List<String> HARMLESS_WORDS = List.of(
            "Green",
            " tea",
            " is",
            " brewed",
            " with",
            " water",
            " just",
            " below",
            " boiling",
            " for",
            " two",
            " to",
            " three",
            " minutes",
            ".");

    private final String text;
    private final List<String> tokens;
    private final List<ApplicationToolCall> toolCalls;
    private final double tokensPerSecond;

    private ApplicationReply(
            String text, List<String> tokens, List<ApplicationToolCall> toolCalls, double tokensPerSecond) {
        this.text = text;
        this.tokens = tokens;
        this.toolCalls = toolCalls;
        this.tokensPerSecond = tokensPerSecond;
    }

    /**
     * An answer of this text, split into tokens with the simulator's tokenizer ({@code cl100k_base}).
     *
     * @param text the answer; may be empty
     * @return the reply
     * @throws NullPointerException if {@code text} is null
     */
    public static ApplicationReply text(String text) {
        Objects.requireNonNull(text, "text");
        Tokenizer tokenizer = Tokenizer.instance();
        return new ApplicationReply(text, List.copyOf(tokenizer.pieces(tokenizer.encode(text))), List.of(), 0);
    }

    /**
     * The default answer, {@link #DEFAULT_TEXT}.
     *
     * @return the reply
     */
    public static ApplicationReply harmless() {
        return text(DEFAULT_TEXT);
    }

    /**
     * An answer the keyword classifier flags, {@link #UNSAFE_TEXT}.
     *
     * @return the reply
     */
    public static ApplicationReply unsafe() {
        return text(UNSAFE_TEXT);
    }

    /**
     * A harmless answer of exactly {@code count} tokens (the words of {@link #DEFAULT_TEXT}, repeated), for
     * streaming and timing tests.
     *
     * @param count 1 or more
     * @return the reply
     * @throws IllegalArgumentException if {@code count} is less than 1
     */
    public static ApplicationReply harmlessTokens(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("harmlessTokens needs a count of 1 or more, got " + count);
        }
        List<String> words = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            words.add(HARMLESS_WORDS.get(i % HARMLESS_WORDS.size()));
        }
        return new ApplicationReply(String.join("", words), List.copyOf(words), List.of(), 0);
    }

    /**
     * An answer with only tool calls and no text ({@code "content": null}, {@code "finish_reason":
     * "tool_calls"}).
     *
     * @param calls one or more tool calls
     * @return the reply
     * @throws IllegalArgumentException if no call is given
     */
    public static ApplicationReply toolCallsOnly(ApplicationToolCall... calls) {
        if (calls.length == 0) {
            throw new IllegalArgumentException("toolCallsOnly needs at least one ApplicationToolCall");
        }
        return new ApplicationReply("", List.of(), List.copyOf(Arrays.asList(calls)), 0);
    }

    /**
     * The same answer streamed at a fixed rate: token {@code i} (0-based) is sent {@code i / tokensPerSecond}
     * seconds after the first, on an absolute schedule (no drift). A non-streamed answer waits the whole
     * generation time, {@code tokens / tokensPerSecond} seconds, before it is sent.
     *
     * @param tokensPerSecond more than 0, e.g. 50
     * @return a new reply
     * @throws IllegalArgumentException if not a positive finite number
     */
    public ApplicationReply atRate(double tokensPerSecond) {
        if (!(tokensPerSecond > 0) || Double.isInfinite(tokensPerSecond)) {
            throw new IllegalArgumentException(
                    "atRate needs a positive, finite number of tokens per second, got " + tokensPerSecond);
        }
        return new ApplicationReply(text, tokens, toolCalls, tokensPerSecond);
    }

    /** {@return the whole answer text; empty for a tool-call-only answer} */
    public String text() {
        return text;
    }

    /** {@return the tokens in order, one streamed event each; their concatenation is {@link #text()} (unmodifiable)} */
    public List<String> tokens() {
        return tokens;
    }

    /** {@return the tool calls, empty for a text answer (unmodifiable)} */
    public List<ApplicationToolCall> toolCalls() {
        return toolCalls;
    }

    /** {@return the streaming rate set by {@link #atRate(double)}, empty when paced by the latency model} */
    public OptionalDouble tokensPerSecond() {
        return tokensPerSecond > 0 ? OptionalDouble.of(tokensPerSecond) : OptionalDouble.empty();
    }

    @Override
    public String toString() {
        return "ApplicationReply{tokens=" + tokens.size() + ", toolCalls=" + toolCalls.size()
                + (tokensPerSecond > 0 ? ", tokensPerSecond=" + tokensPerSecond : "") + '}';
    }
}
