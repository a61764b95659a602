package io.github.guardrails4j.nim;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.nim.internal.AttemptedCalls;
import io.github.guardrails4j.nim.internal.InputWindows;
import io.github.guardrails4j.nim.internal.RailCalls;
import io.github.guardrails4j.nim.internal.Rendezvous;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Verdict;
import io.github.guardrails4j.verdict.VerdictParser;
import io.github.guardrails4j.verdict.parser.TopicControlParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The topic control rail: asks Llama 3.1 NemoGuard 8B TopicControl whether the conversation stays within the
 * application's topic guidelines ({@code on-topic} is safe, {@code off-topic} unsafe, anything else an ERROR).
 *
 * <p><b>Wire format</b> (NeMo Guardrails' {@code topic_safety} action): a system message holding the guidelines,
 * stripped, then {@code \n\n}, then {@link NemoGuardPrompts#topicControlSuffix()} (not appended when the stripped
 * guidelines already end with it); then the user turn (and the assistant turn for an {@link RailDirection#OUTPUT}
 * rail); {@code temperature} 0.01 and {@code max_tokens} always sent. The system message is byte-stable, so a NIM
 * with prefix caching reuses it.
 *
 * <p>Failures map as for {@link ContentSafetyRail}: every failure is an ERROR verdict; the future never completes
 * exceptionally; cancelling it cancels the HTTP call. Immutable and thread safe; borrows its {@link NimClient}.
 */
public final class TopicControlRail implements Rail {
    /** Default model: {@value}. */
    public static final String DEFAULT_MODEL = NemoGuardModels.TOPIC_CONTROL;
    /** Default temperature, NeMo's: {@value}. */
    public static final double DEFAULT_TEMPERATURE = 0.01;
    /** Default {@code max_tokens}: {@value} ({@code off-topic} is 4 tokens with the end token). */
    public static final int DEFAULT_MAX_TOKENS = 10;
    /** Default name: {@value}. */
    public static final String DEFAULT_NAME = "topic-control";
    /** Default direction: {@link RailDirection#INPUT}. */
    public static final RailDirection DEFAULT_DIRECTION = RailDirection.INPUT;

    private final NimClient client;
    private final String name;
    private final RailDirection direction;
    private final String model;
    private final double temperature;
    private final int maxTokens;
    private final String systemMessage;
    private final VerdictParser parser;
    private final String affinityKey;
    private final InputLimit inputLimit;

    private TopicControlRail(Builder b, String systemMessage) {
        this.client = b.client;
        this.inputLimit = b.inputLimit;
        this.name = b.name;
        this.direction = b.direction;
        this.model = b.model;
        this.temperature = b.temperature;
        this.maxTokens = b.maxTokens;
        this.systemMessage = systemMessage;
        this.parser = TopicControlParser.create();
        // prefix affinity: the system message (the guidelines) is the cacheable prefix
        this.affinityKey = model + " " + Long.toHexString(Rendezvous.hash(systemMessage));
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

    /**
     * The system message for guidelines: stripped, then {@code \n\n} and the fixed suffix, unless they already
     * end with it.
     *
     * @param guidelines the application's topic guidelines
     * @return the system message, byte for byte as sent
     */
    public static String systemMessage(String guidelines) {
        String stripped = guidelines.strip();
        String suffix = NemoGuardPrompts.topicControlSuffix();
        return stripped.endsWith(suffix.strip()) ? stripped : stripped + "\n\n" + suffix;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RailDirection direction() {
        return direction;
    }

    /** {@return the model id sent} */
    public String model() {
        return model;
    }

    /** {@return the system message sent, byte for byte} */
    public String systemMessage() {
        return systemMessage;
    }

    /** {@return the temperature sent} */
    public double temperature() {
        return temperature;
    }

    /** {@return {@code max_tokens} sent} */
    public int maxTokens() {
        return maxTokens;
    }

    /**
     * Checks one request; never throws and never completes exceptionally.
     *
     * @param request the conversation; an output rail needs {@link RailRequest#ofOutput}
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
                name,
                start,
                () -> client.chatCompletion(chatRequest(request), affinityKey),
                (completion, latency) -> RailCalls.fromCompletion(
                        name, completion.content(), completion.truncated(), completion.usage(), parser, null, latency));
    }

    /**
     * The chat completion request this rail sends (exposed for tests and dry runs).
     *
     * @param request the conversation
     * @return the request
     * @throws GuardrailsException (reason INTERNAL) when an output rail gets a request without the LLM's answer
     */
    public ChatCompletionRequest chatRequest(RailRequest request) {
        List<ChatMessage> messages;
        if (direction == RailDirection.OUTPUT) {
            String bot = request.botResponse()
                    .orElseThrow(() -> new GuardrailsException(
                            ErrorReason.INTERNAL,
                            "rail " + name + " checks the LLM's answer: build the request with RailRequest.ofOutput"));
            messages = List.of(
                    ChatMessage.system(systemMessage),
                    ChatMessage.user(request.userMessage()),
                    ChatMessage.assistant(bot));
        } else {
            messages = List.of(ChatMessage.system(systemMessage), ChatMessage.user(request.userMessage()));
        }
        return ChatCompletionRequest.of(model, messages, temperature, maxTokens);
    }

    @Override
    public String toString() {
        return "TopicControlRail{name=" + name + ", direction=" + direction + ", model=" + model + ", guidelinesChars="
                + systemMessage.length() + ", client=" + client + '}';
    }

    /** Builds a {@link TopicControlRail}. Mutable and not thread safe; {@link #build()} copies its state. */
    public static final class Builder {
        private InputLimit inputLimit = InputLimit.DEFAULT;
        private final NimClient client;
        private String name = DEFAULT_NAME;
        private RailDirection direction = DEFAULT_DIRECTION;
        private String model = DEFAULT_MODEL;
        private double temperature = DEFAULT_TEMPERATURE;
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private String guidelines;

        private Builder(NimClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /**
         * The application's topic guidelines. Required (this or {@link #guidelinesFile(Path)}).
         *
         * @param guidelines the text; leading and trailing white space is stripped
         * @return this
         */
        public Builder guidelines(String guidelines) {
            this.guidelines = guidelines;
            return this;
        }

        /**
         * Reads the guidelines from a UTF-8 file, now.
         *
         * @param file the file
         * @return this
         * @throws ConfigurationException when the file cannot be read (the I/O failure is its cause)
         */
        public Builder guidelinesFile(Path file) {
            try {
                this.guidelines = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigurationException(
                        "cannot read the topic guidelines file " + file + ": " + e
                                + "; check the path and that it is UTF-8 text",
                        e);
            }
            return this;
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
         * Sets the direction.
         *
         * @param direction INPUT (checks the user's turn) or OUTPUT (also sends the LLM's answer as the assistant
         *        turn); default {@link #DEFAULT_DIRECTION}
         * @return this
         */
        public Builder direction(RailDirection direction) {
            this.direction = direction;
            return this;
        }

        /**
         * Sets the model.
         *
         * @param model the served model id; default {@link #DEFAULT_MODEL}
         * @return this
         */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /**
         * Sets the temperature.
         *
         * @param temperature finite and at least 0; default {@value #DEFAULT_TEMPERATURE}
         * @return this
         */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /**
         * Sets the max tokens.
         *
         * @param maxTokens {@code max_tokens}, at least 1; default {@value #DEFAULT_MAX_TOKENS}
         * @return this
         */
        public Builder maxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
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
         * @throws ConfigurationException when the guidelines are missing or blank, or another value is invalid
         */
        public TopicControlRail build() {
            if (guidelines == null || guidelines.isBlank()) {
                throw new ConfigurationException("topic control needs the application's topic guidelines; set "
                        + "guidelines(...) or guidelinesFile(...)");
            }
            if (name == null || name.isBlank()) {
                throw new ConfigurationException("a rail name must not be blank; the default is " + DEFAULT_NAME);
            }
            if (direction == null) {
                throw new ConfigurationException("direction must be INPUT or OUTPUT, got null");
            }
            if (model == null || model.isBlank()) {
                throw new ConfigurationException("model must be a served model id such as " + DEFAULT_MODEL);
            }
            if (maxTokens < 1) {
                throw new ConfigurationException(
                        "maxTokens must be >= 1 (default " + DEFAULT_MAX_TOKENS + "), got " + maxTokens);
            }
            if (!Double.isFinite(temperature) || temperature < 0) {
                throw new ConfigurationException("temperature must be finite and >= 0 (default " + DEFAULT_TEMPERATURE
                        + "), got " + temperature);
            }
            return new TopicControlRail(this, systemMessage(guidelines));
        }
    }
}
