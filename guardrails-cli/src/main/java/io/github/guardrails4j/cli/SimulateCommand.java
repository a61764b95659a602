package io.github.guardrails4j.cli;

import io.github.guardrails4j.testkit.NimSimulator;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code guardrails simulate}: runs the NIM simulator in the foreground until the process is interrupted.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Run the NIM simulator in the foreground until interrupted (Ctrl-C).",
            "It serves content safety, topic control and jailbreak detection on 127.0.0.1. It is a keyword "
                    + "classifier for tests and demos, not a safety model."
        },
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:stopped", ExitCodes.HELP_1, "2:usage error, or the port could not be bound"})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8000",
            description = "TCP port on 127.0.0.1; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
            names = "--latency",
            paramLabel = "MODEL",
            defaultValue = "realistic",
            description = "Simulated GPU latency: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    SimLatency latency;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--port must be 0..65535, got " + port);
        }
        NimSimulator sim;
        try {
            sim = NimSimulator.builder().port(port).latency(latency.model()).start();
        } catch (UncheckedIOException e) {
            spec.commandLine().getErr().print("error: " + e.getMessage() + "\n");
            return ExitCodes.USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            sim.close();
                            stopped.countDown();
                        },
                        "guardrails-simulate-shutdown"));
        spec.commandLine().getOut().print(sim.baseUrl() + "\n");
        spec.commandLine().getOut().flush();
        spec.commandLine()
                .getErr()
                .print("NIM simulator (" + latency + " latency) serving " + sim.models() + " at " + sim.baseUrl()
                        + "; it is a keyword classifier, not a safety model. Ctrl-C stops it.\n");
        spec.commandLine().getErr().flush();
        stopped.await();
        return ExitCodes.ALLOWED;
    }
}
