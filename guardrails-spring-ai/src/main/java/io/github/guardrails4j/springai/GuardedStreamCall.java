package io.github.guardrails4j.springai;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.stream.ContentBlockedException;
import io.github.guardrails4j.stream.StreamingGuard;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The stream path of {@link NemoGuardAdvisor}: input rails, then the chain's stream through core's
 * {@link StreamingGuard}. Every hop that can start a guard call is moved to {@link Schedulers#boundedElastic()}.
 * Immutable; each subscription keeps its own state.
 */
final class GuardedStreamCall {
    private final Guardrails guardrails;
    private final StreamingGuard streamingGuard;
    private final Refusals refusals;

    GuardedStreamCall(Guardrails guardrails, StreamingGuard streamingGuard, Refusals refusals) {
        this.guardrails = guardrails;
        this.streamingGuard = streamingGuard;
        this.refusals = refusals;
    }

    Flux<ChatClientResponse> advise(ChatClientRequest request, StreamAdvisorChain chain) {
        String user = Texts.user(request);
        // false: cancelling the subscription cancels the check (and its HTTP calls).
        return Mono.fromFuture(() -> guardrails.checkInput(user), false)
                .subscribeOn(Schedulers.boundedElastic())
                // the check completes on a rail's HTTP thread: subscribe to the model elsewhere
                .publishOn(Schedulers.boundedElastic())
                .flatMapMany(in -> in.blocked()
                        ? refusals.blockedStream(request.context(), in, null)
                        : answer(request, chain, user));
    }

    private Flux<ChatClientResponse> answer(ChatClientRequest request, StreamAdvisorChain chain, String user) {
        Flux<ChatClientResponse> upstream = chain.nextStream(request);
        if (guardrails.outputRails().isEmpty()) {
            return upstream;
        }
        AtomicReference<ChatClientResponse> lastWithText = new AtomicReference<>();
        AtomicReference<ChatClientResponse> last = new AtomicReference<>();
        Flux<String> deltas = upstream
                // deltas reach the guard, which starts chunk checks on the delivering thread, off any event loop
                .publishOn(Schedulers.boundedElastic())
                .doOnNext(r -> {
                    last.set(r);
                    if (!Texts.delta(r).isEmpty()) {
                        lastWithText.set(r);
                    }
                })
                .map(Texts::delta)
                .filter(d -> !d.isEmpty());
        return JdkFlowAdapter.flowPublisherToFlux(
                        streamingGuard.guard(user, JdkFlowAdapter.publisherToFlowPublisher(deltas)))
                // requests reach the guard on a worker too
                .subscribeOn(Schedulers.boundedElastic())
                .map(text -> released(text, lastWithText.get(), request))
                .concatWith(Flux.defer(() -> trailing(last.get())))
                .onErrorResume(
                        ContentBlockedException.class, e -> refusals.blockedStream(request.context(), e.result(), e));
    }

    /** The last element when it carried no text (finish reason, usage): passed on after the checked text. */
    private static Flux<ChatClientResponse> trailing(ChatClientResponse last) {
        return last == null || !Texts.delta(last).isEmpty() ? Flux.empty() : Flux.just(last);
    }

    /** Released text as a streamed element, with the metadata of the model's latest element. */
    private static ChatClientResponse released(String text, ChatClientResponse template, ChatClientRequest request) {
        if (template == null || template.chatResponse() == null) {
            ChatResponse chat = ChatResponse.builder()
                    .generations(List.of(new Generation(new AssistantMessage(text))))
                    .build();
            return ChatClientResponse.builder()
                    .chatResponse(chat)
                    .context(request.context())
                    .build();
        }
        ChatResponse source = template.chatResponse();
        Generation generation = source.getResult();
        Generation released = generation == null
                ? new Generation(new AssistantMessage(text))
                : new Generation(new AssistantMessage(text), generation.getMetadata());
        ChatResponse chat = ChatResponse.builder()
                .metadata(source.getMetadata())
                .generations(List.of(released))
                .build();
        return ChatClientResponse.builder()
                .chatResponse(chat)
                .context(template.context())
                .build();
    }
}
