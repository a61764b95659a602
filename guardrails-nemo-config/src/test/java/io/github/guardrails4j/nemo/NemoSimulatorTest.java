package io.github.guardrails4j.nemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.RecordedRequest;
import io.github.guardrails4j.verdict.Verdict;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NeMo's own {@code nemoguards} configuration, run over real HTTP against the NIM simulator (its endpoints
 * replaced by the simulator's URL): the three input rails and the output rail run, and the simulator receives the
 * bodies NeMo sent (with the named deviations). The rails run in parallel, so requests are compared as a set.
 */
class NemoSimulatorTest {
    @ParameterizedTest(name = "input {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void theNemoguardsConfigurationRunsItsThreeInputRailsAndItsOutputRail(int n) {
        Goldens.assumePresent();
        Goldens.Golden golden = Goldens.golden("nemoguards", n);
        try (NimSimulator sim = NimSimulator.builder().start()) {
            NemoConfig config = NemoConfig.loader()
                    .environment(Goldens.ENV)
                    .baseUrlOverride(sim.baseUrl())
                    .load(Goldens.config("nemoguards"));
            try (NemoGuardrails nemo = config.open()) {
                GuardResult in = nemo.guardrails().checkInputBlocking(golden.user());
                assertTrue(in.allowed(), in.toString());
                assertEquals(
                        List.of("content-safety-input", "topic-control", "jailbreak-detection"),
                        in.verdicts().stream().map(Verdict::rail).toList());
                assertEquals(bodies(golden.phase("input")), received(sim));
                sim.clearRecordedRequests();

                GuardResult out = nemo.guardrails().checkOutputBlocking(golden.user(), golden.response());
                assertTrue(out.allowed(), out.toString());
                assertEquals(
                        List.of("content-safety-output"),
                        out.verdicts().stream().map(Verdict::rail).toList());
                assertEquals(bodies(golden.phase("output")), received(sim));
                assertEquals(
                        Optional.of("Bearer " + Goldens.ENV.get("NVIDIA_API_KEY")),
                        sim.recordedRequests().get(0).header("Authorization"));
            }
        }
    }

    private static List<String> bodies(List<Goldens.Request> golden) {
        return golden.stream()
                .map(r -> r.path() + " " + Deviations.expectedBody(r))
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    private static List<String> received(NimSimulator sim) {
        return sim.recordedRequests().stream()
                .map((RecordedRequest r) -> r.path() + " " + r.body())
                .sorted(Comparator.naturalOrder())
                .toList();
    }
}
