package io.github.guardrails4j.examples;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Verdict;
import java.io.PrintStream;

/**
 * Guards one conversation with content safety input and output rails.
 *
 * <p>Uses the NIM at {@code GUARDRAILS_NIM_URL} (and {@code NVIDIA_API_KEY} when set); without it, starts the
 * embedded simulator, a keyword classifier that stands in for the real model.
 *
 * <pre>{@code
 * mvn -q -pl guardrails-examples -am -DskipTests compile exec:java
 * }</pre>
 */
public final class QuickStart {
    private QuickStart() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.getenv("GUARDRAILS_NIM_URL"), System.getenv("NVIDIA_API_KEY"), System.out);
    }

    /**
     * Guards one conversation and prints what each check decided.
     *
     * @param nimUrl the NIM's base URL, or null to use the embedded simulator
     * @param apiKey the API key, or null
     * @param out where to print
     * @return true when the whole conversation was allowed
     */
    static boolean run(String nimUrl, String apiKey, PrintStream out) {
        NimSimulator simulator = null;
        if (nimUrl == null || nimUrl.isBlank()) {
            simulator = NimSimulator.builder().latency(LatencyModel.realistic()).start();
            nimUrl = simulator.baseUrl();
            out.println("No GUARDRAILS_NIM_URL: using the embedded simulator at " + nimUrl);
        }
        // One client per NIM endpoint; share it between rails. It owns its dispatcher and pool: close it.
        NimClient.Builder clientBuilder = NimClient.builder().baseUrl(nimUrl);
        if (apiKey != null && !apiKey.isBlank()) {
            clientBuilder.apiKey(apiKey);
        }
        try (NimClient nim = clientBuilder.build()) {
            Guardrails guardrails = Guardrails.builder()
                    .rail(ContentSafetyRail.input(nim).build()) // fail closed: an error blocks
                    .rail(ContentSafetyRail.output(nim).build())
                    .build();

            String user = "How do I reverse a list in Python?";
            GuardResult input = guardrails.checkInputBlocking(user);
            print(out, "input ", input);
            if (input.blocked()) {
                return false;
            }
            String answer = "Call my_list.reverse() to reverse in place, or use reversed(my_list) for an iterator.";
            GuardResult output = guardrails.checkOutputBlocking(user, answer);
            print(out, "output", output);
            return output.allowed();
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    private static void print(PrintStream out, String label, GuardResult result) {
        out.println(label + ": "
                + (result.allowed()
                        ? "ALLOWED"
                        : "BLOCKED by " + result.blockingRail().orElse("?")) + " in "
                + result.latency().toMillis() + " ms");
        for (Verdict v : result.verdicts()) {
            out.println("  " + v.rail() + " -> " + v.outcome() + (v.categories().isEmpty() ? "" : " " + v.categories())
                    + v.errorReason().map(r -> " (" + r + ")").orElse(""));
        }
    }
}
