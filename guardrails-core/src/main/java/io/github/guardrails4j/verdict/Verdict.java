package io.github.guardrails4j.verdict;

import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.exception.VerdictParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * The result of one rail's check of one text: the outcome, the categories, the model's raw text, the latency
 * and the token usage.
 *
 * <p>Shapes:
 * <ul>
 *   <li>{@link #outcome()} {@link Outcome#SAFE} or {@link Outcome#UNSAFE}: the model answered in its format;
 *       {@link #error()} is empty.</li>
 *   <li>{@link Outcome#ERROR}: {@link #error()} holds the typed failure (its {@link GuardrailsException#reason()}
 *       tells the operator what to fix); {@link #categories()} is empty. Parse failures are never categories.</li>
 * </ul>
 * Immutable and thread safe. Create with {@link #builder(String)}; derive with {@link #toBuilder()}.
 */
public final class Verdict {
    private final String rail;
    private final Outcome outcome;
    private final List<String> categories;
    private final List<SafetyCategory> safetyCategories;
    private final String rawOutput;
    private final GuardrailsException error;
    private final Duration latency;
    private final TokenUsage usage;
    private final Double score;
    private final int attempts;
    private final String endpoint;
    private final List<String> notes;

    private Verdict(Builder b) {
        this.rail = Objects.requireNonNull(b.rail, "rail");
        this.outcome = Objects.requireNonNull(b.outcome, "outcome");
        if (outcome == Outcome.ERROR && b.error == null) {
            throw new IllegalArgumentException("an ERROR verdict needs its error");
        }
        if (outcome != Outcome.ERROR && b.error != null) {
            throw new IllegalArgumentException("a " + outcome + " verdict cannot carry an error");
        }
        this.categories = List.copyOf(b.categories);
        this.safetyCategories = List.copyOf(b.safetyCategories);
        this.rawOutput = b.rawOutput;
        this.error = b.error;
        this.latency = Objects.requireNonNull(b.latency, "latency");
        this.usage = b.usage;
        this.score = b.score;
        if (b.attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, got " + b.attempts);
        }
        this.attempts = b.attempts;
        this.endpoint = b.endpoint;
        this.notes = List.copyOf(b.notes);
    }

    /**
     * Starts a verdict for a rail. Defaults: no categories, no raw output, zero latency, unknown usage,
     * one attempt.
     *
     * @param rail the rail's name, for example {@code content-safety-input}
     * @return a new, mutable, not thread-safe builder
     */
    public static Builder builder(String rail) {
        return new Builder(rail);
    }

    /**
     * A shortcut for an {@link Outcome#ERROR} verdict.
     *
     * @param rail the rail's name
     * @param error the failure; never null
     * @param latency time spent before the failure
     * @return the verdict
     */
    public static Verdict error(String rail, GuardrailsException error, Duration latency) {
        Builder b = builder(rail).outcome(Outcome.ERROR).error(error).latency(latency);
        if (error instanceof VerdictParseException) {
            b.rawOutput(((VerdictParseException) error).rawOutput());
        }
        return b.build();
    }

    /**
     * The ERROR verdict for any failure: the one place where a failure becomes a verdict. A
     * {@link GuardrailsException} is kept as it is; a {@link CompletionException} is unwrapped first; a
     * cancellation or any other throwable becomes a {@link GuardrailsException} with reason
     * {@link ErrorReason#INTERNAL} that keeps it as the cause. Never SAFE.
     *
     * @param rail the rail's name
     * @param failure the failure, or null (a rail that completed with no verdict)
     * @param latency time since the check started
     * @return the ERROR verdict
     */
    public static Verdict failed(String rail, Throwable failure, Duration latency) {
        return error(rail, asGuardrailsException(rail, failure), latency);
    }

    /**
     * Sets rail.
     *
     * @param rail the rail's name, for the message
     * @param failure a failure, or null
     * @return the failure itself when typed, else an {@link ErrorReason#INTERNAL} exception keeping it as the cause
     */
    public static GuardrailsException asGuardrailsException(String rail, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof GuardrailsException) {
            return (GuardrailsException) cause;
        }
        if (cause == null) {
            return new GuardrailsException(ErrorReason.INTERNAL, "rail " + rail + " completed with a null verdict");
        }
        if (cause instanceof CancellationException) {
            return new GuardrailsException(
                    ErrorReason.INTERNAL, "rail " + rail + ": the guard call was cancelled", cause);
        }
        return new GuardrailsException(ErrorReason.INTERNAL, "rail " + rail + " failed unexpectedly: " + cause, cause);
    }

    /** {@return a builder holding this verdict's values} */
    public Builder toBuilder() {
        Builder b = new Builder(rail);
        b.outcome = outcome;
        b.categories = new ArrayList<>(categories);
        b.safetyCategories = new ArrayList<>(safetyCategories);
        b.rawOutput = rawOutput;
        b.error = error;
        b.latency = latency;
        b.usage = usage;
        b.score = score;
        b.attempts = attempts;
        b.endpoint = endpoint;
        b.notes = new ArrayList<>(notes);
        return b;
    }

    /** {@return the rail's name, for example {@code content-safety-input}} */
    public String rail() {
        return rail;
    }

    /** {@return safe, unsafe or error} */
    public Outcome outcome() {
        return outcome;
    }

    /** {@return true when the outcome is {@link Outcome#SAFE}} */
    public boolean isSafe() {
        return outcome == Outcome.SAFE;
    }

    /** {@return the categories exactly as the model wrote them (trimmed); empty when none; unmodifiable} */
    public List<String> categories() {
        return categories;
    }

    /** {@return the categories that matched the rail's taxonomy, in the model's order; unmodifiable} */
    public List<SafetyCategory> safetyCategories() {
        return safetyCategories;
    }

    /** {@return the model's text exactly as received, or empty when no model text was received} */
    public Optional<String> rawOutput() {
        return Optional.ofNullable(rawOutput);
    }

    /** {@return the failure when the outcome is {@link Outcome#ERROR}, else empty} */
    public Optional<GuardrailsException> error() {
        return Optional.ofNullable(error);
    }

    /** {@return the failure's reason when the outcome is {@link Outcome#ERROR}, else empty} */
    public Optional<ErrorReason> errorReason() {
        return error().map(GuardrailsException::reason);
    }

    /** {@return wall time of the check, from the rail's start to its verdict, all attempts included} */
    public Duration latency() {
        return latency;
    }

    /** {@return {@link #latency()} in whole milliseconds} */
    public long latencyMs() {
        return latency.toMillis();
    }

    /** {@return the token usage the server reported, or empty when it reported none (or no call was made)} */
    public Optional<TokenUsage> usage() {
        return Optional.ofNullable(usage);
    }

    /** {@return a model score when the format has one (jailbreak detection: -1 to 1), else empty} */
    public OptionalDouble score() {
        return score == null ? OptionalDouble.empty() : OptionalDouble.of(score);
    }

    /** {@return HTTP attempts made, retries included; 0 when no call was made} */
    public int attempts() {
        return attempts;
    }

    /** {@return the URL the rail called (no credentials), or empty for local rails} */
    public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /**
     * What the check says about how it was sent, for example {@code special-tokens-neutralized} (control tokens
     * in the checked text were neutralised) or {@code unchecked-content:image} (a part that is not text was not
     * checked).
     *
     * @return the notes, in order; empty when there are none; unmodifiable
     */
    public List<String> notes() {
        return notes;
    }

    /**
     * The guard model's reasoning trace: the text of a leading {@code <think>...</think>} block of its answer (to
     * the end of the answer when the block was cut). Never read as the verdict.
     *
     * @return the trace, stripped, or empty when the answer had none
     */
    public Optional<String> reasoning() {
        if (rawOutput == null) {
            return Optional.empty();
        }
        String t = rawOutput.strip();
        if (!t.startsWith("<think>")) {
            return Optional.empty();
        }
        int close = t.indexOf("</think>");
        return Optional.of(
                t.substring("<think>".length(), close < 0 ? t.length() : close).strip());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Verdict)) {
            return false;
        }
        Verdict v = (Verdict) o;
        return rail.equals(v.rail)
                && outcome == v.outcome
                && categories.equals(v.categories)
                && safetyCategories.equals(v.safetyCategories)
                && Objects.equals(rawOutput, v.rawOutput)
                && Objects.equals(error, v.error)
                && latency.equals(v.latency)
                && Objects.equals(usage, v.usage)
                && Objects.equals(score, v.score)
                && attempts == v.attempts
                && Objects.equals(endpoint, v.endpoint)
                && notes.equals(v.notes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rail, outcome, categories, rawOutput, latency);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Verdict{rail=")
                .append(rail)
                .append(", outcome=")
                .append(outcome);
        if (!categories.isEmpty()) {
            s.append(", categories=").append(categories);
        }
        if (error != null) {
            s.append(", error=").append(error.reason()).append(": ").append(error.getMessage());
        }
        if (score != null) {
            s.append(", score=").append(score);
        }
        return s.append(", latencyMs=").append(latencyMs()).append('}').toString();
    }

    /** Builds a {@link Verdict}. Mutable and not thread safe. */
    public static final class Builder {
        private final String rail;
        private Outcome outcome;
        private List<String> categories = new ArrayList<>();
        private List<SafetyCategory> safetyCategories = new ArrayList<>();
        private String rawOutput;
        private GuardrailsException error;
        private Duration latency = Duration.ZERO;
        private TokenUsage usage;
        private Double score;
        private int attempts = 1;
        private String endpoint;
        private List<String> notes = new ArrayList<>();

        private Builder(String rail) {
            this.rail = rail;
        }

        /**
         * Sets outcome.
         *
         * @param outcome safe, unsafe or error
         * @return this
         */
        public Builder outcome(Outcome outcome) {
            this.outcome = outcome;
            return this;
        }

        /**
         * Sets the outcome, categories and score from a parser's result and maps the categories to a taxonomy.
         *
         * @param parsed the parser's result
         * @param taxonomy the taxonomy to map categories to, or null for none
         * @return this
         */
        public Builder parsed(ParsedVerdict parsed, Taxonomy taxonomy) {
            this.outcome = parsed.outcome();
            this.categories = new ArrayList<>(parsed.categories());
            this.score = parsed.score();
            this.safetyCategories = new ArrayList<>();
            if (taxonomy != null) {
                for (String c : parsed.categories()) {
                    taxonomy.match(c).filter(m -> !safetyCategories.contains(m)).ifPresent(safetyCategories::add);
                }
            }
            return this;
        }

        /**
         * Sets categories.
         *
         * @param categories category texts as written
         * @return this
         */
        public Builder categories(List<String> categories) {
            this.categories = new ArrayList<>(categories);
            return this;
        }

        /**
         * Sets safetyCategories.
         *
         * @param safetyCategories matched taxonomy entries
         * @return this
         */
        public Builder safetyCategories(List<SafetyCategory> safetyCategories) {
            this.safetyCategories = new ArrayList<>(safetyCategories);
            return this;
        }

        /**
         * Sets rawOutput.
         *
         * @param rawOutput the model's text, or null
         * @return this
         */
        public Builder rawOutput(String rawOutput) {
            this.rawOutput = rawOutput;
            return this;
        }

        /**
         * Sets error.
         *
         * @param error the failure for an ERROR verdict
         * @return this
         */
        public Builder error(GuardrailsException error) {
            this.error = error;
            return this;
        }

        /**
         * Sets latency.
         *
         * @param latency wall time of the check; never null
         * @return this
         */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /**
         * Sets usage.
         *
         * @param usage reported token usage, or null when unknown
         * @return this
         */
        public Builder usage(TokenUsage usage) {
            this.usage = usage;
            return this;
        }

        /**
         * Sets score.
         *
         * @param score model score, or null
         * @return this
         */
        public Builder score(Double score) {
            this.score = score;
            return this;
        }

        /**
         * Sets attempts.
         *
         * @param attempts HTTP attempts made, {@code >= 0}
         * @return this
         */
        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        /**
         * Sets endpoint.
         *
         * @param endpoint the URL called, without credentials, or null
         * @return this
         */
        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Sets notes.
         *
         * @param notes what the check says about how it was sent; copied
         * @return this
         */
        public Builder notes(List<String> notes) {
            this.notes = new ArrayList<>(notes);
            return this;
        }

        /**
         * Returns the verdict.
         *
         * @return the verdict
         * @throws IllegalArgumentException when an ERROR verdict has no error, or a SAFE/UNSAFE one has one
         * @throws NullPointerException when the outcome or latency is missing
         */
        public Verdict build() {
            return new Verdict(this);
        }
    }
}
