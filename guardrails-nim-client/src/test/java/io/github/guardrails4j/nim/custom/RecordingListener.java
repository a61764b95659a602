package io.github.guardrails4j.nim.custom;

import io.github.guardrails4j.event.AttemptEvent;
import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.event.RailEvent;
import io.github.guardrails4j.event.RetryEvent;
import io.github.guardrails4j.event.TokensEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Writes every event of the checks it was made for as one line, in arrival order. */
final class RecordingListener implements GuardrailsListener {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final List<CheckEvent> created = new CopyOnWriteArrayList<>();
    private final Semaphore ended = new Semaphore(0);

    /**
     * Waits for one more {@code checkEnded}: the check's future may complete for its caller before the listener's
     * {@code checkEnded} has run on the completing thread.
     */
    void awaitCheckEnded() throws InterruptedException {
        if (!ended.tryAcquire(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no checkEnded within 10 s: " + lines);
        }
    }

    /** One listener per check, as the factory contract allows; this one shares a single log. */
    GuardrailsListener.Factory factory() {
        return started -> {
            created.add(started);
            return this;
        };
    }

    @Override
    public void checkStarted(CheckEvent e) {
        lines.add("checkStarted " + e.direction() + " " + e.rails());
    }

    @Override
    public void checkEnded(CheckEvent e) {
        lines.add("checkEnded " + e.outcome() + " " + e.blockingRail());
        ended.release();
    }

    @Override
    public void railStarted(RailEvent e) {
        lines.add("railStarted " + e.rail() + " " + e.model());
    }

    @Override
    public void railEnded(RailEvent e) {
        lines.add("railEnded " + e.rail() + " " + e.verdict().outcome() + " blocked=" + e.blocked());
    }

    @Override
    public void railFailed(RailEvent e) {
        lines.add("railFailed " + e.rail() + " " + e.verdict().errorReason().orElseThrow());
    }

    @Override
    public void railCancelled(RailEvent e) {
        lines.add("railCancelled " + e.rail());
    }

    @Override
    public void attemptStarted(AttemptEvent e) {
        lines.add("attemptStarted " + e.rail() + " #" + e.attempt());
    }

    @Override
    public void attemptEnded(AttemptEvent e) {
        lines.add("attemptEnded " + e.rail() + " #" + e.attempt());
    }

    @Override
    public void attemptFailed(AttemptEvent e) {
        lines.add("attemptFailed " + e.rail() + " #" + e.attempt() + " "
                + e.failure().getClass().getSimpleName());
    }

    @Override
    public void retryScheduled(RetryEvent e) {
        lines.add("retryScheduled " + e.rail() + " after #" + e.attempt() + " " + e.reason() + " wait=" + e.waitNanos()
                + "ns");
    }

    @Override
    public void tokensReported(TokensEvent e) {
        lines.add("tokensReported " + e.rail() + " prompt=" + e.usage().promptTokens() + " cached="
                + e.usage().cachedPromptTokens().getAsInt());
    }
}
