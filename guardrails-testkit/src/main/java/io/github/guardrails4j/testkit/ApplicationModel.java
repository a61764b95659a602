package io.github.guardrails4j.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated application LLM: what the {@link NimSimulator} answers on {@code POST /v1/chat/completions} for a
 * model id that is not one of its guard models (any id other than those of {@link NimSimulator#models()}).
 *
 * <p>The answer is sent in the OpenAI chat-completions wire format, plain or streamed (server-sent events) as the
 * request asks, so an OpenAI-compatible client of any framework can use the simulator as its chat model. Set it
 * with {@link NimSimulator.Builder#applicationModel(ApplicationModel)} or, per test, {@link
 * NimSimulator#applicationModel(ApplicationModel)}; the default is {@link #harmless()}.
 *
 * <pre>{@code
 * sim.applicationModel(ApplicationModel.fixed(ApplicationReply.unsafe()));
 * sim.applicationModel(ApplicationModel.scripted(
 *         ApplicationReply.toolCallsOnly(new ApplicationToolCall("call_1", "currentTime", "{}")),
 *         ApplicationReply.text("It is noon.")));
 * sim.applicationModel(conversation -> ApplicationReply.text(
 *         "You said: " + conversation.get(conversation.size() - 1).content()));
 * }</pre>
 *
 * <h2>Thread safety</h2>
 * Implementations must be thread safe: the simulator calls {@link #reply(List)} concurrently from its worker
 * threads. A {@link RuntimeException} thrown by it is answered with HTTP 500 in the NIM error shape.
 */
@FunctionalInterface
public interface ApplicationModel {

    /**
     * Answers one chat completion request.
     *
     * @param conversation the request's messages in order, at least one (unmodifiable)
     * @return the reply; never null
     */
    ApplicationReply reply(List<ApplicationMessage> conversation);

    /**
     * The default application model: always {@link ApplicationReply#harmless()} ({@link
     * ApplicationReply#DEFAULT_TEXT}).
     *
     * @return the model
     */
    static ApplicationModel harmless() {
        return fixed(ApplicationReply.harmless());
    }

    /**
     * Always gives the same reply.
     *
     * @param reply the reply
     * @return the model
     * @throws NullPointerException if {@code reply} is null
     */
    static ApplicationModel fixed(ApplicationReply reply) {
        Objects.requireNonNull(reply, "reply");
        return conversation -> reply;
    }

    /**
     * Gives these replies in order, one per request. A request after the last reply fails with HTTP 500 (an
     * {@link IllegalStateException} naming how many replies were scripted), so a test that calls the model more
     * often than it planned sees it.
     *
     * @param replies one or more replies
     * @return the model; thread safe (each reply is given once even under concurrent requests)
     * @throws IllegalArgumentException if no reply is given
     */
    static ApplicationModel scripted(ApplicationReply... replies) {
        List<ApplicationReply> script = List.copyOf(Arrays.asList(replies));
        if (script.isEmpty()) {
            throw new IllegalArgumentException("scripted needs at least one ApplicationReply");
        }
        AtomicInteger next = new AtomicInteger();
        return conversation -> {
            int i = next.getAndIncrement();
            if (i >= script.size()) {
                throw new IllegalStateException("The scripted application model has " + script.size()
                        + " replies and all were given; request " + (i + 1) + " has none. Script more replies.");
            }
            return script.get(i);
        };
    }
}
