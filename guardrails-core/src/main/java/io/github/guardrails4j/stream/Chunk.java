package io.github.guardrails4j.stream;

/**
 * One chunk of a streamed answer, as cut by {@link Chunker}. Immutable.
 *
 * @param index 0-based position in the stream
 * @param start character offset of the chunk's own text in the whole answer
 * @param text the chunk's own text (what it releases)
 * @param checkText what is checked: the context tail of the previous chunk followed by {@code text}
 */
record Chunk(int index, long start, String text, String checkText) {
    /** {@return the character offset just past the chunk's own text} */
    long end() {
        return start + text.length();
    }
}
