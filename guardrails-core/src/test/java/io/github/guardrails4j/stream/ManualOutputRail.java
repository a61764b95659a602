package io.github.guardrails4j.stream;

import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** An output rail whose futures the test completes by hand: no threads, no sleeps. */
final class ManualOutputRail implements Rail {
    private final String name;
    final List<CompletableFuture<Verdict>> calls = new CopyOnWriteArrayList<>();
    final List<String> texts = new CopyOnWriteArrayList<>();

    ManualOutputRail(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RailDirection direction() {
        return RailDirection.OUTPUT;
    }

    @Override
    public CompletableFuture<Verdict> check(RailRequest request) {
        texts.add(request.textFor(RailDirection.OUTPUT));
        CompletableFuture<Verdict> f = new CompletableFuture<>();
        calls.add(f);
        return f;
    }

    /** Completes call {@code i} (0-based, in start order) with an outcome. */
    void answer(int i, Outcome outcome, String... categories) {
        calls.get(i)
                .complete(Verdict.builder(name)
                        .outcome(outcome)
                        .categories(List.of(categories))
                        .build());
    }

    void safe(int i) {
        answer(i, Outcome.SAFE);
    }
}
