package io.github.guardrails4j.nim;

import io.github.guardrails4j.stream.StreamBlocked;
import io.github.guardrails4j.stream.StreamListener;
import java.util.concurrent.CountDownLatch;

/** Collects a guarded stream's released text and waits for its end; a block or an error is kept as the error. */
final class StreamDone implements StreamListener {
    final StringBuilder text = new StringBuilder();
    final CountDownLatch latch = new CountDownLatch(1);
    volatile Throwable error;

    @Override
    public void onText(String t) {
        text.append(t);
    }

    @Override
    public void onComplete() {
        latch.countDown();
    }

    @Override
    public void onBlocked(StreamBlocked blocked) {
        error = new AssertionError("blocked: " + blocked);
        latch.countDown();
    }

    @Override
    public void onError(Throwable e) {
        error = e;
        latch.countDown();
    }
}
