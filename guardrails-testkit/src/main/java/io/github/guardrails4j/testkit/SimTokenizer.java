package io.github.guardrails4j.testkit;

import io.github.guardrails4j.testkit.internal.ChatMessage;
import io.github.guardrails4j.testkit.internal.Tokenizer;
import java.util.List;
import java.util.Objects;

/**
 * The simulator's tokenizer, for tools that need the same token boundaries the {@link NimSimulator}
 * counts with: jtokkit's {@code cl100k_base} encoding, an approximation of the Llama 3 tokenizer
 * (which extends it). A Llama 3 NIM splits a few texts differently.
 *
 * <p>Typical use: replay an LLM answer as a token stream, one piece per token.
 *
 * <p>Stateless and thread safe. The encoding is loaded on first use.
 */
public final class SimTokenizer {
    private SimTokenizer() {}

    /**
     * Splits a text into one piece of text per token. The concatenation of the pieces equals
     * {@code text} exactly for any well-formed text (any string without unpaired surrogates): line
     * breaks ({@code \r\n} included) and non-ASCII characters are kept as they are. A token that
     * ends inside a multi-byte UTF-8 character yields an empty piece; the character comes with the
     * token that completes it. So {@code tokenize(t).size()} is the token count of {@code t}.
     *
     * @param text any text; empty gives an empty list
     * @return one piece per token, in order; unmodifiable
     * @throws NullPointerException when text is null
     */
    public static List<String> tokenize(String text) {
        Objects.requireNonNull(text, "text");
        Tokenizer t = Tokenizer.instance();
        return List.copyOf(t.pieces(t.encode(text)));
    }

    /**
     * Returns its number of {@code cl100k_base} tokens.
     *
     * @param text any text
     * @return its number of {@code cl100k_base} tokens (special-token text counted as ordinary text)
     * @throws NullPointerException when text is null
     */
    public static int count(String text) {
        Objects.requireNonNull(text, "text");
        return Tokenizer.instance().encode(text).length;
    }

    /**
     * Returns the token ids the simulator's prefix cache sees for a chat completion request with one user
     * message: the Llama 3.1 chat template (begin-of-text, a system header with the date lines, the user turn,
     * the assistant header) around {@code userMessage} (stripped of leading and trailing white space, as the
     * template does). Two requests share cached blocks as far as these ids agree.
     *
     * @param userMessage the content of the one user message
     * @return the prompt token ids, in order; a fresh array owned by the caller
     * @throws NullPointerException when userMessage is null
     */
    public static int[] chatPromptIds(String userMessage) {
        Objects.requireNonNull(userMessage, "userMessage");
        return Tokenizer.instance().chatPrompt(List.of(new ChatMessage("user", userMessage)));
    }
}
