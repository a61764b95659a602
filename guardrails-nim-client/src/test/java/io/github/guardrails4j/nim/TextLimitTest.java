package io.github.guardrails4j.nim;

import static io.github.guardrails4j.nim.Nim.completion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.rail.TextLimit;
import io.github.guardrails4j.rail.TextLimitPolicy;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Input limits: REJECT sends nothing; SPLIT sends overlapping windows in the same template. */
class TextLimitTest extends NimServerTest {
    static String text(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; s.length() < n; i++) {
            s.append("word").append(i).append(' ');
        }
        return s.substring(0, n);
    }

    @Test
    void rejectsOverLongInputWithoutACall() {
        NimRail rail = ContentSafetyRail.input(client)
                .textLimit(TextLimit.reject(1000))
                .build();
        Verdict v = rail.check(RailRequest.ofInput(text(1001))).join();
        assertEquals(ErrorReason.REJECTED_INPUT, v.errorReason().orElseThrow());
        assertEquals(0, v.attempts());
        String m = v.error().orElseThrow().getMessage();
        assertTrue(m.contains("1,001 characters") && m.contains("limit of 1,000"), m);
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void theDefaultLimitRejectsAboveItsMaximum() {
        NimRail rail = ContentSafetyRail.input(client).build();
        assertEquals(TextLimit.DEFAULT, rail.textLimit());
        Verdict v = rail.check(RailRequest.ofInput(text(TextLimit.DEFAULT_MAX_CHARS + 1)))
                .join();
        assertEquals(ErrorReason.REJECTED_INPUT, v.errorReason().orElseThrow());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void outputLimitCountsMessageAndAnswer() {
        NimRail rail = ContentSafetyRail.output(client)
                .textLimit(TextLimit.reject(1000))
                .build();
        Verdict v = rail.check(RailRequest.ofOutput(text(600), text(500))).join();
        assertEquals(ErrorReason.REJECTED_INPUT, v.errorReason().orElseThrow());
    }

    @Test
    void splitSendsOverlappingWindowsInTheSameTemplate() throws Exception {
        useRoutes();
        routes.answer(r -> true, completion("{\"User Safety\": \"safe\"}"));
        String input = text(2500);
        NimRail rail =
                ContentSafetyRail.input(client).textLimit(TextLimit.split(1000)).build();
        Verdict v = rail.check(RailRequest.ofInput(input)).get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.SAFE, v.outcome());
        assertEquals(3, server.getRequestCount());
        String prefix = NemoGuardPrompts.contentSafetyInput().fixedPrefix();
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RecordedRequest r = routes.requests.poll(1, TimeUnit.SECONDS);
            String prompt = Nim.body(r).get("messages").get(0).get("content").asText();
            assertTrue(prompt.startsWith(prefix), "every window keeps the cached prefix");
            prompts.add(prompt);
        }
        // windows of 1000, overlapping by 100: [0,1000) [900,1900) [1800,2500)
        for (String w : List.of(input.substring(0, 1000), input.substring(900, 1900), input.substring(1800))) {
            assertTrue(prompts.stream().anyMatch(p -> p.contains(w)), "window sent: " + w.substring(0, 20));
        }
    }

    @Test
    void splitBlocksWhenAnyWindowIsUnsafe() throws Exception {
        useRoutes();
        routes.answer(
                RoutingDispatcher.bodyContains("word400 "),
                completion("{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence\"}"));
        routes.answer(r -> true, completion("{\"User Safety\": \"safe\"}"));
        NimRail rail =
                ContentSafetyRail.input(client).textLimit(TextLimit.split(1000)).build();
        Verdict v = rail.check(RailRequest.ofInput(text(4000))).get(10, TimeUnit.SECONDS);
        assertEquals(Outcome.UNSAFE, v.outcome());
        assertEquals(List.of("Violence"), v.categories());
    }

    @Test
    void limitsAreValidated() {
        assertThrows(ConfigurationException.class, () -> TextLimit.reject(10));
        assertThrows(
                ConfigurationException.class,
                () -> new TextLimit(1000, TextLimitPolicy.SPLIT, 0.9, TextLimit.DEFAULT_MAX_WINDOWS));
    }
}
