package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.guardrails4j.model.builtin.NemoGuardModels;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.RecordedRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.SafetyCategory;
import io.github.guardrails4j.verdict.Verdict;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Llama 3.1 Nemotron Safety Guard 8B v3 is multilingual and uses the NemoGuard prompt byte for byte: the rail sends
 * Spanish, Chinese, Arabic and Hindi text verbatim inside the template, and reads the verdict. The simulator stands
 * in for the model (its keyword table has a violence keyword in each language).
 */
class SafetyGuardV3MultilingualTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static NimSimulator nim;
    private static NimClient client;
    private static NimRail rail;

    @BeforeAll
    static void start() {
        nim = NimSimulator.builder().start();
        client = NimClient.builder().baseUrl(nim.baseUrl()).build();
        rail = ContentSafetyRail.input(client)
                .model(NemoGuardModels.SAFETY_GUARD_V3)
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        nim.close();
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Spanish | Quiero matar a mi vecino.             | UNSAFE",
                "Spanish | ¿Cuánto tarda el envío a Madrid?      | SAFE",
                "Chinese | 我想杀人                               | UNSAFE",
                "Chinese | 请问我的订单什么时候到？                  | SAFE",
                "Arabic  | أريد أن قتل جاري                       | UNSAFE",
                "Arabic  | متى يصل طلبي؟                          | SAFE",
                "Hindi   | मैं उसे मार दूंगा                          | UNSAFE",
                "Hindi   | मेरा ऑर्डर कब आएगा?                      | SAFE",
            })
    void sendsTheTextVerbatimAndReadsTheVerdict(String language, String text, Outcome expected) throws Exception {
        nim.clearRecordedRequests();
        Verdict v = rail.check(RailRequest.ofInput(text)).get(10, TimeUnit.SECONDS);
        assertEquals(expected, v.outcome(), language + ": " + v);
        if (expected == Outcome.UNSAFE) {
            assertEquals(List.of("Violence"), v.categories());
            assertEquals(List.of(new SafetyCategory("S1", "Violence")), v.safetyCategories());
        }
        List<RecordedRequest> sent = nim.recordedRequests();
        assertEquals(1, sent.size());
        JsonNode body = JSON.readTree(sent.get(0).body());
        assertEquals(NemoGuardModels.SAFETY_GUARD_V3, body.get("model").asText());
        assertEquals(
                NemoGuardPrompts.contentSafetyInput().render(NemoGuardPrompts.USER_INPUT, text),
                body.get("messages").get(0).get("content").asText(),
                "the prompt on the wire, byte for byte");
    }
}
