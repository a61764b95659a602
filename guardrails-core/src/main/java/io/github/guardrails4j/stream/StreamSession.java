package io.github.guardrails4j.stream;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.async.LinkedFuture;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.ThinkTrace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one guarded stream, shared by the push API ({@link GuardedStream}) and the Flow API
 * ({@link GuardedPublisher}). All state is per stream: two streams never share text.
 *
 * <p><b>Design.</b> Every event (a delta, the end of the LLM stream, a check's verdict, demand, cancellation)
 * changes the state under {@link #lock} and then calls {@link #pump()}. The pump is a queue-drain loop run by one
 * thread at a time: it cancels what must be cancelled, starts checks, delivers queued signals to the listener and
 * requests more deltas upstream, all outside the lock. So listener calls are serialized and never made under the
 * lock, and re-entrant calls (a listener calling back, a check that completes synchronously, a publisher that
 * delivers inside {@code request}) only bump the pump's counter: recursion stays bounded.
 *
 * <p><b>Release.</b> The answer's characters are released in order up to a limit: the start of chunk
 * {@code firstUnpassed + ahead}, where {@code ahead} is {@code maxInFlightChecks} in stream-first mode and 0 in
 * hold-back mode. Once the stream is decided (blocked, failed, cancelled) nothing more is released.
 */
final class StreamSession {
    private static final Logger LOG = LoggerFactory.getLogger(StreamSession.class);

    private final Guardrails guardrails;
    private final Conversation conversation;
    /** Removes the host LLM's think trace from what is checked (null when the trace is checked too). */
    private final ThinkTrace.Session traceFilter;

    private String checkedTail = "";
    /** Cumulative mode: the answer so far (null in windowed mode). */
    private final CumulativeText cumulative;
    /**
     * Raw characters held back at the end of the last chunk (cumulative mode: at the last stable cut; both modes: a
     * partial think tag or an open trace the filter holds); they belong to the next chunk.
     */
    private String carry = "";

    private final StreamListener listener;
    private final Chunker chunker;
    private final int ahead;
    private final int maxInFlight;
    private final int prefetch;
    private final boolean flow;

    private final Object lock = new Object();
    private final AtomicInteger wip = new AtomicInteger();

    // Guarded by lock.
    /** Completed chunks not yet passed, in order; the head is never passed. */
    private final ArrayDeque<Pending> chunks = new ArrayDeque<>();
    /** Completed chunks whose check waits for a free slot, in order. */
    private final ArrayDeque<Pending> toStart = new ArrayDeque<>();
    /** Released text (String) and at most one terminal signal (Terminal), in delivery order. */
    private final ArrayDeque<Object> signals = new ArrayDeque<>();

    private final List<CompletableFuture<GuardResult>> toCancel = new ArrayList<>();
    /** Received, not yet released text; starts at offset {@link #released}. */
    private final StringBuilder unreleased = new StringBuilder();

    private long received;
    private long released;
    private int inFlight;
    private int queuedTexts;
    private long demand;
    private boolean upstreamDone;
    private boolean done;
    private boolean cancelled;
    private boolean terminalTaken;
    private Flow.Subscription upstream;
    private long upstreamOutstanding;
    private boolean cancelUpstream;
    private boolean upstreamCancelSent;

    StreamSession(
            Guardrails guardrails,
            StreamingConfig config,
            Conversation conversation,
            StreamListener listener,
            boolean flow) {
        this.guardrails = Objects.requireNonNull(guardrails, "guardrails");
        this.conversation = Objects.requireNonNull(conversation, "conversation");
        this.traceFilter = guardrails.checkReasoningTrace() ? null : ThinkTrace.session();
        this.listener = Objects.requireNonNull(listener, "listener");
        this.chunker = new Chunker(config);
        this.cumulative = config.cumulative() ? new CumulativeText(config.maxCumulativeChars()) : null;
        this.maxInFlight = config.maxInFlightChecks();
        this.ahead = config.streamFirst() ? maxInFlight : 0;
        this.prefetch = config.prefetch();
        this.flow = flow;
        this.demand = flow ? 0 : Long.MAX_VALUE;
    }

    /**
     * Windowed mode: the chunk with its check text taken from the answer without its think trace (streaming-stable:
     * the filter holds back a partial tag and an open trace); the context is the same number of characters of the
     * checked text before it. The raw characters the filter holds back move to the next chunk, as in cumulative
     * mode, so a chunk releases only characters its check saw (or a closed trace, never checked by design).
     */
    private Chunk withoutTrace(Chunk c, boolean last) {
        if (traceFilter == null) {
            return c;
        }
        String raw = carry + c.text();
        long start = c.start() - carry.length();
        int contextChars = c.checkText().length() - c.text().length();
        String checked = traceFilter.feed(c.text()) + (last ? traceFilter.finish() : "");
        String context = checkedTail.substring(Math.max(0, checkedTail.length() - contextChars));
        String all = checkedTail + checked;
        checkedTail = all.substring(Math.max(0, all.length() - Math.max(contextChars, 1024)));
        int held = last ? 0 : Math.min(filterPending(), raw.length());
        carry = raw.substring(raw.length() - held);
        return new Chunk(c.index(), start, raw.substring(0, raw.length() - held), context + checked);
    }

    /**
     * Cumulative mode: the chunk with the whole answer so far (cut at a stable point) as its check text; the raw
     * characters after the cut move to the next chunk, so a chunk releases only characters its check saw.
     */
    private Chunk cumulativeChunk(Chunk c, boolean last) {
        String raw = carry + c.text();
        long start = c.start() - carry.length();
        String checked = traceFilter == null ? c.text() : traceFilter.feed(c.text());
        if (last && traceFilter != null) {
            checked += traceFilter.finish();
        }
        String check = cumulative.next(checked, c.checkText().length(), last);
        int held = last ? 0 : Math.min(cumulative.heldBack() + filterPending(), raw.length());
        carry = raw.substring(raw.length() - held);
        return new Chunk(c.index(), start, raw.substring(0, raw.length() - held), check);
    }

    /** {@return the raw characters the think trace filter holds back (a partial tag, an open trace)} */
    private int filterPending() {
        return traceFilter == null ? 0 : traceFilter.pending();
    }

    /** {@return the character offset where the open chunk's text starts, carried characters included} */
    private long openStart() {
        return chunker.openStart() - carry.length();
    }

    // ---- events -------------------------------------------------------------------------------------------------

    boolean onDelta(String delta) {
        Objects.requireNonNull(delta, "delta must not be null (skip it, or send \"\")");
        synchronized (lock) {
            if (done || upstreamDone) {
                return false;
            }
            if (upstreamOutstanding > 0) {
                upstreamOutstanding--;
            }
            if (!delta.isEmpty()) {
                received += delta.length();
                unreleased.append(delta);
                for (Chunk c : chunker.add(delta)) {
                    Pending p = new Pending(cumulative != null ? cumulativeChunk(c, false) : withoutTrace(c, false));
                    chunks.add(p);
                    toStart.add(p);
                }
                release();
            }
        }
        pump();
        return isOpen();
    }

    void onUpstreamComplete() {
        synchronized (lock) {
            if (done || upstreamDone) {
                return;
            }
            upstreamDone = true;
            Chunk last = chunker.finish();
            if (cumulative != null) {
                if (last != null) {
                    last = cumulativeChunk(last, true);
                } else {
                    String rest = traceFilter == null ? "" : traceFilter.finish();
                    if (!carry.isEmpty() || cumulative.heldBack() > 0 || !rest.isEmpty()) {
                        // the characters held at the last cut (or an unterminated trace) get the final check
                        last = new Chunk(
                                chunker.nextIndex(), openStart(), carry, cumulative.next(rest, carry.length(), true));
                        // carry stays: it is this chunk's text, held until its check passes (see releaseLimit)
                    }
                }
            } else if (last == null && traceFilter != null) {
                String rest = traceFilter.finish();
                if (!rest.isEmpty() || !carry.isEmpty()) {
                    // an unterminated trace (or a partial tag) held back by the filter is checked, never dropped;
                    // its raw characters (the carry) are this chunk's text, held until its check passes
                    last = new Chunk(chunker.nextIndex(), openStart(), carry, checkedTail + rest);
                }
            } else if (last != null) {
                last = withoutTrace(last, true);
            }
            if (last != null) {
                Pending p = new Pending(last);
                chunks.add(p);
                toStart.add(p);
            }
            release();
            maybeComplete();
        }
        pump();
    }

    /**
     * Sets error.
     *
     * @param error the failure
     * @param cancelUpstream true when the upstream is still live and must be cancelled (it broke the protocol)
     */
    void onUpstreamError(Throwable error, boolean cancelUpstream) {
        synchronized (lock) {
            if (done || upstreamDone) {
                return;
            }
            upstreamDone = !cancelUpstream;
            terminate(new Terminal(null, error));
        }
        pump();
    }

    void onUpstreamSubscribe(Flow.Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        synchronized (lock) {
            if (upstream == null) {
                upstream = subscription;
                subscription = null;
            }
        }
        if (subscription != null) {
            subscription.cancel(); // reactive-streams rule 2.5: a second subscription is cancelled
            return;
        }
        pump();
    }

    void request(long n) {
        synchronized (lock) {
            if (n <= 0) {
                if (!done) {
                    terminate(new Terminal(
                            null,
                            new IllegalArgumentException(
                                    "reactive-streams rule 3.9: request(n) needs n > 0, got " + n)));
                }
            } else {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
        }
        pump();
    }

    void cancel() {
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            signals.clear();
            queuedTexts = 0;
            if (!done) {
                terminate(null);
            }
        }
        pump();
    }

    boolean isOpen() {
        synchronized (lock) {
            return !done && !upstreamDone;
        }
    }

    private void onCheckDone(Pending p, GuardResult result, Throwable failure) {
        synchronized (lock) {
            if (done) {
                return; // decided already; this check was cancelled or finished too late to matter
            }
            inFlight--;
            Throwable cause = LinkedFuture.unwrap(failure);
            if (cause != null || result == null) {
                terminate(new Terminal(
                        null,
                        new GuardrailsException(
                                ErrorReason.INTERNAL,
                                "the check of chunk "
                                        + p.chunk.index() + " failed unexpectedly (" + cause
                                        + "); the stream stopped, its text is"
                                        + " never treated as safe",
                                cause)));
            } else if (result.blocked()) {
                // the blocking check is reported too, just before onBlocked: every check that ended is seen
                signals.add(new Checked(p.chunk.index(), p.chunk.checkText().length(), result));
                terminate(new Terminal(
                        new StreamBlocked(
                                result,
                                p.chunk.index(),
                                p.chunk.start(),
                                p.chunk.text().length(),
                                released),
                        null));
            } else {
                signals.add(new Checked(p.chunk.index(), p.chunk.checkText().length(), result));
                p.passed = true;
                while (!chunks.isEmpty() && chunks.peekFirst().passed) {
                    chunks.pollFirst();
                }
                release();
                maybeComplete();
            }
        }
        pump();
    }

    // ---- state changes, under lock ---------------------------------------------------------------------------

    private void release() {
        if (done) {
            return;
        }
        long limit = Math.min(releaseLimit(), received);
        if (limit > released) {
            int n = (int) (limit - released);
            signals.add(unreleased.substring(0, n));
            unreleased.delete(0, n);
            queuedTexts++;
            released = limit;
        }
    }

    /** {@return the start offset of the first chunk whose text may not be released yet} */
    private long releaseLimit() {
        if (upstreamDone && chunks.isEmpty()) {
            return Long.MAX_VALUE; // every chunk, the final one included, passed
        }
        int open = chunker.nextIndex();
        int firstUnpassed = chunks.isEmpty() ? open : chunks.peekFirst().chunk.index();
        long held = (long) firstUnpassed + ahead;
        if (held > open) {
            return Long.MAX_VALUE;
        }
        if (held == open) {
            return openStart();
        }
        Iterator<Pending> it = chunks.iterator();
        for (int i = firstUnpassed; i < held; i++) {
            it.next();
        }
        return it.next().chunk.start();
    }

    private void maybeComplete() {
        if (!done && upstreamDone && chunks.isEmpty() && released == received) {
            done = true;
            signals.add(new Terminal(null, null));
        }
    }

    /** Decides the stream: stops releases, cancels checks and the upstream, queues the terminal (if any). */
    private void terminate(Terminal terminal) {
        done = true;
        unreleased.setLength(0);
        toStart.clear();
        for (Pending p : chunks) {
            if (p.check != null) {
                toCancel.add(p.check);
            }
        }
        chunks.clear();
        if (!upstreamDone) {
            cancelUpstream = true;
        }
        if (terminal != null && !cancelled) {
            signals.add(terminal);
        }
    }

    // ---- the pump -------------------------------------------------------------------------------------------

    private void pump() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        while (true) {
            cancelWhatMustBe();
            startChecks();
            deliverSignals();
            requestUpstream();
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void cancelWhatMustBe() {
        List<CompletableFuture<GuardResult>> checks;
        Flow.Subscription up = null;
        synchronized (lock) {
            if (toCancel.isEmpty() && !(cancelUpstream && upstream != null && !upstreamCancelSent)) {
                return;
            }
            checks = new ArrayList<>(toCancel);
            toCancel.clear();
            if (cancelUpstream && upstream != null && !upstreamCancelSent) {
                upstreamCancelSent = true;
                up = upstream;
            }
        }
        for (CompletableFuture<GuardResult> c : checks) {
            c.cancel(true);
        }
        if (up != null) {
            up.cancel();
        }
    }

    private void startChecks() {
        while (true) {
            Pending p;
            synchronized (lock) {
                if (done || toStart.isEmpty() || inFlight >= maxInFlight) {
                    return;
                }
                p = toStart.pollFirst();
                inFlight++;
            }
            CompletableFuture<GuardResult> check;
            try {
                check = guardrails.checkStreamedChunk(conversation, p.chunk.checkText());
            } catch (RuntimeException e) {
                check = CompletableFuture.failedFuture(e);
            }
            boolean late;
            synchronized (lock) {
                late = done;
                if (!late) {
                    p.check = check;
                }
            }
            if (late) {
                check.cancel(true); // decided while this check was starting
                continue;
            }
            check.whenComplete((r, t) -> onCheckDone(p, r, t));
        }
    }

    private void deliverSignals() {
        while (true) {
            Object signal;
            synchronized (lock) {
                signal = signals.peekFirst();
                if (signal == null || terminalTaken) {
                    return;
                }
                if (signal instanceof Checked) {
                    signals.pollFirst();
                } else if (signal instanceof String) {
                    if (demand == 0) {
                        return;
                    }
                    if (demand != Long.MAX_VALUE) {
                        demand--;
                    }
                    queuedTexts--;
                    signals.pollFirst();
                } else {
                    terminalTaken = true;
                    signals.pollFirst();
                }
            }
            if (signal instanceof Checked c) {
                try {
                    listener.onChunkChecked(c.index, c.characters, c.result);
                } catch (RuntimeException e) {
                    LOG.warn("StreamListener {} threw from onChunkChecked; ignored", listener, e);
                }
            } else if (signal instanceof String) {
                deliverText((String) signal);
            } else {
                deliverTerminal((Terminal) signal);
            }
        }
    }

    private void deliverText(String text) {
        try {
            listener.onText(text);
        } catch (RuntimeException e) {
            synchronized (lock) {
                signals.clear();
                queuedTexts = 0;
                if (!done) {
                    terminate(null);
                }
                if (!flow && !cancelled) {
                    signals.add(new Terminal(null, e));
                }
                cancelled = true;
            }
            pump(); // we are inside the pump: this only makes it run one more pass, which cancels
            if (flow) {
                // Reactive-streams rule 2.13: a throwing subscriber is treated as having cancelled.
                LOG.warn("Flow.Subscriber {} threw from onNext; the guarded stream was cancelled", listener, e);
            }
        }
    }

    private void deliverTerminal(Terminal t) {
        try {
            if (t.blocked != null) {
                listener.onBlocked(t.blocked);
            } else if (t.error != null) {
                listener.onError(t.error);
            } else {
                listener.onComplete();
            }
        } catch (RuntimeException e) {
            // The stream is over; nothing is left to cancel or signal. Log so the bug is seen.
            LOG.warn("StreamListener {} threw from its terminal method; ignored", listener, e);
        }
    }

    private void requestUpstream() {
        Flow.Subscription up;
        synchronized (lock) {
            if (!flow
                    || upstream == null
                    || done
                    || upstreamDone
                    || upstreamOutstanding > 0
                    || !toStart.isEmpty()
                    || (queuedTexts > 0 && demand == 0)) {
                return;
            }
            upstreamOutstanding = prefetch;
            up = upstream;
        }
        up.request(prefetch);
    }

    /** A completed chunk and its check. Guarded by the session's lock. */
    private static final class Pending {
        final Chunk chunk;
        CompletableFuture<GuardResult> check;
        boolean passed;

        Pending(Chunk chunk) {
            this.chunk = chunk;
        }
    }

    /** A chunk check that ended with a result (passed, or the one that blocked), for {@link StreamListener#onChunkChecked}. */
    private record Checked(int index, int characters, GuardResult result) {}

    /** A terminal signal: blocked, error, or (both null) complete. */
    private static final class Terminal {
        final StreamBlocked blocked;
        final Throwable error;

        Terminal(StreamBlocked blocked, Throwable error) {
            this.blocked = blocked;
            this.error = error;
        }
    }
}
