package io.github.guardrails4j.testkit.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Token counting for the simulator: jtokkit's {@code cl100k_base} encoding (an approximation of
 * the Llama 3 tokenizer, which extends it) and the Llama 3.1 chat template.
 *
 * <p>The rendered prompt is {@code <|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n
 * Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n[SYSTEM]<|eot_id|>}, then per
 * message {@code <|start_header_id|>ROLE<|end_header_id|>\n\nCONTENT<|eot_id|>}, then {@code
 * <|start_header_id|>assistant<|end_header_id|>\n\n}. A leading system message supplies
 * {@code [SYSTEM]}; contents are trimmed as the stock template does. Special tokens count as one
 * token each (ids above the cl100k vocabulary); the text between them is encoded separately.
 *
 * <p>Thread safe (the encoding is shared and stateless). Internal to the simulator; not an API.
 */
public final class Tokenizer {

    private static final int BEGIN_OF_TEXT = 128_000;
    private static final int START_HEADER = 128_006;
    private static final int END_HEADER = 128_007;
    private static final int EOT = 128_009;
    private static final String DATE_LINES = "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n";

    private final Encoding encoding;

    private Tokenizer() {
        this.encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }

    private static final class Holder {
        static final Tokenizer INSTANCE = new Tokenizer();
    }

    /** {@return the shared tokenizer (loaded on first use)} */
    public static Tokenizer instance() {
        return Holder.INSTANCE;
    }

    /**
     * Encodes plain text; special-token text is encoded as ordinary text.
     *
     * @param text any text
     * @return the token ids
     */
    public int[] encode(String text) {
        return text.isEmpty() ? new int[0] : encoding.encodeOrdinary(text).toArray();
    }

    /**
     * The token ids of a chat prompt after the Llama 3.1 chat template.
     *
     * @param messages the request messages
     * @return the prompt token ids
     */
    public int[] chatPrompt(List<ChatMessage> messages) {
        IntArrayList ids = new IntArrayList();
        int first = 0;
        String system = "";
        if (!messages.isEmpty() && "system".equals(messages.get(0).role())) {
            system = messages.get(0).content().strip();
            first = 1;
        }
        ids.add(BEGIN_OF_TEXT);
        header(ids, "system");
        text(ids, DATE_LINES + system);
        ids.add(EOT);
        for (int i = first; i < messages.size(); i++) {
            header(ids, messages.get(i).role());
            text(ids, messages.get(i).content().strip());
            ids.add(EOT);
        }
        header(ids, "assistant");
        return ids.toArray();
    }

    private void header(IntArrayList ids, String role) {
        ids.add(START_HEADER);
        text(ids, role);
        ids.add(END_HEADER);
        text(ids, "\n\n");
    }

    private void text(IntArrayList ids, String text) {
        if (!text.isEmpty()) {
            IntArrayList part = encoding.encodeOrdinary(text);
            for (int i = 0; i < part.size(); i++) {
                ids.add(part.get(i));
            }
        }
    }

    /**
     * Splits encoded text back into per-token text pieces whose concatenation is the decoded text.
     * A token that ends inside a multi-byte UTF-8 character yields an empty piece; the character is
     * emitted with the token that completes it.
     *
     * @param ids token ids from {@link #encode(String)}
     * @return one piece per token
     */
    public List<String> pieces(int[] ids) {
        List<String> pieces = new ArrayList<>(ids.length);
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        IntArrayList one = new IntArrayList(1);
        for (int id : ids) {
            one.clear();
            one.add(id);
            pending.writeBytes(encoding.decodeBytes(one));
            byte[] bytes = pending.toByteArray();
            int complete = completeUtf8Length(bytes);
            pieces.add(new String(bytes, 0, complete, StandardCharsets.UTF_8));
            pending.reset();
            pending.write(bytes, complete, bytes.length - complete);
        }
        if (pending.size() > 0 && !pieces.isEmpty()) {
            int last = pieces.size() - 1;
            pieces.set(last, pieces.get(last) + new String(pending.toByteArray(), StandardCharsets.UTF_8));
        }
        return pieces;
    }

    private static int completeUtf8Length(byte[] bytes) {
        int n = bytes.length;
        // Walk back over at most 3 continuation bytes to the lead byte of the last character.
        for (int back = 1; back <= Math.min(4, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue;
            }
            int need = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return back >= need ? n : n - back;
        }
        return n;
    }
}
