package io.github.guardrails4j.nemo.internal;

import io.github.guardrails4j.model.ChatGuardModel;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.prompt.TokenNeutralizer;
import io.github.guardrails4j.rail.Conversation;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.ParsedVerdict;
import io.github.guardrails4j.verdict.Taxonomy;
import io.github.guardrails4j.verdict.VerdictParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A guard model whose prompt comes from a NeMo Guardrails {@code prompts.yml}: each message template is rendered
 * with the user's message ({@code {{ user_input }}}) and, for an output check, the answer ({@code {{ bot_response
 * }}}), values inserted verbatim; for topic control the conversation's earlier user and assistant turns and then the
 * user's message follow the fixed system message (system turns of the host's own LLM are not sent). The answer is
 * read by the parser the prompt's {@code output_parser} maps to. One direction per model. Immutable and thread safe.
 */
public final class NemoPromptModel extends ChatGuardModel {
    /**
     * What a config prompt's injected texts are neutralised with by default (issue 11 item 5): the control tokens of
     * both tokenizer families NeMo's NemoGuard configs use (Llama 3 for the 8B models, Gemma 3 for the 4B reasoning
     * model; the config does not say which a model id is) and the NemoGuard content safety template's markers. A
     * text without them is sent byte for byte as NeMo sends it.
     */
    static final TokenNeutralizer NEUTRALIZER = TokenNeutralizer.of(
            List.of(TokenNeutralizer.Family.LLAMA_3, TokenNeutralizer.Family.GEMMA_3),
            List.of(
                    "<BEGIN CONVERSATION>",
                    "<END CONVERSATION>",
                    "<BEGIN UNSAFE CONTENT CATEGORIES>",
                    "<END UNSAFE CONTENT CATEGORIES>",
                    "response: agent:"),
            List.of("user:"));

    private final RailDirection direction;
    private final List<Template> templates;
    private final boolean userTurnLast;
    private final VerdictParser parser;
    private final Map<String, Object> extraBody;
    private final Taxonomy taxonomy;

    /**
     * One message template.
     *
     * @param role the message role
     * @param template its text
     */
    public record Template(String role, PromptTemplate template) {}

    private NemoPromptModel(Builder b) {
        super(b);
        this.direction = b.direction;
        this.templates = List.copyOf(b.templates);
        this.userTurnLast = b.userTurnLast;
        this.parser = b.parser;
        this.extraBody = new LinkedHashMap<>(b.extraBody);
        this.taxonomy = b.taxonomy;
    }

    /**
     * A builder.
     *
     * @param direction the one direction the model judges
     * @param defaultMaxTokens {@code max_tokens} when none is set
     * @param temperature the temperature the NeMo flow sends
     * @return the builder
     */
    public static Builder builder(RailDirection direction, int defaultMaxTokens, double temperature) {
        return new Builder(direction, defaultMaxTokens, temperature);
    }

    @Override
    public boolean supports(RailDirection d) {
        return d == direction;
    }

    @Override
    protected List<ChatMessage> messages(RailDirection d, RailRequest request) {
        Map<String, String> values = new HashMap<>(4);
        values.put(NemoGuardPrompts.USER_INPUT, injected(request.userMessage()));
        request.answer().ifPresent(a -> values.put(NemoGuardPrompts.BOT_RESPONSE, injected(a)));
        List<ChatMessage> out = new ArrayList<>(templates.size() + 1);
        for (Template t : templates) {
            out.add(new ChatMessage(t.role(), t.template().render(values)));
        }
        if (userTurnLast) {
            // NeMo's topic safety action: the system prompt, the conversation so far, then the user's message
            for (Conversation.Turn turn : request.history().turns()) {
                if (turn.role() == Conversation.Role.USER) {
                    out.add(ChatMessage.user(injected(turn.text())));
                } else if (turn.role() == Conversation.Role.ASSISTANT) {
                    out.add(ChatMessage.assistant(injected(turn.text())));
                }
            }
            out.add(ChatMessage.user(injected(request.userMessage())));
        }
        return out;
    }

    @Override
    protected Map<String, Object> extraBody(RailDirection d) {
        return extraBody;
    }

    @Override
    protected ParsedVerdict parseText(RailDirection d, String text) {
        return parser.parse(text);
    }

    @Override
    public Optional<Taxonomy> taxonomy() {
        return Optional.ofNullable(taxonomy);
    }

    /** The SHA-256 of the first message's fixed prefix: what a NIM's prefix cache reuses. */
    @Override
    public Optional<String> prefixFingerprint(RailDirection d) {
        return templates.isEmpty()
                ? Optional.empty()
                : Optional.of(templates.get(0).template().prefixFingerprint());
    }

    @Override
    public String toString() {
        return "NemoPromptModel{model=" + modelId() + ", direction=" + direction + ", messages=" + templates.size()
                + (userTurnLast ? "+user" : "") + ", maxTokens=" + maxTokens() + ", parser=" + parser + '}';
    }

    /** Builds a {@link NemoPromptModel}. Mutable and not thread safe. */
    public static final class Builder extends ChatGuardModel.Builder<NemoPromptModel, Builder> {
        private final RailDirection direction;
        private final List<Template> templates = new ArrayList<>();
        private boolean userTurnLast;
        private VerdictParser parser;
        private final Map<String, Object> extraBody = new LinkedHashMap<>();
        private Taxonomy taxonomy;

        private Builder(RailDirection direction, int defaultMaxTokens, double temperature) {
            super("", temperature, defaultMaxTokens);
            this.direction = direction;
            defaultNeutralizer(NEUTRALIZER);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Adds a message template.
         *
         * @param role the role
         * @param template the text
         * @return this
         */
        public Builder message(String role, PromptTemplate template) {
            templates.add(new Template(role, template));
            return this;
        }

        /**
         * Sends the user's message verbatim as the last turn (topic control).
         *
         * @return this
         */
        public Builder userTurnLast() {
            this.userTurnLast = true;
            return this;
        }

        /**
         * Sets the parser.
         *
         * @param parser the answer's parser
         * @return this
         */
        public Builder parser(VerdictParser parser) {
            this.parser = parser;
            return this;
        }

        /**
         * Adds a body field sent after {@code max_tokens}.
         *
         * @param key the field
         * @param value its value
         * @return this
         */
        public Builder extra(String key, Object value) {
            extraBody.put(key, value);
            return this;
        }

        /**
         * Sets the taxonomy.
         *
         * @param taxonomy the taxonomy categories map to, or null for none
         * @return this
         */
        public Builder taxonomy(Taxonomy taxonomy) {
            this.taxonomy = taxonomy;
            return this;
        }

        @Override
        public NemoPromptModel build() {
            validate();
            if (parser == null || (templates.isEmpty() && !userTurnLast)) {
                throw new IllegalStateException("a NeMo prompt model needs a parser and at least one message");
            }
            return new NemoPromptModel(this);
        }
    }
}
