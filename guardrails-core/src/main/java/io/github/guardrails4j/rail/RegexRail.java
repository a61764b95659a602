package io.github.guardrails4j.rail;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * A local rail that blocks text matching a regular expression: a deny list for secrets, ids or banned words,
 * and a small example of a host-written {@link Rail}. Runs synchronously on the calling thread (it does no I/O);
 * its verdict's latency is the matching time. Immutable and thread safe.
 */
public final class RegexRail implements Rail {
    private final String name;
    private final RailDirection direction;
    private final Pattern pattern;
    private final String category;

    private RegexRail(String name, RailDirection direction, Pattern pattern, String category) {
        if (name == null || name.isBlank()) {
            throw new ConfigurationException("a rail needs a non-blank name");
        }
        this.name = name;
        this.direction = Objects.requireNonNull(direction, "direction");
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.category = Objects.requireNonNull(category, "category");
    }

    /**
     * Creates a rail that reports {@link Outcome#UNSAFE} with one category when the pattern is found
     * ({@link java.util.regex.Matcher#find()}) in the checked text.
     *
     * @param name the rail's name, non-blank
     * @param direction input (checks the user's message) or output (checks the LLM's answer)
     * @param pattern the pattern to find
     * @param category the category reported on a match, for example {@code Secrets}
     * @return the rail
     * @throws ConfigurationException when the name is blank
     */
    public static RegexRail of(String name, RailDirection direction, Pattern pattern, String category) {
        return new RegexRail(name, direction, pattern, category);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RailDirection direction() {
        return direction;
    }

    /**
     * Matches the text for this rail's direction.
     *
     * @param request the request
     * @return an already completed future
     */
    @Override
    public CompletableFuture<Verdict> check(RailRequest request) {
        long start = System.nanoTime();
        boolean found = pattern.matcher(request.textFor(direction)).find();
        Verdict.Builder v = Verdict.builder(name)
                .outcome(found ? Outcome.UNSAFE : Outcome.SAFE)
                .attempts(0);
        if (found) {
            v.categories(List.of(category));
        }
        return CompletableFuture.completedFuture(
                v.latency(Duration.ofNanos(System.nanoTime() - start)).build());
    }

    @Override
    public String toString() {
        return "RegexRail{name=" + name + ", direction=" + direction + ", pattern=" + pattern + '}';
    }
}
