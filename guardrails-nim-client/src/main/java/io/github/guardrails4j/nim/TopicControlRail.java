package io.github.guardrails4j.nim;

import io.github.guardrails4j.model.GuardModel;
import io.github.guardrails4j.model.builtin.NemoGuardTopicControl;
import io.github.guardrails4j.rail.RailDirection;
import java.nio.file.Path;

/**
 * The topic control rail: a {@link NimRail} serving {@link NemoGuardTopicControl}, which asks whether the
 * conversation stays within the application's topic guidelines ({@code on-topic} is safe, {@code off-topic}
 * unsafe, anything else an error). Its documentation gives the exact wire format and sources.
 *
 * <pre>{@code
 * Rail topic = TopicControlRail.builder(nim).guidelines("Only discuss our products and orders.").build();
 * }</pre>
 *
 * <p>Stateless; the rails it builds are immutable and thread safe and borrow their {@link NimClient}.
 */
public final class TopicControlRail {
    /** Default model: {@value}. */
    public static final String DEFAULT_MODEL = NemoGuardTopicControl.DEFAULT_MODEL;
    /** Default temperature, NeMo's: {@value}. */
    public static final double DEFAULT_TEMPERATURE = NemoGuardTopicControl.DEFAULT_TEMPERATURE;
    /** Default {@code max_tokens}: {@value} ({@code off-topic} is 4 tokens with the end token). */
    public static final int DEFAULT_MAX_TOKENS = NemoGuardTopicControl.DEFAULT_MAX_TOKENS;
    /** Default name: {@value}. */
    public static final String DEFAULT_NAME = "topic-control";
    /** Default direction: {@link RailDirection#INPUT}. */
    public static final RailDirection DEFAULT_DIRECTION = RailDirection.INPUT;

    private TopicControlRail() {}

    /**
     * Sets client.
     *
     * @param client the NIM client, borrowed
     * @return a new builder; mutable and not thread safe
     * @throws NullPointerException when client is null
     */
    public static Builder builder(NimClient client) {
        return new Builder(client);
    }

    /** Builds a topic control {@link NimRail}. Mutable and not thread safe. */
    public static final class Builder extends ChatRailBuilder<Builder> {
        private final NemoGuardTopicControl.Builder model = NemoGuardTopicControl.builder();

        private Builder(NimClient client) {
            super(client, DEFAULT_NAME, DEFAULT_DIRECTION);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The application's topic guidelines. Required (this or {@link #guidelinesFile(Path)}); see
         * {@link NemoGuardTopicControl.Builder#guidelines(String)} for the checks made.
         *
         * @param guidelines the text; leading and trailing white space is stripped
         * @return this
         */
        public Builder guidelines(String guidelines) {
            model.guidelines(guidelines);
            return this;
        }

        /**
         * Reads the guidelines from a UTF-8 text file, now; see
         * {@link NemoGuardTopicControl.Builder#guidelinesFile(Path)}.
         *
         * @param file the file
         * @return this
         * @throws io.github.guardrails4j.exception.ConfigurationException when the file is not a regular UTF-8 text
         *     file of bounded size, or cannot be read
         */
        public Builder guidelinesFile(Path file) {
            model.guidelinesFile(file);
            return this;
        }

        /**
         * Sets direction.
         *
         * @param direction judge the user's message (INPUT, the default) or the answer with the conversation
         *     (OUTPUT)
         * @return this
         */
        public Builder direction(RailDirection direction) {
            setDirection(direction);
            return this;
        }

        @Override
        protected GuardModel model() {
            return build(model);
        }
    }
}
