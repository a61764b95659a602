package io.github.guardrails4j.springai;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;

/** The call path of {@link NemoGuardAdvisor}: input rails, the rest of the chain, output rails. Immutable. */
final class GuardedCall {
    private final Guardrails guardrails;
    private final Refusals refusals;

    GuardedCall(Guardrails guardrails, Refusals refusals) {
        this.guardrails = guardrails;
        this.refusals = refusals;
    }

    ChatClientResponse advise(ChatClientRequest request, CallAdvisorChain chain) {
        String user = Texts.user(request);
        GuardResult decided = guardrails.checkInputBlocking(user);
        if (decided.blocked()) {
            return refusals.blocked(request.context(), decided);
        }
        ChatClientResponse response = chain.nextCall(request);
        if (!guardrails.outputRails().isEmpty()) {
            for (String answer : Texts.answers(response)) {
                decided = guardrails.checkOutputBlocking(user, answer);
                if (decided.blocked()) {
                    return refusals.blocked(response.context(), decided);
                }
            }
        }
        return response.mutate()
                .context(NemoGuardAdvisor.RESULT_CONTEXT_KEY, decided)
                .build();
    }
}
