package io.github.guardrails4j.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.TokenStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a TokenStream signals: text, errors, completions and when the first error came. */
final class Recorder {
    final StringBuffer text = new StringBuffer();
    final AtomicInteger errors = new AtomicInteger();
    final AtomicInteger completions = new AtomicInteger();
    volatile Throwable error;
    volatile long errorNanos;
    volatile long firstTextNanos;
    volatile ChatResponse response;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    Recorder start(TokenStream stream) {
        stream.onPartialResponse(t -> {
                    if (text.length() == 0) {
                        firstTextNanos = System.nanoTime();
                    }
                    text.append(t);
                })
                .onCompleteResponse(r -> {
                    response = r;
                    completions.incrementAndGet();
                    done.complete(null);
                })
                .onError(e -> {
                    if (errors.incrementAndGet() == 1) {
                        errorNanos = System.nanoTime();
                        error = e;
                    }
                    done.complete(null);
                })
                .start();
        return this;
    }

    Recorder await(Duration timeout) throws Exception {
        done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }
}
