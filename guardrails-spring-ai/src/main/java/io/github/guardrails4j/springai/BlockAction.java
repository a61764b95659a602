package io.github.guardrails4j.springai;

/** What {@link NemoGuardAdvisor} does when a rail blocks a request or an answer. */
public enum BlockAction {
    /**
     * Answer with the advisor's refusal text instead (the default). On a call the whole response is the refusal; on
     * a stream the refusal is the last element, after the text released before the block (stream-first mode), and
     * the stream completes normally. The {@link io.github.guardrails4j.GuardResult} that blocked is in the
     * response context under {@link NemoGuardAdvisor#RESULT_CONTEXT_KEY}.
     */
    REFUSE,
    /**
     * Throw {@link NemoGuardBlockedException} from the call, or end the stream with it as the error, after the text
     * released before the block.
     */
    THROW
}
