package io.github.guardrails4j.nim.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes the chat requests of one rail byte for byte as {@link WireFormat#encodeChat(ChatRequest, boolean)} does,
 * without escaping the prompt's fixed prefix on every check. Internal API. Thread safe.
 *
 * <p>A templated guard prompt is one message whose text starts with the template's fixed prefix (about 1 KB for
 * NemoGuard content safety) followed by the injected text. The encoder learns that prefix as the common start of
 * the texts it has seen (it only ever shrinks, so it settles on the template's fixed text after a few checks) and
 * keeps the encoded body up to the end of the prefix, and the body after the message text, as bytes. A request of
 * the same shape (one message, same role, model, temperature, max tokens and extra fields) whose text starts with
 * the prefix is then encoded as those bytes around the JSON escape of the rest of its text only. JSON string
 * escaping is per character and the prefix never ends inside a surrogate pair, so the result is byte-identical to
 * the plain encoder's; anything else goes through the plain encoder.
 */
public final class PrefixedChatEncoder {
    /** Shortest prefix worth keeping, in chars: below it the plain encoder is as fast: {@value}. */
    static final int MIN_PREFIX_CHARS = 64;

    private static final Learned OFF = new Learned(null, null, null, null);

    private final boolean stream;
    private volatile Learned learned;

    /**
     * Makes an encoder that has learnt nothing yet.
     *
     * @param stream true for streamed requests (see {@link WireFormat#encodeChat(ChatRequest, boolean)})
     */
    public PrefixedChatEncoder(boolean stream) {
        this.stream = stream;
    }

    /**
     * Encodes a request.
     *
     * @param request the request
     * @return exactly {@code WireFormat.encodeChat(request, stream)}
     */
    public byte[] encode(ChatRequest request) {
        Learned l = learned;
        if (l != null && l.fits(request)) {
            return l.encode(request);
        }
        byte[] plain = WireFormat.encodeChat(request, stream);
        if (l != OFF) {
            learned = learn(l, request);
        }
        return plain;
    }

    /** {@return the prefix learnt so far, or null (for tests)} */
    String prefix() {
        Learned l = learned;
        return l == null ? null : l.prefix;
    }

    private Learned learn(Learned l, ChatRequest request) {
        if (request.messages().size() != 1) {
            return OFF;
        }
        String text = request.messages().get(0).content();
        String prefix;
        if (l == null) {
            prefix = text;
        } else if (l.sameShape(request)) {
            prefix = text.substring(0, commonLength(l.prefix, text));
        } else {
            return OFF; // the rail's requests change shape: not a templated rail, use the plain encoder
        }
        if (!prefix.isEmpty() && Character.isHighSurrogate(prefix.charAt(prefix.length() - 1))) {
            prefix = prefix.substring(0, prefix.length() - 1); // never cut a surrogate pair
        }
        if (prefix.length() < MIN_PREFIX_CHARS) {
            return OFF;
        }
        return Learned.of(request, prefix, stream);
    }

    private static int commonLength(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** The request shape and prefix learnt, with the encoded bytes around the text after the prefix. */
    private static final class Learned {
        private final ChatRequest shape;
        private final String prefix;
        private final byte[] head;
        private final byte[] tail;

        private Learned(ChatRequest shape, String prefix, byte[] head, byte[] tail) {
            this.shape = shape;
            this.prefix = prefix;
            this.head = head;
            this.tail = tail;
        }

        /**
         * The plain encoder's text of the request with the message text {@code ""} is {@code H"T} and with the
         * prefix {@code H} + escaped prefix + {@code "T}: the head is everything before {@code "T}, the tail is
         * {@code "T}.
         */
        static Learned of(ChatRequest request, String prefix, boolean stream) {
            String role = request.messages().get(0).role();
            ChatRequest withPrefix = withText(request, role, prefix);
            String empty = WireFormat.text(WireFormat.chatTree(withText(request, role, ""), stream));
            String full = WireFormat.text(WireFormat.chatTree(withPrefix, stream));
            int h = commonLength(empty, full);
            String tail = empty.substring(h);
            if (!tail.startsWith("\"") || !full.endsWith(tail) || full.length() - tail.length() < h) {
                return OFF; // not the expected layout: never guess
            }
            String head = full.substring(0, full.length() - tail.length());
            return new Learned(
                    withPrefix,
                    prefix,
                    WireFormat.escapeLoneSurrogates(head).getBytes(StandardCharsets.UTF_8),
                    WireFormat.escapeLoneSurrogates(tail).getBytes(StandardCharsets.UTF_8));
        }

        private static ChatRequest withText(ChatRequest r, String role, String text) {
            return new ChatRequest(
                    r.model(), List.of(new ChatMessage(role, text)), r.temperature(), r.maxTokens(), r.extraBody());
        }

        boolean sameShape(ChatRequest r) {
            List<ChatMessage> messages = r.messages();
            return messages.size() == 1
                    && messages.get(0).role().equals(shape.messages().get(0).role())
                    && r.model().equals(shape.model())
                    && Objects.equals(r.temperature(), shape.temperature())
                    && Objects.equals(r.maxTokens(), shape.maxTokens())
                    && sameExtra(r.extraBody(), shape.extraBody());
        }

        private static boolean sameExtra(Map<String, Object> a, Map<String, Object> b) {
            // equal maps may iterate in another order, and order is part of the bytes
            // (toString shows the order, nested maps' too)
            return a == b
                    || (a.isEmpty() && b.isEmpty())
                    || (a.equals(b) && a.toString().equals(b.toString()));
        }

        boolean fits(ChatRequest r) {
            return prefix != null
                    && sameShape(r)
                    && r.messages().get(0).content().startsWith(prefix);
        }

        byte[] encode(ChatRequest r) {
            String text = r.messages().get(0).content();
            String rest = text.substring(prefix.length());
            StringBuilder escaped = new StringBuilder(rest.length() + 16);
            JsonStringEncoder.getInstance().quoteAsString(rest, escaped);
            byte[] middle = WireFormat.escapeLoneSurrogates(escaped.toString()).getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[head.length + middle.length + tail.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(middle, 0, out, head.length, middle.length);
            System.arraycopy(tail, 0, out, head.length + middle.length, tail.length);
            return out;
        }
    }
}
