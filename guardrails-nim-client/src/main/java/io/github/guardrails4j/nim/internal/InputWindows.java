package io.github.guardrails4j.nim.internal;

import io.github.guardrails4j.exception.InputRejectedException;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.rail.TextWindows;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a rail's input size limit: passes a text within it, rejects one over it (no call), or checks it as
 * overlapping windows, concurrently, unsafe if any window is. Internal API. Stateless and thread safe.
 */
public final class InputWindows {
    private static final Logger LOG = LoggerFactory.getLogger(InputWindows.class);

    private InputWindows() {}

    /**
     * Checks a request within a size limit.
     *
     * @param rail the rail's name
     * @param direction the rail's direction (what it judges: the user's message, or the answer)
     * @param request the conversation
     * @param maxChars the limit: an input rail's user message, or an output rail's message plus answer
     * @param split true to split, false to reject
     * @param overlapChars overlap of split windows
     * @param one checks one request within the limit
     * @return the verdict future; cancelling it cancels every window's call
     */
    public static CompletableFuture<Verdict> check(
            String rail,
            RailDirection direction,
            RailRequest request,
            int maxChars,
            boolean split,
            int overlapChars,
            Function<RailRequest, CompletableFuture<Verdict>> one) {
        String user = request.userMessage();
        String bot = request.botResponse().orElse(null);
        if (direction == RailDirection.OUTPUT && bot == null) {
            return one.apply(request); // the rail reports the missing answer
        }
        int size = direction == RailDirection.INPUT ? user.length() : user.length() + bot.length();
        if (size <= maxChars) {
            return one.apply(request);
        }
        String what = direction == RailDirection.INPUT
                ? "the user's message is " + fmt(size) + " characters"
                : "the user's message and the answer are " + fmt(size) + " characters together (" + fmt(user.length())
                        + " + " + fmt(bot.length()) + ")";
        if (!split) {
            return rejected(
                    rail,
                    "rail " + rail + ": " + what + ", over its limit of " + fmt(maxChars)
                            + " characters (about " + fmt(maxChars / 4)
                            + " tokens; the model's context is 8,192 tokens). "
                            + "Nothing was sent. Shorten the text, raise the limit, or use InputLimit.split(...) to check it "
                            + "in overlapping windows");
        }
        String judged = direction == RailDirection.INPUT ? user : bot;
        int window = direction == RailDirection.INPUT ? maxChars : maxChars - user.length();
        if (window < maxChars / 2) {
            return rejected(
                    rail,
                    "rail " + rail + ": " + what + "; the user's message alone takes "
                            + fmt(user.length()) + " of the " + fmt(maxChars)
                            + "-character limit, leaving windows of the "
                            + "answer too small to split into. Nothing was sent. Check the message with an input rail and "
                            + "shorten it, or raise the limit");
        }
        List<String> parts = TextWindows.split(judged, window, Math.min(overlapChars, window / 2 - 1));
        List<CompletableFuture<Verdict>> windows = new ArrayList<>();
        for (String part : parts) {
            windows.add(one.apply(
                    direction == RailDirection.INPUT ? RailRequest.ofInput(part) : RailRequest.ofOutput(user, part)));
        }
        LOG.debug("rail {}: {} over {} characters, checked as {} windows", rail, what, maxChars, parts.size());
        return anyUnsafe(windows);
    }

    /**
     * Combines window verdicts: the first UNSAFE one wins at once (the others are cancelled); otherwise, when all
     * are done, the first ERROR in window order, else the first window's verdict.
     *
     * @param windows the window checks, in window order
     * @return the combined verdict; cancelling it cancels every window
     */
    static CompletableFuture<Verdict> anyUnsafe(List<CompletableFuture<Verdict>> windows) {
        CompletableFuture<Verdict> result = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                boolean c = super.cancel(mayInterruptIfRunning);
                windows.forEach(w -> w.cancel(mayInterruptIfRunning));
                return c;
            }
        };
        AtomicInteger pending = new AtomicInteger(windows.size());
        for (CompletableFuture<Verdict> w : windows) {
            w.whenComplete((v, failure) -> {
                if (v != null && v.outcome() == Outcome.UNSAFE && result.complete(v)) {
                    windows.forEach(o -> {
                        if (o != w) {
                            o.cancel(true);
                        }
                    });
                    return;
                }
                if (pending.decrementAndGet() == 0 && !result.isDone()) {
                    Verdict chosen = null;
                    for (CompletableFuture<Verdict> f : windows) {
                        Verdict fv = f.isCompletedExceptionally() ? null : f.getNow(null);
                        if (fv != null && fv.outcome() == Outcome.ERROR) {
                            chosen = fv;
                            break;
                        }
                    }
                    if (chosen == null) {
                        chosen = windows.get(0).join();
                    }
                    result.complete(chosen);
                }
            });
        }
        return result;
    }

    private static CompletableFuture<Verdict> rejected(String rail, String message) {
        return CompletableFuture.completedFuture(
                Verdict.error(rail, new InputRejectedException(message, null), java.time.Duration.ZERO).toBuilder()
                        .attempts(0)
                        .build());
    }

    private static String fmt(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
