package io.github.guardrails4j.langchain4j;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.testkit.NimSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh simulator per test, a NIM client without retries, and {@link Sim#rails(NimClient)} on it. */
abstract class SimulatorTest {

    protected NimSimulator sim;
    protected NimClient nim;
    protected Guardrails guardrails;

    @BeforeEach
    void startSimulator() {
        sim = NimSimulator.builder().start();
        nim = Sim.nim(sim);
        guardrails = Sim.rails(nim);
    }

    @AfterEach
    void stopSimulator() {
        nim.close();
        sim.close();
    }
}
