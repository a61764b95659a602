package io.github.guardrails4j.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.guardrails4j.nim.NimCodec;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every NeMo example configuration with goldens and each of the four inputs, the rails built from the
 * configuration send the same requests NeMo Guardrails sent: the same rails in the same order and direction, the
 * same paths, and the same body bytes except for the deviations named here (and listed in docs/nemo-config.md).
 */
class NemoGoldenRequestsTest {
    static Stream<Arguments> cases() {
        Goldens.assumePresent();
        return Stream.of(
                        "nemoguards",
                        "content_safety",
                        "content_safety_local",
                        "content_safety_reasoning",
                        "topic_safety",
                        "jailbreak_detection_nim")
                .flatMap(c -> Stream.of(1, 2, 3, 4).map(n -> Arguments.of(c, n)));
    }

    @ParameterizedTest(name = "{0} input {1}")
    @MethodSource("cases")
    void sendsTheRequestsNemoSent(String config, int n) {
        Goldens.Golden golden = Goldens.golden(config, n);
        NemoConfig loaded = NemoConfig.load(Goldens.config(config), Goldens.ENV);
        try (NemoGuardrails nemo = loaded.open()) {
            assertRequests(golden.phase("input"), nemo.guardrails().inputRails(), RailRequest.ofInput(golden.user()));
            assertRequests(
                    golden.phase("output"),
                    nemo.guardrails().outputRails(),
                    RailRequest.ofOutput(golden.user(), golden.response()));
        }
    }

    private static void assertRequests(List<Goldens.Request> expected, List<Rail> rails, RailRequest request) {
        assertEquals(expected.size(), rails.size(), "rails run: " + rails);
        for (int i = 0; i < rails.size(); i++) {
            NimRail rail = (NimRail) rails.get(i);
            Goldens.Request want = expected.get(i);
            String ours = new String(NimCodec.encode(rail.request(request)), StandardCharsets.UTF_8);
            String path = rail.path();
            assertEquals(want.path(), path, rail.name() + " path");
            assertEquals(Deviations.expectedBody(want), ours, rail.name() + " body");
        }
    }
}
