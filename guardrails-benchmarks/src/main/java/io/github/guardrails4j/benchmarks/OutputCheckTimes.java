package io.github.guardrails4j.benchmarks;

import io.github.guardrails4j.event.AttemptEvent;
import io.github.guardrails4j.event.CheckEvent;
import io.github.guardrails4j.event.GuardrailsListener;
import io.github.guardrails4j.rail.RailDirection;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stamps ({@link System#nanoTime()}) the phases of the output check that started last, for
 * {@link StreamedTurnReport}: its start, its one HTTP attempt's start and end, its end. A listener factory: each
 * check gets its own {@link Check}, so a chunk check that ends late never overwrites the last one's stamps. Thread
 * safe.
 */
final class OutputCheckTimes implements GuardrailsListener.Factory {
    private final AtomicReference<Check> last = new AtomicReference<>();

    @Override
    public GuardrailsListener create(CheckEvent started) {
        if (started.direction() != RailDirection.OUTPUT) {
            return GuardrailsListener.NONE;
        }
        Check check = new Check(started.startNanos());
        last.accumulateAndGet(check, (a, b) -> a == null || b.start >= a.start ? b : a);
        return check;
    }

    /** {@return the output check that started last, or null; then forgets it} */
    Check take() {
        return last.getAndSet(null);
    }

    /** The stamps of one output check (0 when not seen). */
    static final class Check implements GuardrailsListener {
        final long start;
        volatile long attemptStart;
        volatile long attemptEnd;
        volatile long end;

        Check(long start) {
            this.start = start;
        }

        @Override
        public void attemptStarted(AttemptEvent event) {
            attemptStart = System.nanoTime();
        }

        @Override
        public void attemptEnded(AttemptEvent event) {
            attemptEnd = System.nanoTime();
        }

        @Override
        public void checkEnded(CheckEvent event) {
            end = event.startNanos() + event.durationNanos();
        }
    }
}
