package io.github.guardrails4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The default conventions' reused tag sets are the right ones for every verdict, direction, model and outcome. */
class ConventionTagsTest {
    static Map<String, String> map(KeyValues kv) {
        Map<String, String> m = new TreeMap<>();
        for (KeyValue k : kv) {
            m.put(k.getKey(), k.getValue());
        }
        return m;
    }

    static RailContext rail(String name, RailDirection direction, String model) {
        return new RailContext(new RailEvent(name, direction, model, FailurePolicy.FAIL_CLOSED, 0, 0, null, false));
    }

    @Test
    void railTagsFollowTheVerdictAndARailNameReusedWithAnotherDirectionOrModel() {
        DefaultRailObservationConvention c = new DefaultRailObservationConvention();
        RailContext r = rail("cs", RailDirection.INPUT, "m1");
        assertEquals(
                Map.of(
                        "rail.name",
                        "cs",
                        "rail.type",
                        "input",
                        "gen_ai.request.model",
                        "m1",
                        "guardrails.verdict",
                        "pending"),
                map(c.getLowCardinalityKeyValues(r)));
        assertEquals("guardrails.rail cs", c.getContextualName(r));
        for (Outcome o : Outcome.values()) {
            RailContext done = rail("cs", RailDirection.INPUT, "m1");
            done.verdict(
                    o == Outcome.ERROR
                            ? Verdict.failed("cs", new IllegalStateException("down"), Duration.ZERO)
                            : Verdict.builder("cs")
                                    .outcome(o)
                                    .latency(Duration.ZERO)
                                    .build());
            assertEquals(
                    o.name().toLowerCase(Locale.ROOT),
                    map(c.getLowCardinalityKeyValues(done)).get("guardrails.verdict"));
        }
        RailContext cancelled = rail("cs", RailDirection.INPUT, "m1");
        cancelled.markCancelled();
        assertEquals("cancelled", map(c.getLowCardinalityKeyValues(cancelled)).get("guardrails.verdict"));
        assertSame(
                c.getLowCardinalityKeyValues(r), c.getLowCardinalityKeyValues(rail("cs", RailDirection.INPUT, "m1")));

        assertEquals(
                Map.of(
                        "rail.name",
                        "cs",
                        "rail.type",
                        "output",
                        "gen_ai.request.model",
                        "none",
                        "guardrails.verdict",
                        "pending"),
                map(c.getLowCardinalityKeyValues(rail("cs", RailDirection.OUTPUT, null))));
        assertEquals("m1", map(c.getLowCardinalityKeyValues(r)).get("gen_ai.request.model"));
    }

    @Test
    void requestTagsFollowTheOutcomeAndTheBlockingRail() {
        DefaultRequestObservationConvention c = new DefaultRequestObservationConvention();
        CheckEvent started = new CheckEvent(RailDirection.OUTPUT, List.of("a", "b"), 0, 0, CheckEvent.STARTED, null);
        RequestContext running = new RequestContext(started);
        assertEquals(
                Map.of("rail.type", "output", "guardrails.outcome", "pending", "guardrails.blocked.by", "none"),
                map(c.getLowCardinalityKeyValues(running)));
        assertEquals("guardrails.request output", c.getContextualName(running));
        assertEquals(Map.of("guardrails.rails", "a,b"), map(c.getHighCardinalityKeyValues(running)));

        RequestContext blocked = new RequestContext(started);
        blocked.ended(new CheckEvent(RailDirection.OUTPUT, List.of("a", "b"), 0, 5, CheckEvent.BLOCKED, "b"));
        assertEquals(
                Map.of("rail.type", "output", "guardrails.outcome", "blocked", "guardrails.blocked.by", "b"),
                map(c.getLowCardinalityKeyValues(blocked)));
        RequestContext allowed = new RequestContext(started);
        allowed.ended(new CheckEvent(RailDirection.OUTPUT, List.of("a", "b"), 0, 5, CheckEvent.ALLOWED, null));
        assertEquals(
                Map.of("rail.type", "output", "guardrails.outcome", "allowed", "guardrails.blocked.by", "none"),
                map(c.getLowCardinalityKeyValues(allowed)));
    }
}
