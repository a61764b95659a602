package io.github.guardrails4j.cli;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.stream.GuardedStream;
import io.github.guardrails4j.stream.StreamBlocked;
import io.github.guardrails4j.stream.StreamListener;
import io.github.guardrails4j.stream.StreamingGuard;
import io.github.guardrails4j.testkit.SimTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Replays an LLM answer as a token stream through a {@link StreamingGuard} (push API) and measures what the user
 * would see: when the first released text arrives, when the stream ends, and whether and where it was blocked.
 *
 * <p>The answer is split with the simulator's tokenizer ({@link SimTokenizer}, {@code cl100k_base}) into one
 * delta per token, whose concatenation is the answer exactly. Token {@code i} (0-based) is due at
 * {@code (i + 1) / tokensPerSecond} seconds after the stream starts, so the unguarded stream's first token arrives
 * after one token interval and its last after {@code tokens / tokensPerSecond}. Tokens are emitted by tasks on a
 * shared scheduler (no thread per stream); a late task emits every token that is due, so pacing does not drift.
 *
 * <p>Thread safe: every replay keeps its own state.
 */
final class TokenReplay {
    private TokenReplay() {}

    /**
     * What one replayed stream did. Times are nanoseconds from the stream's start.
     *
     * @param tokens the answer's tokens (deltas sent, empty pieces included)
     * @param chars the answer's length in UTF-16 characters
     * @param tokenIntervalNanos the pacing: nanoseconds between two tokens
     * @param firstTextNanos when the first released text arrived, or -1 when none was released
     * @param endNanos when the terminal signal (complete, blocked or error) arrived
     * @param releasedChars characters released to the user in all
     * @param blocked where and why the stream was blocked, or null
     * @param error the stream's failure (a check that failed unexpectedly), or null
     * @param checks the chunk checks that passed, in the order they finished
     */
    record Result(
            int tokens,
            int chars,
            long tokenIntervalNanos,
            long firstTextNanos,
            long endNanos,
            long releasedChars,
            StreamBlocked blocked,
            Throwable error,
            List<ChunkCheck> checks) {
        /** {@return true when every chunk passed and the whole answer was released} */
        boolean completed() {
            return blocked == null && error == null;
        }

        /** {@return when the unguarded stream would have ended: tokens times the token interval} */
        long unguardedEndNanos() {
            return tokens * tokenIntervalNanos;
        }

        /** {@return the end minus the unguarded end: what the guard added to the stream's total time} */
        long addedNanos() {
            return endNanos - unguardedEndNanos();
        }
    }

    /**
     * Splits an answer into token deltas whose concatenation is the answer exactly. Uses the simulator's tokenizer;
     * a string it cannot round-trip (unpaired surrogates) is split into code points instead.
     *
     * @param text the answer
     * @return the deltas, one per token; some may be empty (a token ending inside a multi-byte character)
     */
    static List<String> tokens(String text) {
        if (wellFormed(text)) {
            List<String> pieces = SimTokenizer.tokenize(text);
            if (String.join("", pieces).equals(text)) {
                return pieces;
            }
        }
        List<String> codePoints = new ArrayList<>();
        text.codePoints().forEach(cp -> codePoints.add(new String(Character.toChars(cp))));
        return codePoints;
    }

    /** {@return true when every surrogate is paired (jtokkit encodes only such text)} */
    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Starts replaying an answer. The stream starts now.
     *
     * @param guard the streaming guard
     * @param scheduler runs the token tasks; borrowed, not shut down
     * @param userMessage the user's message, context of every chunk check
     * @param answer the LLM's answer to replay
     * @param tokensPerSecond the pacing, {@code > 0}
     * @return a future of the result, completed on the thread that delivered the terminal signal; cancelling it
     *     cancels the stream
     * @throws IllegalArgumentException when tokensPerSecond is not positive
     */
    static CompletableFuture<Result> start(
            StreamingGuard guard,
            ScheduledExecutorService scheduler,
            String userMessage,
            String answer,
            double tokensPerSecond) {
        Objects.requireNonNull(answer, "answer");
        if (!(tokensPerSecond > 0)) {
            throw new IllegalArgumentException("tokensPerSecond must be > 0, got " + tokensPerSecond);
        }
        List<String> tokens = tokens(answer);
        long interval = Math.max(1, Math.round(1e9 / tokensPerSecond));
        Run run = new Run(tokens, answer.length(), interval, scheduler);
        run.stream = guard.open(userMessage, run);
        run.future.whenComplete((r, t) -> {
            if (t != null) {
                run.stream.cancel(); // the caller cancelled the replay: abandon the stream and its checks
            }
        });
        run.scheduleNext();
        return run.future;
    }

    /** One replay's state: the token cursor (touched by one scheduler task at a time) and the listener's record. */
    private static final class Run implements StreamListener, Runnable {
        final CompletableFuture<Result> future = new CompletableFuture<>();
        final List<String> tokens;
        final int chars;
        final long interval;
        final ScheduledExecutorService scheduler;
        final long start = System.nanoTime();
        GuardedStream stream;
        /** Next token to send; only the running task touches it (each task schedules the next). */
        int next;
        // Listener state: calls are never concurrent and each happens-after the previous (StreamListener).
        volatile long firstText = -1;
        volatile long released;
        final List<ChunkCheck> checks = new CopyOnWriteArrayList<>();

        Run(List<String> tokens, int chars, long interval, ScheduledExecutorService scheduler) {
            this.tokens = tokens;
            this.chars = chars;
            this.interval = interval;
            this.scheduler = scheduler;
        }

        void scheduleNext() {
            if (next == tokens.size()) {
                stream.complete();
                return;
            }
            long due = start + (next + 1) * interval;
            scheduler.schedule(this, due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void run() {
            if (future.isDone()) {
                return;
            }
            long now = System.nanoTime();
            // Send every token that is due (more than one when this task ran late).
            while (next < tokens.size() && start + (next + 1) * interval <= now) {
                if (!stream.onDelta(tokens.get(next++))) {
                    return; // blocked, failed or cancelled: the LLM would stop generating
                }
            }
            scheduleNext();
        }

        private long elapsed() {
            return System.nanoTime() - start;
        }

        @Override
        public void onText(String text) {
            if (firstText < 0) {
                firstText = elapsed();
            }
            released += text.length();
        }

        @Override
        public void onChunkChecked(int chunkIndex, int characters, GuardResult result) {
            checks.add(ChunkCheck.of(chunkIndex, characters, result));
        }

        @Override
        public void onBlocked(StreamBlocked blocked) {
            finish(blocked, null);
        }

        @Override
        public void onComplete() {
            finish(null, null);
        }

        @Override
        public void onError(Throwable error) {
            finish(null, error);
        }

        private void finish(StreamBlocked blocked, Throwable error) {
            future.complete(new Result(
                    tokens.size(),
                    chars,
                    interval,
                    firstText,
                    elapsed(),
                    released,
                    blocked,
                    error,
                    List.copyOf(checks)));
        }
    }
}
