package io.github.guardrails4j;

import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A rail whose futures the test completes by hand: no threads, no sleeps. */
final class ManualRail implements Rail {
    private final String name;
    private final RailDirection direction;
    private final String prefixCacheKey;
    final List<CompletableFuture<Verdict>> calls = new CopyOnWriteArrayList<>();
    final List<RailRequest> requests = new CopyOnWriteArrayList<>();

    ManualRail(String name, RailDirection direction) {
        this(name, direction, null);
    }

    ManualRail(String name, RailDirection direction, String prefixCacheKey) {
        this.name = name;
        this.direction = direction;
        this.prefixCacheKey = prefixCacheKey;
    }

    @Override
    public Optional<String> prefixCacheKey() {
        return Optional.ofNullable(prefixCacheKey);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RailDirection direction() {
        return direction;
    }

    @Override
    public CompletableFuture<Verdict> check(RailRequest request) {
        requests.add(request);
        CompletableFuture<Verdict> f = new CompletableFuture<>();
        calls.add(f);
        return f;
    }

    CompletableFuture<Verdict> last() {
        return calls.get(calls.size() - 1);
    }

    void answer(Outcome outcome, String... categories) {
        last().complete(Verdict.builder(name)
                .outcome(outcome)
                .categories(List.of(categories))
                .build());
    }
}
