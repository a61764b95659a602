package io.github.guardrails4j.nim;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.nim.internal.AttemptedCalls;
import io.github.guardrails4j.nim.internal.EarlyDecisionCall;
import io.github.guardrails4j.nim.internal.InputWindows;
import io.github.guardrails4j.nim.internal.RailCalls;
import io.github.guardrails4j.prompt.NemoGuardPrompts;
import io.github.guardrails4j.prompt.PromptTemplate;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Taxonomy;
import io.github.guardrails4j.verdict.Verdict;
import io.github.guardrails4j.verdict.VerdictParser;
import io.github.guardrails4j.verdict.parser.ContentSafetyFormat;
import io.github.guardrails4j.verdict.parser.NemoGuardJsonParser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content safety rail: asks a content safety guard model (Llama 3.1 NemoGuard 8B ContentSafety by default)
 * whether the user's message ({@link #input(NimClient) input}) or the LLM's answer ({@link #output(NimClient)
 * output}) is safe.
 *
 * <p><b>Wire format.</b> With {@link ContentSafetyFormat#NEMOGUARD} the conversation is rendered into the NemoGuard
 * prompt template ({@link NemoGuardPrompts#contentSafetyInput()} / {@link NemoGuardPrompts#contentSafetyOutput()})
 * and sent as exactly what NeMo Guardrails sends: {@code {"model": M, "messages": [{"role": "user", "content":
 * RENDERED}], "temperature": 1e-20, "max_tokens": 50}}. Other formats send the plain turns (user, then assistant
 * for the output check) and let the server apply the model's chat template.
 *
 * <p><b>Verdicts.</b> An answer cut at {@code max_tokens} is an ERROR ({@code TRUNCATED_OUTPUT}) and is never
 * parsed; no text, or text the format's parser rejects, is an ERROR ({@code UNPARSEABLE_OUTPUT}); transport,
 * timeout, HTTP and protocol failures are ERROR verdicts with the client's typed exception. The returned future
 * always completes normally (never exceptionally, never SAFE on a failure), on an OkHttp dispatcher thread.
 * Cancelling it cancels the HTTP call.
 *
 * <p><b>Early decision (opt-in, {@link Builder#earlyDecision(boolean)}).</b> The request is streamed
 * ({@code "stream": true, "stream_options": {"include_usage": true}}, same prompt, so the same cached prefix) and
 * the verdict is decided while the model is still writing: UNSAFE as soon as the closing quote of the verdict
 * value arrives (before the categories), SAFE as soon as the text is one complete JSON object that the strict
 * parser reads as safe. {@link #check} then returns the decision, whose UNSAFE verdicts carry no categories and no
 * usage; the complete verdict (categories, usage, full latency) goes to {@link Builder#onCompleteVerdict(Consumer)}
 * and to {@link #checkStreamed}'s {@link StreamedVerdict#complete()}.
 *
 * <p>Immutable and thread safe: one rail serves many checks at once. It borrows its {@link NimClient}.
 */
public final class ContentSafetyRail implements Rail {
    /** Default model: {@value}. */
    public static final String DEFAULT_MODEL = NemoGuardModels.CONTENT_SAFETY;
    /** Default format: {@link ContentSafetyFormat#NEMOGUARD}. */
    public static final ContentSafetyFormat DEFAULT_FORMAT = ContentSafetyFormat.NEMOGUARD;
    /** Default {@code max_tokens}, NeMo's: {@value}. Below about 40 verdicts with categories get cut. */
    public static final int DEFAULT_MAX_TOKENS = 50;
    /** Default temperature, NeMo's (effectively greedy): {@value}. */
    public static final double DEFAULT_TEMPERATURE = 1e-20;
    /** Default name of the input rail: {@value}. */
    public static final String DEFAULT_INPUT_NAME = "content-safety-input";
    /** Default name of the output rail: {@value}. */
    public static final String DEFAULT_OUTPUT_NAME = "content-safety-output";
    /** Fixed prefixes shorter than this many characters trigger a warning: they cache poorly. {@value} */
    public static final int SHORT_PREFIX_WARN_CHARS = 64;
    /** Default of {@link Builder#earlyDecision(boolean)}: {@value}. */
    public static final boolean DEFAULT_EARLY_DECISION = false;

    private static final Logger LOG = LoggerFactory.getLogger(ContentSafetyRail.class);

    private final NimClient client;
    private final RailDirection direction;
    private final String name;
    private final String model;
    private final ContentSafetyFormat format;
    private final int maxTokens;
    private final double temperature;
    private final boolean lenient;
    private final PromptTemplate template;
    private final Taxonomy taxonomy;
    private final VerdictParser parser;
    private final String affinityKey;
    private final InputLimit inputLimit;
    private final boolean earlyDecision;
    private final Consumer<Verdict> onCompleteVerdict;

    private ContentSafetyRail(Builder b, PromptTemplate template) {
        this.client = b.client;
        this.inputLimit = b.inputLimit;
        this.direction = b.direction;
        this.name =
                b.name != null ? b.name : (direction == RailDirection.INPUT ? DEFAULT_INPUT_NAME : DEFAULT_OUTPUT_NAME);
        this.model = b.model;
        this.format = b.format;
        this.maxTokens = b.maxTokens;
        this.temperature = b.temperature;
        this.lenient = b.lenient;
        this.template = template;
        this.taxonomy = b.taxonomy != null ? b.taxonomy : format.taxonomy();
        VerdictParser p = format.parser(direction);
        this.parser = lenient ? ((NemoGuardJsonParser) p).lenient() : p;
        // prefix affinity: the same fixed prefix prefers the same replica (input and output share the prefix)
        this.affinityKey = model + " " + (template != null ? template.prefixFingerprint() : format.id());
        this.earlyDecision = b.earlyDecision;
        this.onCompleteVerdict = b.onCompleteVerdict;
    }

    /**
     * Starts an input rail (judges the user's message), named {@value #DEFAULT_INPUT_NAME}.
     *
     * @param client the NIM client, borrowed
     * @return a new builder; mutable and not thread safe
     * @throws NullPointerException when client is null
     */
    public static Builder input(NimClient client) {
        return new Builder(client, RailDirection.INPUT);
    }

    /**
     * Starts an output rail (judges the LLM's answer, with the user's message as context), named
     * {@value #DEFAULT_OUTPUT_NAME}.
     *
     * @param client the NIM client, borrowed
     * @return a new builder; mutable and not thread safe
     * @throws NullPointerException when client is null
     */
    public static Builder output(NimClient client) {
        return new Builder(client, RailDirection.OUTPUT);
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

    /** {@return the answer format} */
    public ContentSafetyFormat format() {
        return format;
    }

    /** {@return {@code max_tokens} sent} */
    public int maxTokens() {
        return maxTokens;
    }

    /** {@return the temperature sent} */
    public double temperature() {
        return temperature;
    }

    /** {@return true when the lenient JSON parser is used} */
    public boolean lenient() {
        return lenient;
    }

    /** {@return true when {@link #check} streams the answer and decides early; see {@link Builder#earlyDecision}} */
    public boolean earlyDecision() {
        return earlyDecision;
    }

    /** {@return the taxonomy categories are mapped to} */
    public Taxonomy taxonomy() {
        return taxonomy;
    }

    /** {@return the prompt template, or empty for formats that send plain turns} */
    public Optional<PromptTemplate> template() {
        return Optional.ofNullable(template);
    }

    /**
     * The SHA-256 of the template's fixed prefix (the text before {@code {{ user_input }}}), the part a NIM with
     * prefix caching reuses across calls.
     *
     * @return 64 lower-case hex digits, or empty for formats that send plain turns
     */
    public Optional<String> prefixFingerprint() {
        return template().map(PromptTemplate::prefixFingerprint);
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
        return earlyDecision ? checkStreamed(request).decision() : checkPlain(request);
    }

    /**
     * Checks one request over a streamed answer and decides as early as the verdict allows (see
     * {@link Builder#earlyDecision(boolean)} for the rules), whatever {@link #earlyDecision()} says. Never throws
     * and never completes exceptionally. {@link Builder#onCompleteVerdict(Consumer)} receives the complete verdict.
     * The text is sent as one request: {@link Builder#inputLimit(InputLimit)} is applied by {@link #check}, not
     * here. The stream is one attempt (see {@link NimClient#chatCompletionStream}).
     *
     * @param request the conversation; an output rail needs {@link RailRequest#ofOutput}
     * @return the decision and the complete verdict, both completed on an OkHttp thread; cancelling either cancels
     *         the stream
     * @throws ConfigurationException when the format is not {@link ContentSafetyFormat#NEMOGUARD} (only its JSON
     *         verdict can be read before it is complete)
     */
    public StreamedVerdict checkStreamed(RailRequest request) {
        if (format != ContentSafetyFormat.NEMOGUARD) {
            throw new ConfigurationException("streamed early decision reads the nemoguard JSON verdict only, got "
                    + "format " + format.id() + "; use check(...)");
        }
        long start = System.nanoTime();
        EarlyDecisionCall.Futures f = EarlyDecisionCall.start(
                name,
                start,
                onDelta -> client.streamCompletion(chatRequest(request), affinityKey, onDelta),
                ((NemoGuardJsonParser) parser).verdictKey(),
                parser,
                taxonomy,
                onCompleteVerdict);
        return new StreamedVerdict(f.decision(), f.complete());
    }

    /**
     * {@code client base URL + " " + model + " " + prefix SHA-256}: the input and output rails of one NIM and model
     * share the fixed prefix, so {@link io.github.guardrails4j.Guardrails#warmUp()} warms it once.
     *
     * @return the key, or empty for formats that send plain turns (no fixed prefix of ours)
     */
    @Override
    public Optional<String> prefixCacheKey() {
        return prefixFingerprint().map(sha -> client.baseUrl() + " " + model + " " + sha);
    }

    /**
     * Sends one non-streamed check of a short benign text (also with early decision on, so that the warm-up verdict
     * carries the usage and cached tokens).
     *
     * @return a future of the warm-up verdict
     */
    @Override
    public CompletableFuture<Verdict> warmUp() {
        return checkPlain(
                direction == RailDirection.INPUT
                        ? RailRequest.ofInput(WARM_UP_TEXT)
                        : RailRequest.ofOutput(WARM_UP_TEXT, WARM_UP_TEXT));
    }

    private CompletableFuture<Verdict> checkPlain(RailRequest request) {
        long start = System.nanoTime();
        return AttemptedCalls.verdict(
                name,
                start,
                () -> client.chatCompletion(chatRequest(request), affinityKey),
                (completion, latency) -> RailCalls.fromCompletion(
                        name,
                        completion.content(),
                        completion.truncated(),
                        completion.usage(),
                        parser,
                        taxonomy,
                        latency));
    }

    /**
     * The chat completion request this rail sends for a conversation (exposed for tests and dry runs).
     *
     * @param request the conversation
     * @return the request
     * @throws GuardrailsException (reason INTERNAL) when an output rail gets a request without the LLM's answer
     */
    public ChatCompletionRequest chatRequest(RailRequest request) {
        String user = request.userMessage();
        String bot = null;
        if (direction == RailDirection.OUTPUT) {
            bot = request.botResponse()
                    .orElseThrow(() -> new GuardrailsException(
                            ErrorReason.INTERNAL,
                            "rail " + name + " checks the LLM's answer: build the request with RailRequest.ofOutput"));
        }
        List<ChatMessage> messages;
        if (template != null) {
            Map<String, String> values = new HashMap<>();
            values.put(NemoGuardPrompts.USER_INPUT, user);
            if (bot != null) {
                values.put(NemoGuardPrompts.BOT_RESPONSE, bot);
            }
            messages = List.of(ChatMessage.user(template.render(values)));
        } else {
            messages = bot == null
                    ? List.of(ChatMessage.user(user))
                    : List.of(ChatMessage.user(user), ChatMessage.assistant(bot));
        }
        return ChatCompletionRequest.of(model, messages, temperature, maxTokens);
    }

    @Override
    public String toString() {
        return "ContentSafetyRail{name=" + name + ", model=" + model + ", format=" + format.id() + ", maxTokens="
                + maxTokens + (lenient ? ", lenient" : "") + (earlyDecision ? ", earlyDecision" : "") + ", client="
                + client + '}';
    }

    /** Builds a {@link ContentSafetyRail}. Mutable and not thread safe; {@link #build()} copies its state. */
    public static final class Builder {
        private InputLimit inputLimit = InputLimit.DEFAULT;
        private final NimClient client;
        private final RailDirection direction;
        private String name;
        private String model = DEFAULT_MODEL;
        private ContentSafetyFormat format = DEFAULT_FORMAT;
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private double temperature = DEFAULT_TEMPERATURE;
        private boolean lenient;
        private PromptTemplate template;
        private Taxonomy taxonomy;
        private boolean earlyDecision = DEFAULT_EARLY_DECISION;
        private Consumer<Verdict> onCompleteVerdict = v -> {};

        private Builder(NimClient client, RailDirection direction) {
            this.client = Objects.requireNonNull(client, "client");
            this.direction = direction;
        }

        /**
         * Sets the name.
         *
         * @param name the rail's name; default {@value #DEFAULT_INPUT_NAME} or {@value #DEFAULT_OUTPUT_NAME}
         * @return this
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the model.
         *
         * @param model the served model id; default {@link #DEFAULT_MODEL} (see {@link NemoGuardModels})
         * @return this
         */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /**
         * Sets the format.
         *
         * @param format the model's answer format; default {@link #DEFAULT_FORMAT}
         * @return this
         */
        public Builder format(ContentSafetyFormat format) {
            this.format = format;
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
         * Sets the temperature.
         *
         * @param temperature the sampling temperature, finite and at least 0; default {@value #DEFAULT_TEMPERATURE}
         * @return this
         */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /**
         * Accepts exactly one JSON object inside other text (code fences, prose); see
         * {@link NemoGuardJsonParser#lenient()}. Only for {@link ContentSafetyFormat#NEMOGUARD}. Default false
         * (strict, as NeMo).
         *
         * @param lenient true for the lenient parser
         * @return this
         */
        public Builder lenient(boolean lenient) {
            this.lenient = lenient;
            return this;
        }

        /**
         * A custom prompt template, for formats that use one ({@link ContentSafetyFormat#usesPromptTemplate()}).
         * The input template needs {@code {{ user_input }}}; the output template {@code {{ user_input }}} and
         * {@code {{ bot_response }}}; no other placeholders. Default: the bundled NemoGuard template.
         *
         * @param template the template
         * @return this
         */
        public Builder template(PromptTemplate template) {
            this.template = template;
            return this;
        }

        /**
         * Streams the answer and decides the verdict before the model has finished writing it. Default
         * {@value ContentSafetyRail#DEFAULT_EARLY_DECISION}. Only for {@link ContentSafetyFormat#NEMOGUARD}.
         *
         * <p><b>Rules.</b> The partial JSON is read as it arrives. <em>UNSAFE</em> is decided as soon as the
         * closing quote of the verdict value ({@code "User Safety"} / {@code "Response Safety"}) has arrived and
         * the value is not {@code safe}: with the realistic latency model that is after about 7 of the 22 to 34
         * tokens of an unsafe verdict, so the categories are still unknown and the decision's
         * {@link Verdict#categories()} is <em>empty</em> (and its usage unknown). Whatever the model writes next
         * can only keep the answer unsafe or make it an error, both of which block a fail-closed rail (a fail-open
         * rail blocks on the early UNSAFE where the complete answer might have been an error it lets pass).
         * <em>SAFE</em> is decided only once the text is one complete JSON object that the strict parser reads as
         * safe ({@code {"User Safety": "safe"}} with its closing brace): deciding at the closing quote of
         * {@code safe} would trust a verdict whose object may still turn out broken or duplicated, and it gains
         * nothing, because the quote and the brace arrive in the same token (<code>"&#125;</code>). What remains
         * between that decision and the stream's end is the end token and the usage chunk.
         *
         * <p><b>The complete verdict.</b> The stream is read to its end in the background; its verdict (categories,
         * raw text, usage with cached tokens, full latency) goes to {@link #onCompleteVerdict(Consumer)} and to
         * {@link ContentSafetyRail#checkStreamed}'s {@link StreamedVerdict#complete()}. If it disagrees with the
         * decision (the text after the decision was cut, {@code finish_reason: "length"}, or made the object
         * unparseable), it is an ERROR verdict and a warning is logged; the decision already delivered is never
         * changed. A stream that ends before the verdict value is complete is an ERROR
         * ({@code TRUNCATED_OUTPUT}). Cancelling the decision future cancels the stream, even after the decision.
         * A {@code Guardrails} listener sees the decision, not the complete verdict: register
         * {@link #onCompleteVerdict(Consumer)} (for example to feed a cache statistics listener) for usage.
         *
         * @param earlyDecision true to stream and decide early
         * @return this
         */
        public Builder earlyDecision(boolean earlyDecision) {
            this.earlyDecision = earlyDecision;
            return this;
        }

        /**
         * Receives the complete verdict of every streamed check (see {@link #earlyDecision(boolean)}), once per
         * check, on the OkHttp thread that read the stream. Must be fast, must not block and should not throw (a
         * throw is logged and ignored). Default: ignore.
         *
         * @param consumer the consumer
         * @return this
         * @throws NullPointerException when consumer is null
         */
        public Builder onCompleteVerdict(Consumer<Verdict> consumer) {
            this.onCompleteVerdict = Objects.requireNonNull(consumer, "consumer");
            return this;
        }

        /**
         * Sets the taxonomy.
         *
         * @param taxonomy the taxonomy categories are mapped to; default the format's
         * @return this
         */
        public Builder taxonomy(Taxonomy taxonomy) {
            this.taxonomy = taxonomy;
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
         * @throws ConfigurationException when a value is invalid: blank name or model, maxTokens below 1, a negative
         *         or non-finite temperature, lenient or a template with a format that does not use them, a template
         *         missing a placeholder, with an unknown placeholder, or with an empty fixed prefix, or earlyDecision
         *         with a format other than NEMOGUARD
         */
        public ContentSafetyRail build() {
            if (name != null && name.isBlank()) {
                throw new ConfigurationException("a rail name must not be blank; omit name(...) for the default");
            }
            if (model == null || model.isBlank()) {
                throw new ConfigurationException("model must be a served model id such as " + DEFAULT_MODEL
                        + "; GET /v1/models lists what the NIM serves");
            }
            if (format == null) {
                throw new ConfigurationException("format must not be null; the default is " + DEFAULT_FORMAT);
            }
            if (maxTokens < 1) {
                throw new ConfigurationException(
                        "maxTokens must be >= 1 (NeMo uses " + DEFAULT_MAX_TOKENS + "), got " + maxTokens);
            }
            if (!Double.isFinite(temperature) || temperature < 0) {
                throw new ConfigurationException(
                        "temperature must be finite and >= 0 (NeMo uses 1e-20), got " + temperature);
            }
            if (lenient && format != ContentSafetyFormat.NEMOGUARD) {
                throw new ConfigurationException(
                        "lenient(true) applies to the nemoguard JSON format only, got " + format.id());
            }
            if (earlyDecision && format != ContentSafetyFormat.NEMOGUARD) {
                throw new ConfigurationException("earlyDecision(true) reads the nemoguard JSON verdict as it streams "
                        + "and applies to format NEMOGUARD only, got " + format.id() + "; remove earlyDecision(true)");
            }
            PromptTemplate t = null;
            if (format.usesPromptTemplate()) {
                t = template != null
                        ? checked(template)
                        : (direction == RailDirection.INPUT
                                ? NemoGuardPrompts.contentSafetyInput()
                                : NemoGuardPrompts.contentSafetyOutput());
            } else if (template != null) {
                throw new ConfigurationException("format " + format.id() + " sends plain conversation turns and "
                        + "takes no prompt template; remove template(...) or use format NEMOGUARD");
            }
            return new ContentSafetyRail(this, t);
        }

        private PromptTemplate checked(PromptTemplate t) {
            Set<String> required = direction == RailDirection.INPUT
                    ? Set.of(NemoGuardPrompts.USER_INPUT)
                    : Set.of(NemoGuardPrompts.USER_INPUT, NemoGuardPrompts.BOT_RESPONSE);
            for (String p : required) {
                if (!t.hasPlaceholder(p)) {
                    throw new ConfigurationException("the " + direction.name().toLowerCase(java.util.Locale.ROOT)
                            + " template needs the placeholder {{ " + p + " }}; it has " + t.placeholders());
                }
            }
            for (String p : t.placeholders()) {
                if (!required.contains(p)) {
                    throw new ConfigurationException("unknown placeholder {{ " + p + " }} in the template; an "
                            + direction.name().toLowerCase(java.util.Locale.ROOT) + " template may use only "
                            + required);
                }
            }
            if (t.fixedPrefix().isEmpty()) {
                throw new ConfigurationException("the template starts with a placeholder, so it has no fixed prefix "
                        + "for the model's instructions (and nothing a NIM can cache); put the instructions first");
            }
            if (t.fixedPrefix().length() < SHORT_PREFIX_WARN_CHARS) {
                LOG.warn(
                        "content safety template's fixed prefix is only {} characters (< {}): it will not reuse "
                                + "the NIM's prefix cache well; put the model's instructions before {{ user_input }}",
                        t.fixedPrefix().length(),
                        SHORT_PREFIX_WARN_CHARS);
            }
            return t;
        }
    }
}
