package io.github.guardrails4j.testkit;

import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that runs a {@link NimSimulator} around tests.
 *
 * <pre>{@code
 * @RegisterExtension
 * static NimSimulatorExtension nim = NimSimulatorExtension.create();
 *
 * @Test
 * void blocksViolence() {
 *   MyClient client = new MyClient(nim.baseUrl());
 *   ...
 * }
 * }</pre>
 *
 * <p>Registered on a {@code static} field, one simulator serves the whole test class (started
 * before all tests, closed after all); on an instance field, each test gets a fresh simulator.
 * Needs {@code junit-jupiter-api} on the test class path (an optional dependency of the testkit).
 *
 * <h2>Thread safety</h2>
 * Thread safe to read ({@link #baseUrl()}, {@link #simulator()}) from tests running in parallel
 * within one class when registered statically.
 */
public final class NimSimulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final Consumer<NimSimulator.Builder> configuration;
    private volatile NimSimulator simulator;
    private volatile boolean perClass;

    private NimSimulatorExtension(Consumer<NimSimulator.Builder> configuration) {
        this.configuration = configuration;
    }

    /**
     * An extension whose simulator has every default (all models, ephemeral port, no latency).
     *
     * @return the extension
     */
    public static NimSimulatorExtension create() {
        return new NimSimulatorExtension(b -> {});
    }

    /**
     * An extension whose simulator is configured by {@code configuration}, e.g. {@code b ->
     * b.latency(LatencyModel.realistic())}.
     *
     * @param configuration applied to a fresh {@link NimSimulator#builder()} before each start
     * @return the extension
     */
    public static NimSimulatorExtension create(Consumer<NimSimulator.Builder> configuration) {
        return new NimSimulatorExtension(Objects.requireNonNull(configuration, "configuration"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        simulator = startNew();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            simulator = startNew();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    /**
     * The running simulator.
     *
     * @return the simulator
     * @throws IllegalStateException outside the tests the extension is registered for
     */
    public NimSimulator simulator() {
        NimSimulator s = simulator;
        if (s == null) {
            throw new IllegalStateException("The NimSimulator is not running; use it only inside tests of the class "
                    + "that registers this extension with @RegisterExtension.");
        }
        return s;
    }

    /**
     * The running simulator's base URL, e.g. {@code http://127.0.0.1:41234} (no {@code /v1}).
     *
     * @return the base URL
     * @throws IllegalStateException outside the tests the extension is registered for
     */
    public String baseUrl() {
        return simulator().baseUrl();
    }

    private NimSimulator startNew() {
        NimSimulator.Builder builder = NimSimulator.builder();
        configuration.accept(builder);
        return builder.start();
    }

    private void stop() {
        NimSimulator s = simulator;
        simulator = null;
        if (s != null) {
            s.close();
        }
    }
}
