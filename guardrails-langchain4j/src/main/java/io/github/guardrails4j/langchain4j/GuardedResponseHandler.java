package io.github.guardrails4j.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.langchain4j.internal.Blocks;
import io.github.guardrails4j.langchain4j.internal.MessageTexts;
import io.github.guardrails4j.stream.ContentBlockedException;
import io.github.guardrails4j.stream.GuardedStream;
import io.github.guardrails4j.stream.StreamBlocked;
import io.github.guardrails4j.stream.StreamListener;
import io.github.guardrails4j.stream.StreamingGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One guarded streamed answer: takes the model's signals, feeds its text to a {@link GuardedStream}, and gives the
 * downstream handler the released text and exactly one terminal signal.
 *
 * <p>Thread safe: the model's thread and check-completing threads call it; downstream signals are serialised by
 * the {@link GuardedStream}'s listener contract and the terminal flag. Package-private; not an API.
 */
final class GuardedResponseHandler implements StreamingChatResponseHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedResponseHandler.class);

    private final StreamingGuard guard;
    private final String userMessage;
    private final StreamingChatResponseHandler downstream;
    private final boolean checkToolExecutionRequests;
    private final GuardedStream stream;
    private final AtomicReference<StreamingHandle> upstream = new AtomicReference<>();
    private final AtomicBoolean terminated = new AtomicBoolean();
    private final List<CompleteToolCall> toolCalls = new ArrayList<>();
    private final StreamingHandle ownHandle = new OwnHandle();
    private volatile ChatResponse complete;

    /**
     * Sets guard.
     *
     * @param guard the streaming guard
     * @param userMessage the context of every chunk check
     * @param downstream the caller's handler
     * @param checkToolExecutionRequests whether tool-call requests are checked before they are forwarded
     */
    GuardedResponseHandler(
            StreamingGuard guard,
            String userMessage,
            StreamingChatResponseHandler downstream,
            boolean checkToolExecutionRequests) {
        this.guard = guard;
        this.userMessage = userMessage;
        this.downstream = downstream;
        this.checkToolExecutionRequests = checkToolExecutionRequests;
        this.stream = guard.open(userMessage, new Released());
    }

    // ---- from the model ----

    @Override
    public void onPartialResponse(String partialResponse) {
        feed(partialResponse);
    }

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
        remember(context.streamingHandle());
        feed(partialResponse.text());
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking) {
        // Reasoning text is not checked, so it is not released (documented on NemoGuardStreamingChatModel).
    }

    @Override
    public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
        remember(context.streamingHandle());
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall) {
        // Partial tool calls are not checked, so not released; the complete ones are, after the check.
    }

    @Override
    public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
        remember(context.streamingHandle());
    }

    @Override
    public void onCompleteToolCall(CompleteToolCall completeToolCall) {
        synchronized (toolCalls) {
            toolCalls.add(completeToolCall);
        }
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
        this.complete = completeResponse;
        stream.complete();
    }

    @Override
    public void onError(Throwable error) {
        stream.error(error);
    }

    private void afterToolCheck(ChatResponse response, GuardResult result, Throwable failure) {
        if (failure != null) {
            terminate(() -> downstream.onError(failure));
        } else if (result.blocked()) {
            terminate(() -> downstream.onError(
                    new NemoGuardBlockedException(Blocks.message(result, "the tool call requests"), result)));
        } else {
            finish(response);
        }
    }

    private void finish(ChatResponse response) {
        terminate(() -> {
            List<CompleteToolCall> calls;
            synchronized (toolCalls) {
                calls = List.copyOf(toolCalls);
            }
            calls.forEach(downstream::onCompleteToolCall);
            downstream.onCompleteResponse(response);
        });
    }

    // ---- helpers ----

    private void feed(String delta) {
        if (delta == null || delta.isEmpty()) {
            return;
        }
        if (!stream.onDelta(delta)) {
            cancelUpstream();
        }
    }

    private void remember(StreamingHandle handle) {
        if (handle != null && upstream.compareAndSet(null, handle) && terminated.get()) {
            handle.cancel();
        }
    }

    private void cancelUpstream() {
        StreamingHandle handle = upstream.get();
        if (handle != null && !handle.isCancelled()) {
            try {
                handle.cancel();
            } catch (RuntimeException e) {
                // A model whose handle cannot cancel keeps streaming; its output is ignored from now on.
                LOG.debug("Could not cancel the model's stream: {}", e.toString());
            }
        }
    }

    private void terminate(Runnable signal) {
        if (terminated.compareAndSet(false, true)) {
            signal.run();
        }
    }

    /** The guarded stream's signals: released text and the one terminal signal, passed downstream. */
    private final class Released implements StreamListener {

        @Override
        public void onText(String released) {
            if (!terminated.get()) {
                downstream.onPartialResponse(new PartialResponse(released), new PartialResponseContext(ownHandle));
            }
        }

        @Override
        public void onBlocked(StreamBlocked blocked) {
            cancelUpstream();
            terminate(() -> downstream.onError(new ContentBlockedException(blocked)));
        }

        @Override
        public void onComplete() {
            ChatResponse response = complete;
            AiMessage ai = response == null ? null : response.aiMessage();
            if (checkToolExecutionRequests && ai != null && ai.hasToolExecutionRequests()) {
                guard.guardrails()
                        .checkOutput(userMessage, MessageTexts.toolRequestsText(ai))
                        .whenComplete((result, failure) -> afterToolCheck(response, result, failure));
            } else {
                finish(response);
            }
        }

        @Override
        public void onError(Throwable error) {
            cancelUpstream();
            terminate(() -> downstream.onError(error));
        }
    }

    /** The handle given downstream: cancels the model and every check; nothing more is signalled. */
    private final class OwnHandle implements StreamingHandle {
        private volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
            terminated.set(true);
            stream.cancel();
            cancelUpstream();
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
