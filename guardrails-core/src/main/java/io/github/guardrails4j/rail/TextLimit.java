package io.github.guardrails4j.rail;

import io.github.guardrails4j.async.LinkedFuture;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.InputRejectedException;
import io.github.guardrails4j.internal.FirstBlockRace;
import io.github.guardrails4j.internal.TextWindows;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How much text a rail sends to its guard model in one request, in characters ({@code String.length()}, UTF-16
 * units), and what happens above it: for an input rail the user's message, for an output rail the user's message
 * and the answer together.
 *
 * <p><b>Why {@value #DEFAULT_MAX_CHARS} characters.</b> The NemoGuard 8B models have an 8,192-token context. The
 * content safety prompt costs about 400 tokens besides the conversation, the verdict up to 50 more. English text
 * averages about 4 characters per Llama 3 token, so {@value #DEFAULT_MAX_CHARS} characters are about 6,000 tokens:
 * room for the template, the verdict and text that tokenizes more densely than English (code, other scripts: 2 to 3
 * characters per token). When a text under the limit still exceeds the model's context, the server's HTTP 400
 * becomes the same {@code REJECTED_INPUT} error.
 *
 * <p><b>Splitting is bounded.</b> With {@link TextLimitPolicy#SPLIT} a text needing more than {@link #maxWindows()}
 * windows is rejected before anything is split or sent, the split itself and the windows' requests are made on
 * {@link java.util.concurrent.ForkJoinPool#commonPool()}, never on the caller's thread, and windows run
 * {@value #WINDOW_CONCURRENCY} at a time, so one huge input can neither block the caller's thread nor starve other
 * users' checks of the guard's capacity.
 *
 * <p>Immutable and thread safe.
 *
 * @param maxChars the most characters checked in one request, at least {@value #MIN_MAX_CHARS}
 * @param policy what happens above it
 * @param overlap for {@link TextLimitPolicy#SPLIT}: the share of a window repeated at the start of the next, 0 to
 *     0.5, so that text across a boundary is seen whole
 * @param maxWindows for {@link TextLimitPolicy#SPLIT}: the most windows one check may make, at least 1
 */
public record TextLimit(int maxChars, TextLimitPolicy policy, double overlap, int maxWindows) {
    /** Default limit: {@value} characters (about 6,000 tokens of the models' 8,192). */
    public static final int DEFAULT_MAX_CHARS = 24_000;
    /** Default overlap of {@link TextLimitPolicy#SPLIT} windows: {@value} (10 %). */
    public static final double DEFAULT_OVERLAP = 0.1;
    /** Default most windows per check: {@value} (about 170,000 characters at the default limit). */
    public static final int DEFAULT_MAX_WINDOWS = 8;
    /** Windows of one check in flight at once: {@value}. */
    public static final int WINDOW_CONCURRENCY = 4;

    /** Where texts are split and their windows' requests started: the common pool, never the caller's thread. */
    private static final Executor SPLITTER = ForkJoinPool.commonPool();
    /** Smallest limit accepted: {@value} characters. */
    public static final int MIN_MAX_CHARS = 100;
    /** The default: {@link TextLimitPolicy#REJECT} above {@value #DEFAULT_MAX_CHARS} characters. */
    public static final TextLimit DEFAULT =
            new TextLimit(DEFAULT_MAX_CHARS, TextLimitPolicy.REJECT, DEFAULT_OVERLAP, DEFAULT_MAX_WINDOWS);

    /**
     * Validates.
     *
     * @param maxChars the most characters checked in one request, at least {@value #MIN_MAX_CHARS}
     * @param policy what happens above it
     * @param overlap for {@link TextLimitPolicy#SPLIT}: the share of a window repeated at the start of the next, 0 to 0.5, so that text across a boundary is seen whole
     * @param maxWindows for {@link TextLimitPolicy#SPLIT}: the most windows one check may make, at least 1
     * @throws ConfigurationException when maxChars is below {@value #MIN_MAX_CHARS}, the policy is null, the
     *     overlap is outside 0 to 0.5 or maxWindows is below 1
     */
    public TextLimit {
        if (maxChars < MIN_MAX_CHARS) {
            throw new ConfigurationException("maxChars must be >= " + MIN_MAX_CHARS + ", got " + maxChars
                    + "; the default is " + DEFAULT_MAX_CHARS + " (about 6,000 tokens)");
        }
        if (policy == null) {
            throw new ConfigurationException("policy must be REJECT or SPLIT, got null");
        }
        if (!(overlap >= 0 && overlap <= 0.5)) {
            throw new ConfigurationException(
                    "overlap must be between 0 and 0.5, got " + overlap + "; the default is " + DEFAULT_OVERLAP);
        }
        if (maxWindows < 1) {
            throw new ConfigurationException(
                    "maxWindows must be >= 1, got " + maxWindows + "; the default is " + DEFAULT_MAX_WINDOWS);
        }
    }

    /**
     * Sets maxChars.
     *
     * @param maxChars the limit
     * @return reject texts over it
     * @throws ConfigurationException when maxChars is below {@value #MIN_MAX_CHARS}
     */
    public static TextLimit reject(int maxChars) {
        return new TextLimit(maxChars, TextLimitPolicy.REJECT, DEFAULT_OVERLAP, DEFAULT_MAX_WINDOWS);
    }

    /**
     * Sets maxChars.
     *
     * @param maxChars the window size
     * @return split texts over it into at most {@value #DEFAULT_MAX_WINDOWS} windows overlapping by
     *     {@value #DEFAULT_OVERLAP}
     * @throws ConfigurationException when maxChars is below {@value #MIN_MAX_CHARS}
     */
    public static TextLimit split(int maxChars) {
        return new TextLimit(maxChars, TextLimitPolicy.SPLIT, DEFAULT_OVERLAP, DEFAULT_MAX_WINDOWS);
    }

    /**
     * Sets maxWindows.
     *
     * @param maxWindows the most windows per check, at least 1
     * @return this limit with another window cap
     * @throws ConfigurationException when maxWindows is below 1
     */
    public TextLimit withMaxWindows(int maxWindows) {
        return new TextLimit(maxChars, policy, overlap, maxWindows);
    }

    /** {@return the overlap in characters: {@code round(maxChars * overlap)}} */
    public int overlapChars() {
        return (int) Math.round(maxChars * overlap);
    }

    /**
     * Applies this limit to one check: runs {@code check} on a request within the limit, rejects one over it (an
     * ERROR verdict, no call), or, with {@link TextLimitPolicy#SPLIT}, checks it as windows (see the policy). For
     * rail implementations; the NIM rails apply their limit this way.
     *
     * @param rail the rail's name, for verdicts and messages
     * @param direction what the rail judges: the user's message, or the answer
     * @param request the request
     * @param check checks one request within the limit; its future must complete normally with a verdict
     * @return the verdict's future; cancelling it cancels every window's check
     * @throws NullPointerException when an argument is null
     */
    public CompletableFuture<Verdict> apply(
            String rail,
            RailDirection direction,
            RailRequest request,
            Function<RailRequest, CompletableFuture<Verdict>> check) {
        String user = request.userMessage();
        String answer = request.answer().orElse(null);
        if (direction == RailDirection.OUTPUT && answer == null) {
            return check.apply(request); // the rail reports the missing answer
        }
        int size = direction == RailDirection.INPUT ? user.length() : user.length() + answer.length();
        if (size <= maxChars) {
            return check.apply(request);
        }
        String what = direction == RailDirection.INPUT
                ? "the user's message is " + fmt(size) + " characters"
                : "the user's message and the answer are " + fmt(size) + " characters together (" + fmt(user.length())
                        + " + " + fmt(answer.length()) + ")";
        if (policy == TextLimitPolicy.REJECT) {
            return rejected(
                    rail,
                    "rail " + rail + ": " + what + ", over its limit of " + fmt(maxChars) + " characters (about "
                            + fmt(maxChars / 4) + " tokens; the model's context is 8,192 tokens). Nothing was sent. "
                            + "Shorten the text, raise the limit, or use TextLimit.split(...) to check it in "
                            + "overlapping windows");
        }
        String judged = direction == RailDirection.INPUT ? user : answer;
        int window = direction == RailDirection.INPUT ? maxChars : maxChars - user.length();
        if (window < maxChars / 2) {
            return rejected(
                    rail,
                    "rail " + rail + ": " + what + "; the user's message alone takes " + fmt(user.length())
                            + " of the " + fmt(maxChars) + "-character limit, leaving windows of the answer too "
                            + "small to split into. Nothing was sent. Check the message with an input rail and "
                            + "shorten it, or raise the limit");
        }
        int overlapChars = Math.min(overlapChars(), window / 2 - 1);
        long needed = judged.length() <= window
                ? 1
                : 1 + (long) Math.ceil((judged.length() - window) / (double) (window - overlapChars));
        if (needed > maxWindows) {
            return rejected(
                    rail,
                    "rail " + rail + ": " + what + ", which would take "
                            + fmt((int) Math.min(needed, Integer.MAX_VALUE))
                            + " windows of " + fmt(window) + " characters, over the cap of " + maxWindows
                            + " windows per check. Nothing was sent. Shorten the text, or raise the cap with "
                            + "TextLimit.withMaxWindows(...)");
        }
        // Splitting copies up to maxWindows windows of text and renders their requests: never on the caller's
        // thread, which may be a request thread of the host (issue 10 item 9). The pool only runs this CPU work;
        // the windows' calls are asynchronous.
        LinkedFuture<Verdict> result = new LinkedFuture<>();
        int overlap = overlapChars;
        SPLITTER.execute(() -> {
            if (result.isDone()) {
                return; // cancelled before the split started: nothing is sent
            }
            try {
                CompletableFuture<Verdict> race =
                        windows(TextWindows.split(judged, window, overlap), request, direction, check);
                result.link(race);
                race.whenComplete((v, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(LinkedFuture.unwrap(failure));
                    } else {
                        result.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                result.complete(Verdict.failed(rail, e, Duration.ZERO));
            }
        });
        return result;
    }

    /** Checks the windows {@value #WINDOW_CONCURRENCY} at a time; the first UNSAFE one decides. */
    private static CompletableFuture<Verdict> windows(
            List<String> parts,
            RailRequest request,
            RailDirection direction,
            Function<RailRequest, CompletableFuture<Verdict>> check) {
        List<Supplier<CompletableFuture<Verdict>>> windows = new ArrayList<>(parts.size());
        for (String part : parts) {
            RailRequest one = request.withJudged(direction, part);
            windows.add(() -> check.apply(one));
        }
        return FirstBlockRace.run(windows, WINDOW_CONCURRENCY, false, new FirstBlockRace.Rules<Verdict, Verdict>() {
            @Override
            public boolean blocks(int index, Verdict v) {
                return v.outcome() == Outcome.UNSAFE;
            }

            @Override
            public Verdict blocked(Verdict first, List<Verdict> collected) {
                return first;
            }

            @Override
            public Verdict allowed(List<Verdict> all) {
                return all.stream()
                        .filter(v -> v.outcome() == Outcome.ERROR)
                        .findFirst()
                        .orElse(all.get(0));
            }
        });
    }

    private static CompletableFuture<Verdict> rejected(String rail, String message) {
        return CompletableFuture.completedFuture(
                Verdict.error(rail, new InputRejectedException(message, null), Duration.ZERO).toBuilder()
                        .attempts(0)
                        .build());
    }

    private static String fmt(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
