package io.github.guardrails4j.testkit;

import java.util.List;
import java.util.Objects;

/**
 * One answered request to the simulated {@link ApplicationModel}, recorded when its answer ended (completely, or
 * because the client closed the connection while it streamed). The request itself is also in {@link
 * NimSimulator#recordedRequests()}, with the same {@link #sequence()}.
 *
 * <h2>Thread safety</h2>
 * Immutable and thread safe.
 *
 * @param sequence the request's arrival number, as in {@link RecordedRequest#sequence()}
 * @param model the model id the request named
 * @param conversation the request's messages (unmodifiable)
 * @param stream whether the answer was streamed (server-sent events)
 * @param reply the reply the application model gave
 * @param tokensSent how many of the reply's tokens were written before the answer ended: all of them when
 *     completed, fewer when the client closed the stream
 * @param outcome how the answer ended
 * @param endNanoTime the {@link System#nanoTime()} when the answer ended: the last event was written, or a write
 *     failed because the client had closed the connection (detected at the next token write, so at most about two
 *     token intervals after the client closed)
 */
public record ApplicationCall(
        long sequence,
        String model,
        List<ApplicationMessage> conversation,
        boolean stream,
        ApplicationReply reply,
        int tokensSent,
        Outcome outcome,
        long endNanoTime) {

    /** How an application model answer ended. */
    public enum Outcome {
        /** The whole answer was written (for a stream: through {@code data: [DONE]}). */
        COMPLETED,
        /** The client closed the connection before the answer was complete. */
        CLIENT_CLOSED
    }

    /**
     * Creates a record.
     *
     * @param sequence the request's arrival number, as in {@link RecordedRequest#sequence()}
     * @param model the model id the request named
     * @param conversation the request's messages (unmodifiable)
     * @param stream whether the answer was streamed (server-sent events)
     * @param reply the reply the application model gave
     * @param tokensSent how many of the reply's tokens were written before the answer ended: all of them when completed, fewer when the client closed the stream
     * @param outcome how the answer ended
     * @param endNanoTime the {@link System#nanoTime()} when the answer ended: the last event was written, or a write failed because the client had closed the connection (detected at the next token write, so at most about two token intervals after the client closed)
     * @throws NullPointerException if an object argument is null
     */
    public ApplicationCall {
        Objects.requireNonNull(model, "model");
        conversation = List.copyOf(conversation);
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(outcome, "outcome");
    }
}
