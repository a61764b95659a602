package io.github.guardrails4j.stream;

import io.github.guardrails4j.internal.TextWindows;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a stream of deltas into chunks of {@code chunkSize} units, each carrying the last {@code contextSize}
 * units of the previous chunk as context. Units are deltas or characters ({@link ChunkUnit}). Not thread safe:
 * one per stream, used under the stream's lock.
 */
final class Chunker {
    private final ChunkUnit unit;
    private final int chunkSize;
    private final int contextSize;
    /** Delta mode: the open chunk's deltas. */
    private final List<String> openDeltas = new ArrayList<>();
    /** Delta mode: the last {@code contextSize} deltas of the previous chunk. */
    private final ArrayDeque<String> contextDeltas = new ArrayDeque<>();
    /** Character mode: the open chunk's text. */
    private final StringBuilder openChars = new StringBuilder();
    /** Character mode: the tail of the previous chunk. */
    private String contextChars = "";

    private int nextIndex;
    private long openStart;

    Chunker(StreamingConfig config) {
        this.unit = config.chunkUnit();
        this.chunkSize = config.chunkSize();
        this.contextSize = config.contextSize();
    }

    /** {@return the index the open (incomplete) chunk will have} */
    int nextIndex() {
        return nextIndex;
    }

    /** {@return the character offset where the open chunk starts} */
    long openStart() {
        return openStart;
    }

    /**
     * Adds a delta.
     *
     * @param delta a non-empty delta
     * @return the chunks it completed, in order; often none
     */
    List<Chunk> add(String delta) {
        if (unit == ChunkUnit.DELTAS) {
            openDeltas.add(delta);
            return openDeltas.size() == chunkSize ? List.of(cutDeltas()) : List.of();
        }
        openChars.append(delta);
        List<Chunk> done = new ArrayList<>(1);
        while (openChars.length() >= chunkSize) {
            int cut = TextWindows.safeCut(openChars, chunkSize);
            if (cut == 0) {
                cut = 2; // chunkSize 1 and a surrogate pair: the pair is the chunk
            } else if (cut == openChars.length() && Character.isHighSurrogate(openChars.charAt(cut - 1))) {
                if (cut == 1) {
                    break; // wait for the low surrogate
                }
                cut--;
            }
            done.add(cutChars(cut));
        }
        return done;
    }

    /** {@return the open chunk as the final, partial chunk; null when it is empty} */
    Chunk finish() {
        if (unit == ChunkUnit.DELTAS) {
            return openDeltas.isEmpty() ? null : cutDeltas();
        }
        return openChars.length() == 0 ? null : cutChars(openChars.length());
    }

    private Chunk cutDeltas() {
        String text = String.join("", openDeltas);
        String context = String.join("", contextDeltas);
        contextDeltas.clear();
        for (int i = Math.max(0, openDeltas.size() - contextSize); i < openDeltas.size(); i++) {
            contextDeltas.add(openDeltas.get(i));
        }
        openDeltas.clear();
        return next(text, context);
    }

    private Chunk cutChars(int cut) {
        String text = openChars.substring(0, cut);
        openChars.delete(0, cut);
        String context = contextChars;
        contextChars = contextSize == 0 ? "" : TextWindows.tail(text, contextSize);
        return next(text, context);
    }

    private Chunk next(String text, String context) {
        Chunk c = new Chunk(nextIndex++, openStart, text, context + text);
        openStart += text.length();
        return c;
    }
}
