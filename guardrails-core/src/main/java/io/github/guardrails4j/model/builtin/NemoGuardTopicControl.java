package io.github.guardrails4j.model.builtin;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.ChatGuardModel;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.prompt.TokenNeutralizer;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.parser.TopicControlParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Llama 3.1 NemoGuard 8B TopicControl: is the conversation within the application's topic guidelines
 * ({@code on-topic} is safe, {@code off-topic} unsafe, anything else an error)?
 *
 * <p><b>Wire format</b> (NeMo Guardrails' {@code topic_safety} action, NVIDIA-NeMo/Guardrails
 * {@code nemoguardrails/library/topic_safety/actions.py} at commit 13739de09bdd7593c72b2f7b47bc8f03da649503): a
 * system message holding the guidelines, stripped, then {@code \n\n}, then
 * {@link NemoGuardPrompts#topicControlSuffix()} (not appended when the stripped guidelines already end with it);
 * then the user turn (and the assistant turn for an output check); {@code temperature} 0.01 and {@code max_tokens}
 * always sent. The system message is byte-stable, so a NIM with prefix caching reuses it. Model card:
 * build.nvidia.com/nvidia/llama-3_1-nemoguard-8b-topic-control/modelcard.
 *
 * <p>Immutable and thread safe.
 */
public final class NemoGuardTopicControl extends ChatGuardModel {
    /** Default model: {@value}. */
    public static final String DEFAULT_MODEL = NemoGuardModels.TOPIC_CONTROL;
    /** Default temperature, NeMo's: {@value}. */
    public static final double DEFAULT_TEMPERATURE = 0.01;
    /** Default {@code max_tokens}: {@value} ({@code off-topic} is 4 tokens with the end token). */
    public static final int DEFAULT_MAX_TOKENS = 10;
    /**
     * Longest guidelines accepted, in characters: {@value} (about 4,000 tokens, half the model's 8,192-token
     * context; the rest is for the conversation).
     */
    public static final int MAX_GUIDELINES_CHARS = 16_000;

    /** The neutraliser of this model: Llama 3 control tokens in every turn but the system message. */
    public static final TokenNeutralizer NEUTRALIZER =
            TokenNeutralizer.of(List.of(TokenNeutralizer.Family.LLAMA_3), List.of(), List.of());

    private static final TopicControlParser PARSER = TopicControlParser.create();

    private final String systemMessage;
    private final String fingerprint;

    private NemoGuardTopicControl(Builder b, String systemMessage) {
        super(b);
        this.systemMessage = systemMessage;
        this.fingerprint = PromptTemplate.sha256Hex(systemMessage);
    }

    /** {@return a builder with the defaults; guidelines are required} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this model's settings (its guidelines are the system message)} */
    public Builder toBuilder() {
        Builder b = new Builder().from(this);
        b.guidelines = systemMessage;
        return b;
    }

    /**
     * The system message sent for given guidelines: stripped, then {@code \n\n} and the fixed suffix, unless they
     * already end with it.
     *
     * @param guidelines the application's topic guidelines
     * @return the system message
     */
    public static String systemMessage(String guidelines) {
        String stripped = guidelines.strip();
        String suffix = NemoGuardPrompts.topicControlSuffix();
        return stripped.endsWith(suffix.strip()) ? stripped : stripped + "\n\n" + suffix;
    }

    /** {@return the system message sent} */
    public String systemMessage() {
        return systemMessage;
    }

    /** Both directions. */
    @Override
    public boolean supports(RailDirection direction) {
        return true;
    }

    /**
     * The system message, then every earlier user and assistant turn of the conversation (the host's system turns
     * are not sent: the guidelines are this model's system prompt), then the user's message, then the answer for
     * an output check: what NeMo Guardrails' {@code topic_safety_check_input} sends.
     */
    @Override
    protected List<ChatMessage> messages(RailDirection direction, RailRequest request) {
        List<ChatMessage> messages = new ArrayList<>(request.history().turns().size() + 3);
        messages.add(ChatMessage.system(systemMessage));
        for (Conversation.Turn t : request.history().turns()) {
            if (t.role() == Conversation.Role.USER) {
                messages.add(ChatMessage.user(injected(t.text())));
            } else if (t.role() == Conversation.Role.ASSISTANT) {
                messages.add(ChatMessage.assistant(injected(t.text())));
            }
        }
        messages.add(ChatMessage.user(injected(request.userMessage())));
        if (direction == RailDirection.OUTPUT) {
            messages.add(ChatMessage.assistant(injected(request.answer().orElseThrow())));
        }
        return messages;
    }

    @Override
    protected ParsedVerdict parseText(RailDirection direction, String text) {
        return PARSER.parse(text);
    }

    /** {@return this class and parser version 1: {@link #parse} has no settings} */
    @Override
    public Optional<String> parserIdentity() {
        return Optional.of(NemoGuardTopicControl.class.getName() + "/1");
    }

    /** The SHA-256 of the system message: the cacheable prefix. */
    @Override
    public Optional<String> prefixFingerprint(RailDirection direction) {
        return Optional.of(fingerprint);
    }

    @Override
    public String toString() {
        return "NemoGuardTopicControl{model=" + modelId() + ", guidelinesChars=" + systemMessage.length() + '}';
    }

    /** Builds a {@link NemoGuardTopicControl}. Mutable and not thread safe; {@link #build()} copies its state. */
    public static final class Builder extends ChatGuardModel.Builder<NemoGuardTopicControl, Builder> {
        private String guidelines;

        private Builder() {
            super(DEFAULT_MODEL, DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS);
            defaultNeutralizer(NEUTRALIZER);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * The application's topic guidelines. Required (this or {@link #guidelinesFile(Path)}). Checked at
         * {@link #build()}: text of at most {@value #MAX_GUIDELINES_CHARS} characters with no NUL character.
         *
         * @param guidelines the text; leading and trailing white space is stripped
         * @return this
         */
        public Builder guidelines(String guidelines) {
            this.guidelines = guidelines;
            return this;
        }

        /**
         * Reads the guidelines from a UTF-8 text file, now. The file must be a regular file of at most
         * {@value #MAX_GUIDELINES_CHARS} characters (devices, pipes and directories are refused before anything is
         * read).
         *
         * @param file the file
         * @return this
         * @throws ConfigurationException when the file is not a regular file, is too large, is not UTF-8 text, or
         *     cannot be read (the I/O failure is its cause)
         */
        public Builder guidelinesFile(Path file) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigurationException("the topic guidelines file " + file + " is "
                        + (Files.isDirectory(file)
                                ? "a directory"
                                : Files.exists(file) ? "not a regular file" : "missing")
                        + "; give a UTF-8 text file of at most " + MAX_GUIDELINES_CHARS + " characters");
            }
            try {
                long size = Files.size(file);
                if (size > 4L * MAX_GUIDELINES_CHARS) {
                    throw new ConfigurationException("the topic guidelines file " + file + " is " + size
                            + " bytes, more than " + MAX_GUIDELINES_CHARS + " characters can take; guidelines are "
                            + "a short policy text: shorten it");
                }
                this.guidelines = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new ConfigurationException(
                        "the topic guidelines file " + file + " is not UTF-8 text; save it as UTF-8", e);
            } catch (IOException e) {
                throw new ConfigurationException(
                        "cannot read the topic guidelines file " + file + ": " + e
                                + "; check the path and that it is UTF-8 text",
                        e);
            }
            return this;
        }

        /**
         * Returns the model.
         *
         * @return the model
         * @throws ConfigurationException when the guidelines are missing, blank, longer than
         *     {@value #MAX_GUIDELINES_CHARS} characters or hold a NUL character, or another value is invalid
         */
        @Override
        public NemoGuardTopicControl build() {
            validate();
            if (guidelines == null || guidelines.isBlank()) {
                throw new ConfigurationException("topic control needs the application's topic guidelines; set "
                        + "guidelines(...) or guidelinesFile(...)");
            }
            if (guidelines.length() > MAX_GUIDELINES_CHARS) {
                throw new ConfigurationException("the topic guidelines are "
                        + String.format(Locale.ROOT, "%,d", guidelines.length()) + " characters, more than the "
                        + MAX_GUIDELINES_CHARS + " allowed (about half the model's context); shorten them");
            }
            if (guidelines.indexOf('\0') >= 0) {
                throw new ConfigurationException("the topic guidelines hold a NUL character at index "
                        + guidelines.indexOf('\0') + "; they must be plain text");
            }
            return new NemoGuardTopicControl(this, systemMessage(guidelines));
        }
    }
}
