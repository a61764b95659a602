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
 * without escaping the prompt's fixed parts on every check. Internal API. Thread safe.
 *
 * <p>A templated guard prompt is one message whose text is the template's fixed prefix (about 1 KB for NemoGuard
 * content safety), the injected text, and the template's fixed suffix (the instructions after the conversation, a
 * few hundred characters; empty for a template that ends with the injected text). The encoder learns the prefix
 * and the suffix as the common start and end of the texts it has seen (they only ever shrink, so they settle on the
 * template's fixed text after a few checks) and keeps the encoded body up to the end of the prefix, and the body
 * from the start of the suffix, as bytes. A request of the same shape (one message, same role, model, temperature,
 * max tokens and extra fields) whose text starts with the prefix and ends with the suffix is then encoded as those
 * bytes around the JSON escape of the text between them only. JSON string escaping is per character, the prefix
 * never ends with a high surrogate and the suffix never starts with a low one (so no surrogate pair straddles an
 * edge), so the result is byte-identical to the plain encoder's; anything else goes through the plain encoder.
 */
public final class PrefixedChatEncoder {
    /** Shortest prefix worth keeping, in chars: below it the plain encoder is as fast: {@value}. */
    static final int MIN_PREFIX_CHARS = 64;

    private static final Learned OFF = new Learned(null, null, null, null, null);

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

    /** {@return the suffix learnt so far, or null (for tests)} */
    String suffix() {
        Learned l = learned;
        return l == null ? null : l.suffix;
    }

    private Learned learn(Learned l, ChatRequest request) {
        if (request.messages().size() != 1) {
            return OFF;
        }
        String text = request.messages().get(0).content();
        String prefix;
        String suffix;
        if (l == null) {
            prefix = text; // the first text: everything is common so far; the next one shrinks both
            suffix = "";
        } else if (l.sameShape(request)) {
            prefix = text.substring(0, commonLength(l.prefix, text));
            // before the second text the suffix is unknown: the first text is all there is to compare with
            String seen = l.first ? l.prefix : l.suffix;
            // prefix + suffix never overlap, in this text nor in those seen before (each at least as long as the
            // prefix + suffix learnt before it)
            int bound = l.first ? l.prefix.length() : l.prefix.length() + l.suffix.length();
            int room = Math.min(text.length(), bound) - prefix.length();
            suffix = text.substring(text.length() - Math.min(room, commonSuffixLength(seen, text)));
        } else {
            return OFF; // the rail's requests change shape: not a templated rail, use the plain encoder
        }
        if (!prefix.isEmpty() && Character.isHighSurrogate(prefix.charAt(prefix.length() - 1))) {
            prefix = prefix.substring(0, prefix.length() - 1); // never cut a surrogate pair
        }
        if (!suffix.isEmpty() && Character.isLowSurrogate(suffix.charAt(0))) {
            suffix = suffix.substring(1); // never cut a surrogate pair
        }
        if (prefix.length() < MIN_PREFIX_CHARS) {
            return OFF;
        }
        return Learned.of(request, prefix, suffix, l == null, stream);
    }

    private static int commonLength(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private static int commonSuffixLength(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(a.length() - 1 - i) == b.charAt(b.length() - 1 - i)) {
            i++;
        }
        return i;
    }

    /** The request shape, prefix and suffix learnt, with the encoded bytes around the text between them. */
    private static final class Learned {
        private final ChatRequest shape;
        private final String prefix;
        private final String suffix;
        private final byte[] head;
        private final byte[] tail;
        /** Learnt from one text only: the suffix is not known yet (the next text gives the common end). */
        private final boolean first;

        private Learned(ChatRequest shape, String prefix, String suffix, byte[] head, byte[] tail) {
            this(shape, prefix, suffix, head, tail, false);
        }

        private Learned(ChatRequest shape, String prefix, String suffix, byte[] head, byte[] tail, boolean first) {
            this.shape = shape;
            this.prefix = prefix;
            this.suffix = suffix;
            this.head = head;
            this.tail = tail;
            this.first = first;
        }

        /**
         * The plain encoder's text of the request with the message text {@code ""} is {@code H"T}; with the text
         * prefix + suffix it is {@code H} + escaped prefix + escaped suffix + {@code "T}. The head is {@code H} +
         * escaped prefix, the tail escaped suffix + {@code "T}; both are checked against the plain encoder's text.
         */
        static Learned of(ChatRequest request, String prefix, String suffix, boolean first, boolean stream) {
            String role = request.messages().get(0).role();
            ChatRequest withPrefix = withText(request, role, prefix);
            String empty = WireFormat.text(WireFormat.chatTree(withText(request, role, ""), stream));
            String full = WireFormat.text(WireFormat.chatTree(withPrefix, stream));
            int h = commonLength(empty, full);
            String end = empty.substring(h);
            if (!end.startsWith("\"") || !full.endsWith(end) || full.length() - end.length() < h) {
                return OFF; // not the expected layout: never guess
            }
            String head = full.substring(0, full.length() - end.length());
            String both = WireFormat.text(WireFormat.chatTree(withText(request, role, prefix + suffix), stream));
            if (!both.startsWith(head) || !both.endsWith(end)) {
                return OFF;
            }
            String tail = both.substring(head.length());
            return new Learned(
                    withPrefix,
                    prefix,
                    suffix,
                    WireFormat.escapeLoneSurrogates(head).getBytes(StandardCharsets.UTF_8),
                    WireFormat.escapeLoneSurrogates(tail).getBytes(StandardCharsets.UTF_8),
                    first);
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
            if (prefix == null || !sameShape(r)) {
                return false;
            }
            String text = r.messages().get(0).content();
            return text.length() >= prefix.length() + suffix.length()
                    && text.startsWith(prefix)
                    && text.endsWith(suffix);
        }

        byte[] encode(ChatRequest r) {
            String text = r.messages().get(0).content();
            String between = text.substring(prefix.length(), text.length() - suffix.length());
            StringBuilder escaped = new StringBuilder(between.length() + 16);
            JsonStringEncoder.getInstance().quoteAsString(between, escaped);
            byte[] middle = WireFormat.escapeLoneSurrogates(escaped.toString()).getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[head.length + middle.length + tail.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(middle, 0, out, head.length, middle.length);
            System.arraycopy(tail, 0, out, head.length + middle.length, tail.length);
            return out;
        }
    }
}
