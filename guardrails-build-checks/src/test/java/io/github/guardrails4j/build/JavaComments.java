package io.github.guardrails4j.build;

import java.util.ArrayList;
import java.util.List;

/** Splits Java source text into its comments, skipping string, text block and character literals. */
final class JavaComments {
    /**
     * One comment.
     *
     * @param line the 1-based line it starts on
     * @param text the comment's text, delimiters included
     */
    record Comment(int line, String text) {}

    private JavaComments() {}

    /**
     * Returns the comments of a source file, in order.
     *
     * @param source Java source text
     * @return its line, block and Javadoc comments
     */
    static List<Comment> of(String source) {
        List<Comment> out = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i) || source.startsWith("/*", i)) {
                boolean block = source.charAt(i + 1) == '*';
                int end = block ? source.indexOf("*/", i + 2) : source.indexOf('\n', i);
                end = end < 0 ? n : (block ? end + 2 : end);
                out.add(new Comment(line, source.substring(i, end)));
                line += count(source, i, end);
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                line += count(source, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(j + 1, n);
            } else {
                if (c == '\n') {
                    line++;
                }
                i++;
            }
        }
        return out;
    }

    private static int count(String s, int from, int to) {
        int lines = 0;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
