package io.github.guardrails4j.stream;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.Verdict;
import java.util.Objects;

/**
 * The signal that ends a guarded {@link java.util.concurrent.Flow} stream whose chunk check blocked: delivered
 * through {@code Subscriber.onError}, after all text released before the block. Carries the {@link StreamBlocked}
 * details (result, chunk index, offsets) and its OpenAI-style error object.
 *
 * <p>{@link #reason()}: the blocking verdict's own reason when a fail-closed rail failed (for example
 * {@link ErrorReason#TIMEOUT}); {@link ErrorReason#CONTENT_BLOCKED} when
 * the verdict was unsafe. Immutable once thrown and safe to share between threads.
 */
public class ContentBlockedException extends GuardrailsException {
    private static final long serialVersionUID = 1L;

    private final transient StreamBlocked blocked;

    /**
     * Creates the exception.
     *
     * @param blocked where and why the stream stopped; never null
     */
    public ContentBlockedException(StreamBlocked blocked) {
        super(
                reasonOf(Objects.requireNonNull(blocked, "blocked").verdict()),
                blocked.message() + " The answer stopped at chunk " + blocked.chunkIndex() + " (offset "
                        + blocked.offset() + "); " + blocked.releasedChars() + " characters had been released.");
        this.blocked = blocked;
    }

    private static ErrorReason reasonOf(Verdict v) {
        return v.outcome() == Outcome.ERROR
                ? v.errorReason().orElse(ErrorReason.INTERNAL)
                : ErrorReason.CONTENT_BLOCKED;
    }

    /** {@return where and why the stream stopped; null only after Java deserialization} */
    public StreamBlocked blocked() {
        return blocked;
    }

    /** {@return the blocked chunk's check result; null only after Java deserialization} */
    public GuardResult result() {
        return blocked == null ? null : blocked.result();
    }
}
