package io.github.guardrails4j.cli;

import java.io.PrintWriter;

/**
 * Prints {@code checked N/TOTAL} on stderr every {@link CheckCommand#PROGRESS_EVERY_INPUTS} inputs or
 * {@link CheckCommand#PROGRESS_EVERY_NANOS}, whichever comes first, flushing stdout first so the two streams stay in
 * step. Not thread safe: one reader reports.
 */
final class Progress {
    private final PrintWriter out;
    private final PrintWriter err;
    private final int total;
    private long last = System.nanoTime();

    Progress(PrintWriter out, PrintWriter err, int total) {
        this.out = out;
        this.err = err;
        this.total = total;
    }

    /**
     * Sets done.
     *
     * @param done inputs finished so far
     */
    void done(int done) {
        long now = System.nanoTime();
        if (done < total
                && (done % CheckCommand.PROGRESS_EVERY_INPUTS == 0
                        || now - last >= CheckCommand.PROGRESS_EVERY_NANOS)) {
            out.flush();
            err.print("checked " + done + "/" + total + "\n");
            err.flush();
            last = now;
        }
    }
}
