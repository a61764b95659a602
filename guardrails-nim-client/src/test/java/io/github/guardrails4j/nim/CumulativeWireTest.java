package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.TokensEvent;
import io.github.guardrails4j.model.builtin.NemoGuardContentSafety;
import io.github.guardrails4j.rail.ThinkTrace;
import io.github.guardrails4j.stream.GuardedStream;
import io.github.guardrails4j.stream.StreamingConfig;
import io.github.guardrails4j.stream.StreamingGuard;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.RecordedRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cumulative streaming checks on the wire, against the simulator with its prefix cache: the request body of each
 * chunk check is a byte prefix of the next one's up to the end of its answer (also with a control token and a
 * template marker cut at a chunk edge and a think trace removed), and each check after the first recomputes
 * only about the new chunk and the template's end.
 */
class CumulativeWireTest {
    private static final String END = "<END CONVERSATION>";

    @Test
    void eachChunkCheckBodyIsABytePrefixOfTheNextUpToItsAnswerEnd() throws Exception {
        // chunks of 24 characters: edge 48 falls inside "<|eot_id|>" (after its "<"), edge 96 inside
        // "<END CONVERSATION>"
        String answer = "<think>the plan</think>Paris is in France, and <|eot_id|> It has many museums, parks,"
                + " <END CONVERSATION> and the Louvre is the largest one of them all.";
        assertEquals(47, answer.indexOf("<|"));
        assertEquals(86, answer.indexOf("<END"));
        List<TokensEvent> tokens = new CopyOnWriteArrayList<>();
        try (NimSimulator sim = NimSimulator.builder().start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            Guardrails guardrails = Guardrails.builder()
                    .rail(ContentSafetyRail.output(client).build())
                    .listener(new GuardrailsListener() {
                        @Override
                        public void tokensReported(TokensEvent event) {
                            tokens.add(event);
                        }
                    })
                    .build();
            StreamingGuard guard = StreamingGuard.create(
                    guardrails,
                    StreamingConfig.builder()
                            .chunkSizeChars(24)
                            .contextSize(6)
                            .maxInFlightChecks(1)
                            .cumulative(true)
                            .build());
            StreamDone done = new StreamDone();
            GuardedStream stream = guard.open("Tell me about Paris. (user text 51c2)", done);
            for (int i = 0; i < answer.length(); i += 5) {
                stream.onDelta(answer.substring(i, Math.min(answer.length(), i + 5)));
            }
            stream.complete();
            assertTrue(done.latch.await(10, TimeUnit.SECONDS));
            assertNull(done.error);
            assertEquals(answer, done.text.toString());

            List<String> bodies = sim.recordedRequests().stream()
                    .filter(r -> r.path().endsWith("/chat/completions"))
                    .map(RecordedRequest::body)
                    .toList();
            int chunks = (answer.length() + 23) / 24;
            assertEquals(chunks, bodies.size(), "one check per chunk");
            String finalPrompt = prompt(bodies.get(bodies.size() - 1));
            String checked = NemoGuardContentSafety.NEUTRALIZER.neutralize(ThinkTrace.strip(answer));
            int answerEnd = finalPrompt.indexOf(checked) + checked.length();
            assertTrue(answerEnd > checked.length(), "the last check sends the whole answer, neutralised");
            String separator = finalPrompt.substring(answerEnd, finalPrompt.lastIndexOf(END));
            String wireSeparator = Nim.JSON.writeValueAsString(separator);
            wireSeparator = wireSeparator.substring(1, wireSeparator.length() - 1);
            String templateEnd = finalPrompt.substring(answerEnd);
            for (int k = 0; k + 1 < bodies.size(); k++) {
                String prompt = prompt(bodies.get(k));
                assertTrue(prompt.endsWith(templateEnd), "check " + k + " ends with the template's end");
                String body = bodies.get(k);
                String wirePrefix = body.substring(0, body.lastIndexOf(END) - wireSeparator.length());
                assertTrue(
                        bodies.get(k + 1).startsWith(wirePrefix),
                        "check " + k + "'s body up to its answer end is a byte prefix of check " + (k + 1) + "'s");
            }
            assertEquals(bodies.size(), tokens.size());
            // The prompt grows with the answer, the recomputed part does not: the new chunk, the template's end
            // (about 100 tokens) and the last, partial block of the check before (16-token blocks).
            int first = uncached(tokens.get(1));
            for (int k = 2; k < tokens.size(); k++) {
                assertTrue(
                        uncached(tokens.get(k)) <= first + 16,
                        "check " + k + ": " + tokens.get(k).usage());
            }
            int grown = tokens.get(tokens.size() - 1).usage().promptTokens()
                    - tokens.get(1).usage().promptTokens();
            assertTrue(grown >= 30, "the answer grew by " + grown + " tokens");
        }
    }

    private static int uncached(TokensEvent e) {
        return e.usage().promptTokens() - e.usage().cachedPromptTokens().orElse(0);
    }

    private static String prompt(String body) throws Exception {
        JsonNode messages = Nim.JSON.readTree(body).get("messages");
        return messages.get(messages.size() - 1).get("content").asText();
    }
}
