package io.github.guardrails4j.springai;

import io.github.guardrails4j.GuardResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import reactor.core.publisher.Flux;

/** What a block turns into: the refusal response, or {@link NemoGuardBlockedException}. Immutable. */
final class Refusals {
    private final String refusal;
    private final BlockAction action;

    Refusals(String refusal, BlockAction action) {
        this.refusal = refusal;
        this.action = action;
    }

    /**
     * Returns the refusal response carrying the result in its context.
     *
     * @return the refusal response carrying the result in its context
     * @throws NemoGuardBlockedException when the action is {@link BlockAction#THROW}
     */
    ChatClientResponse blocked(Map<String, ?> context, GuardResult result) {
        if (action == BlockAction.THROW) {
            throw new NemoGuardBlockedException(result, null);
        }
        return refusal(context, result);
    }

    /** {@return the refusal as the stream's last element, or the exception as the stream's error} */
    Flux<ChatClientResponse> blockedStream(Map<String, ?> context, GuardResult result, Throwable cause) {
        if (action == BlockAction.THROW) {
            return Flux.error(new NemoGuardBlockedException(result, cause));
        }
        return Flux.just(refusal(context, result));
    }

    private ChatClientResponse refusal(Map<String, ?> context, GuardResult result) {
        ChatResponse chat = ChatResponse.builder()
                .generations(List.of(new Generation(new AssistantMessage(refusal))))
                .build();
        Map<String, Object> ctx = new HashMap<>(context);
        ctx.put(NemoGuardAdvisor.RESULT_CONTEXT_KEY, result);
        return ChatClientResponse.builder().chatResponse(chat).context(ctx).build();
    }
}
