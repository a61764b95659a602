package io.github.guardrails4j.langchain4j;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.stream.ContentBlockedException;
import java.util.Objects;

/**
 * A NemoGuard rail blocked a part of a streamed answer that is not streamed text: the tool-call requests of the
 * complete response ({@link NemoGuardStreamingChatModel}). A block of the streamed text itself is signalled with
 * {@link ContentBlockedException}. Reason {@link ErrorReason#CONTENT_BLOCKED}.
 */
public class NemoGuardBlockedException extends GuardrailsException {
    private static final long serialVersionUID = 1L;

    /** The blocked result; transient as {@link GuardResult} is not serializable. */
    private final transient GuardResult result;

    /**
     * Sets message.
     *
     * @param message names the rail and its categories, without the checked text
     * @param result the blocked result
     * @throws NullPointerException when result is null
     */
    public NemoGuardBlockedException(String message, GuardResult result) {
        super(ErrorReason.CONTENT_BLOCKED, message);
        this.result = Objects.requireNonNull(result, "result");
    }

    /** {@return the blocked result (null after deserialization)} */
    public GuardResult result() {
        return result;
    }
}
