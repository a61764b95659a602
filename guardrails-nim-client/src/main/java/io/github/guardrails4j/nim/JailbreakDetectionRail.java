package io.github.guardrails4j.nim;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.nim.internal.AttemptedCalls;
import io.github.guardrails4j.nim.internal.InputWindows;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;

/**
 * The jailbreak detection rail (input): posts the user's message to NemoGuard JailbreakDetect
 * ({@code {"input": TEXT}}) and reads {@code {"jailbreak": bool, "score": float}}.
 *
 * <p><b>Decision.</b> By default the model's {@code jailbreak} boolean decides: true is {@link Outcome#UNSAFE} with
 * the category {@value #CATEGORY}. With {@link Builder#threshold(double)} the verdict is UNSAFE iff
 * {@code score >= threshold} (the boolean must still be present). The score is kept on the verdict.
 *
 * <p><b>Failures fail closed</b> (NeMo's classic engine fails open here; we do not): a missing or non-boolean
 * {@code jailbreak} field is an ERROR ({@code PROTOCOL}); HTTP errors, timeouts and I/O failures are ERROR verdicts
 * with the client's typed exception. The future never completes exceptionally; cancelling it cancels the HTTP
 * call. Immutable and thread safe; borrows its {@link NimClient}.
 */
public final class JailbreakDetectionRail implements Rail {
    /** Default path of the classification endpoint: {@value}. */
    public static final String DEFAULT_PATH = NimClient.DEFAULT_CLASSIFY_PATH;
    /** Hosted endpoint (needs an API key): {@value}. */
    public static final String HOSTED_URL = "https://ai.api.nvidia.com/v1/security/nvidia/nemoguard-jailbreak-detect";
    /** Default name: {@value}. */
    public static final String DEFAULT_NAME = "jailbreak-detection";
    /** Category reported on an unsafe verdict: {@value}. */
    public static final String CATEGORY = "jailbreak";

    private final NimClient client;
    private final String name;
    private final String path;
    private final Double threshold;
    private final InputLimit inputLimit;

    private JailbreakDetectionRail(Builder b) {
        this.client = b.client;
        this.inputLimit = b.inputLimit;
        this.name = b.name;
        this.path = b.path;
        this.threshold = b.threshold;
    }

    /**
     * Starts a builder.
     *
     * @param client the NIM client, borrowed
     * @return a new builder; mutable and not thread safe
     * @throws NullPointerException when client is null
     */
    public static Builder builder(NimClient client) {
        return new Builder(client);
    }

    @Override
    public String name() {
        return name;
    }

    /** @return {@link RailDirection#INPUT}: jailbreak detection judges the user's message */
    @Override
    public RailDirection direction() {
        return RailDirection.INPUT;
    }

    /** {@return the path below the base URL, or the full URL, posted to} */
    public String path() {
        return path;
    }

    /** {@return the score threshold, or empty when the model's boolean decides} */
    public OptionalDouble threshold() {
        return threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold);
    }

    /**
     * Checks the user's message; never throws and never completes exceptionally.
     *
     * @param request the conversation
     * @return a future of the verdict, completed on an OkHttp thread; cancelling it cancels the HTTP call
     */
    @Override
    public CompletableFuture<Verdict> check(RailRequest request) {
        return InputWindows.check(
                name,
                direction(),
                request,
                inputLimit.maxChars(),
                inputLimit.policy() == InputLimitPolicy.SPLIT,
                inputLimit.overlapChars(),
                this::checkOne);
    }

    /** {@return the input size limit} */
    public InputLimit inputLimit() {
        return inputLimit;
    }

    private CompletableFuture<Verdict> checkOne(RailRequest request) {
        long start = System.nanoTime();
        return AttemptedCalls.verdict(
                name, start, () -> client.classify(path, request.userMessage(), path), (c, latency) -> {
                    boolean unsafe;
                    if (threshold == null) {
                        unsafe = c.jailbreak();
                    } else if (c.score() == null) {
                        throw new GuardProtocolException(
                                "rail " + name + " has a score threshold but the answer " + "of " + path
                                        + " has no \"score\"; remove threshold(...) or check the endpoint",
                                null);
                    } else {
                        unsafe = c.score() >= threshold;
                    }
                    return Verdict.builder(name)
                            .outcome(unsafe ? Outcome.UNSAFE : Outcome.SAFE)
                            .categories(unsafe ? List.of(CATEGORY) : List.of())
                            .score(c.score())
                            .latency(latency)
                            .attempts(1)
                            .build();
                });
    }

    @Override
    public String toString() {
        return "JailbreakDetectionRail{name=" + name + ", path=" + path
                + (threshold == null ? "" : ", threshold=" + threshold) + ", client=" + client + '}';
    }

    /** Builds a {@link JailbreakDetectionRail}. Mutable and not thread safe; {@link #build()} copies its state. */
    public static final class Builder {
        private InputLimit inputLimit = InputLimit.DEFAULT;
        private final NimClient client;
        private String name = DEFAULT_NAME;
        private String path = DEFAULT_PATH;
        private Double threshold;

        private Builder(NimClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * Sets the name.
         *
         * @param name the rail's name; default {@value #DEFAULT_NAME}
         * @return this
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the path.
         *
         * @param path a path below the client's base URL, or a full URL such as {@link #HOSTED_URL}; default
         *        {@value #DEFAULT_PATH}
         * @return this
         */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /**
         * Decide by score instead of the model's boolean: UNSAFE iff {@code score >= threshold}. Default: unset
         * (the boolean decides).
         *
         * @param threshold a score, -1 to 1
         * @return this
         */
        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * The input size limit and what happens above it. Default {@link InputLimit#DEFAULT}: reject (no call)
         * above {@value InputLimit#DEFAULT_MAX_CHARS} characters; {@link InputLimit#split(int)} checks long text in
         * overlapping windows instead. Text is never silently truncated.
         *
         * @param inputLimit the limit
         * @return this
         */
        public Builder inputLimit(InputLimit inputLimit) {
            this.inputLimit = java.util.Objects.requireNonNull(inputLimit, "inputLimit");
            return this;
        }

        /**
         * Returns the rail.
         *
         * @return the rail
         * @throws ConfigurationException when the name or path is blank, or the threshold is outside -1 to 1
         */
        public JailbreakDetectionRail build() {
            if (name == null || name.isBlank()) {
                throw new ConfigurationException("a rail name must not be blank; the default is " + DEFAULT_NAME);
            }
            if (path == null || path.isBlank()) {
                throw new ConfigurationException(
                        "path must be a path such as " + DEFAULT_PATH + " or a full URL " + "such as " + HOSTED_URL);
            }
            if (threshold != null && !(threshold >= -1 && threshold <= 1)) {
                throw new ConfigurationException(
                        "threshold must be between -1 and 1 (the model's score range), got " + threshold);
            }
            return new JailbreakDetectionRail(this);
        }
    }
}
