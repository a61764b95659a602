package io.github.guardrails4j.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailRequest;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.langchain4j.internal.Blocks;
import io.github.guardrails4j.langchain4j.internal.MessageTexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Every output rail of a {@link Guardrails} as one LangChain4j {@link OutputGuardrail}: the AI message is checked
 * against the user message it answers, all output rails in parallel (first block wins).
 *
 * <pre>{@code
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .chatModel(chatModel)
 *     .outputGuardrails(NemoGuardOutputGuardrail.of(guardrails))
 *     .build();
 * }</pre>
 *
 * <p>LangChain4j runs output guardrails only on the whole answer: for a streamed answer ({@code TokenStream}) it
 * buffers every token first, so the user sees nothing until the answer is complete. To check an answer while it
 * streams, wrap the streaming model with {@link NemoGuardStreamingChatModel} instead.
 *
 * <h2>What is checked</h2>
 * <ul>
 *   <li>The AI message's text, with the user message it answers as context: the last user message of the chat
 *       memory, or without a memory the AI service's user message template with its variables.
 *   <li>Tool-execution requests of the AI message (an answer with only tool calls included), as text: one line
 *       {@code name(arguments)} per request. {@link Builder#checkToolExecutionRequests(boolean)} skips them.
 *   <li>Tool results fed back to the model in this turn (the chat memory's tool results since the last user
 *       message), each as text, as they may be repeated to the user. {@link Builder#checkToolResults(boolean)}
 *       skips them. Without a chat memory LangChain4j does not expose them and they are not checked.
 *   <li>An AI message with neither text nor tool calls is checked as the empty text.
 * </ul>
 * All these checks run at once; the first block (in the order above) decides.
 *
 * <h2>Results</h2>
 * Allowed: {@code success()}. Blocked by a verdict: {@code fatal(message)} naming the rail and its categories, or,
 * with {@link Builder#reprompt(String)}, {@code reprompt(message, repromptText)} so that LangChain4j asks the model
 * again (up to its own retry limit). Blocked because a fail-closed rail failed: always {@code fatal(message,
 * cause)} with the typed {@link GuardrailsException} (asking again cannot fix an outage).
 *
 * <h2>Thread safety</h2>
 * Immutable and thread safe. Borrows the {@link Guardrails}. {@link #validate(OutputGuardrailRequest)} blocks the
 * calling thread until the rails decide.
 */
public final class NemoGuardOutputGuardrail implements OutputGuardrail {

    /** Default of {@link Builder#checkToolExecutionRequests(boolean)}: {@value}. */
    public static final boolean DEFAULT_CHECK_TOOL_EXECUTION_REQUESTS = true;
    /** Default of {@link Builder#checkToolResults(boolean)}: {@value}. */
    public static final boolean DEFAULT_CHECK_TOOL_RESULTS = true;

    private final Guardrails guardrails;
    private final String name;
    private final String reprompt;
    private final boolean checkToolExecutionRequests;
    private final boolean checkToolResults;

    private NemoGuardOutputGuardrail(Builder b) {
        this.guardrails = b.guardrails;
        this.name = Blocks.name(Blocks.requireRails(b.guardrails, false, "NemoGuardOutputGuardrail"));
        this.reprompt = b.reprompt;
        this.checkToolExecutionRequests = b.checkToolExecutionRequests;
        this.checkToolResults = b.checkToolResults;
    }

    /**
     * A guardrail running every output rail of {@code guardrails}; a block is {@code fatal}.
     *
     * @param guardrails rails with at least one output rail; borrowed, not closed
     * @return the guardrail
     * @throws ConfigurationException when {@code guardrails} has no output rail
     * @throws NullPointerException when {@code guardrails} is null
     */
    public static NemoGuardOutputGuardrail of(Guardrails guardrails) {
        return builder(guardrails).build();
    }

    /**
     * Sets guardrails.
     *
     * @param guardrails rails with at least one output rail; borrowed, not closed
     * @return a builder with the defaults
     * @throws NullPointerException when {@code guardrails} is null
     */
    public static Builder builder(Guardrails guardrails) {
        return new Builder(guardrails);
    }

    /** {@return {@code NemoGuard[rail, rail, ...]}: the output rails, in configuration order} */
    @Override
    public String name() {
        return name;
    }

    /**
     * Checks the AI message (see the class documentation for what is checked).
     *
     * @param request LangChain4j's request
     * @return {@code success()}, {@code fatal(...)} or {@code reprompt(...)}
     */
    @Override
    public OutputGuardrailResult validate(OutputGuardrailRequest request) {
        Objects.requireNonNull(request, "request");
        AiMessage ai = request.responseFromLLM() == null
                ? null
                : request.responseFromLLM().aiMessage();
        if (ai == null) {
            return fatal("Blocked by " + name + ": there is no AI message to check");
        }
        String user = MessageTexts.userText(request.requestParams());
        List<String> labels = new ArrayList<>();
        List<CompletableFuture<GuardResult>> checks = new ArrayList<>();
        if (ai.text() != null || !ai.hasToolExecutionRequests()) {
            labels.add("the answer");
            checks.add(guardrails.checkOutput(user, ai.text() == null ? "" : ai.text()));
        }
        if (checkToolExecutionRequests && ai.hasToolExecutionRequests()) {
            labels.add("the tool call requests");
            checks.add(guardrails.checkOutput(user, MessageTexts.toolRequestsText(ai)));
        }
        if (checkToolResults) {
            for (ToolExecutionResultMessage r : MessageTexts.toolResultsOfTurn(request.requestParams())) {
                labels.add("the result of tool " + r.toolName());
                checks.add(guardrails.checkOutput(user, r.text() == null ? "" : r.text()));
            }
        }
        if (checks.isEmpty()) {
            // Only tool calls, and checkToolExecutionRequests is off: the user asked to skip them.
            return success();
        }
        for (int i = 0; i < checks.size(); i++) {
            GuardResult result;
            try {
                result = checks.get(i).get();
            } catch (InterruptedException e) {
                checks.forEach(c -> c.cancel(true));
                Thread.currentThread().interrupt();
                return fatal(
                        "Blocked by " + name + ": interrupted while checking " + labels.get(i),
                        new GuardrailsException(ErrorReason.INTERNAL, "interrupted", e));
            } catch (ExecutionException | CancellationException e) {
                checks.forEach(c -> c.cancel(true));
                return fatal("Blocked by " + name + ": the check of " + labels.get(i) + " failed", e);
            }
            if (result.blocked()) {
                checks.forEach(c -> c.cancel(true));
                String message = Blocks.message(result, labels.get(i));
                Optional<GuardrailsException> error = Blocks.error(result);
                if (error.isPresent()) {
                    return fatal(message, error.get());
                }
                return reprompt == null ? fatal(message) : reprompt(message, reprompt);
            }
        }
        return success();
    }

    @Override
    public String toString() {
        return "NemoGuardOutputGuardrail{" + name + (reprompt == null ? ", fatal" : ", reprompt") + '}';
    }

    /** Builds a {@link NemoGuardOutputGuardrail}. Mutable and not thread safe. */
    public static final class Builder {
        private final Guardrails guardrails;
        private String reprompt;
        private boolean checkToolExecutionRequests = DEFAULT_CHECK_TOOL_EXECUTION_REQUESTS;
        private boolean checkToolResults = DEFAULT_CHECK_TOOL_RESULTS;

        private Builder(Guardrails guardrails) {
            this.guardrails = Objects.requireNonNull(guardrails, "guardrails");
        }

        /**
         * Answers a block by a verdict with {@code reprompt(message, repromptText)}: LangChain4j adds {@code
         * repromptText} to the conversation and asks the model again, up to its {@code maxRetries}. Default: none,
         * a block is {@code fatal}.
         *
         * @param repromptText e.g. {@code "Answer again without unsafe content."}
         * @return this builder
         * @throws ConfigurationException when the text is blank
         */
        public Builder reprompt(String repromptText) {
            if (repromptText == null || repromptText.isBlank()) {
                throw new ConfigurationException("reprompt needs a non-blank message for the model, got "
                        + (repromptText == null ? "null" : "'" + repromptText + "'")
                        + "; pass the instruction to send, e.g. \"Answer again without unsafe content.\"");
            }
            this.reprompt = repromptText;
            return this;
        }

        /**
         * Whether the AI message's tool-execution requests are checked as text ({@code name(arguments)} per
         * line). Default {@value NemoGuardOutputGuardrail#DEFAULT_CHECK_TOOL_EXECUTION_REQUESTS}. When off, an
         * answer with only tool calls is allowed without a check.
         *
         * @param check false to skip them
         * @return this builder
         */
        public Builder checkToolExecutionRequests(boolean check) {
            this.checkToolExecutionRequests = check;
            return this;
        }

        /**
         * Whether this turn's tool results in the chat memory are checked as text. Default {@value
         * NemoGuardOutputGuardrail#DEFAULT_CHECK_TOOL_RESULTS}.
         *
         * @param check false to skip them
         * @return this builder
         */
        public Builder checkToolResults(boolean check) {
            this.checkToolResults = check;
            return this;
        }

        /**
         * Returns the guardrail.
         *
         * @return the guardrail
         * @throws ConfigurationException when the {@link Guardrails} has no output rail
         */
        public NemoGuardOutputGuardrail build() {
            return new NemoGuardOutputGuardrail(this);
        }
    }
}
