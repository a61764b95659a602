package io.github.guardrails4j.nemo;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NeMo Guardrails' example configurations and the requests NeMo itself sent for them (the shared test data, read
 * by path; tests skip when it is absent in a plain clone).
 */
final class Goldens {
    /** The shared configurations folder. */
    static final Path CONFIGS = Path.of("..", "..", "shared", "data", "nemo-configs");
    /** The dummy key the goldens were recorded with (the value never reached the goldens). */
    static final Map<String, String> ENV = Map.of("NVIDIA_API_KEY", "test-key-not-secret");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Goldens() {}

    /** One request NeMo sent. */
    record Request(String phase, String path, JsonNode body, String bodyRaw) {}

    /** One golden file: the inputs and every request, in order. */
    record Golden(String config, int n, String user, String response, List<Request> requests) {
        List<Request> phase(String phase) {
            return requests.stream().filter(r -> r.phase().equals(phase)).toList();
        }
    }

    static void assumePresent() {
        assumeTrue(Files.isDirectory(CONFIGS.resolve("goldens")), "../shared is absent in a plain clone");
    }

    static Path config(String name) {
        return CONFIGS.resolve(name);
    }

    static Golden golden(String config, int n) {
        Path file = CONFIGS.resolve("goldens").resolve(config).resolve(n + ".json");
        try {
            JsonNode root = JSON.readTree(Files.readString(file));
            List<Request> requests = new ArrayList<>();
            for (JsonNode r : root.get("requests")) {
                requests.add(new Request(
                        r.get("phase").asText(),
                        r.get("path").asText(),
                        r.get("body"),
                        r.get("body_raw").asText()));
            }
            return new Golden(
                    root.get("config").asText(),
                    n,
                    root.get("user").asText(),
                    root.get("response").asText(),
                    requests);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
