package io.github.guardrails4j.stream;

import java.util.concurrent.Flow;

/**
 * An LLM delta publisher the test drives by hand, on the test thread: it records demand and cancellation, and
 * emits only what the test tells it to (it asserts it never emits beyond demand).
 */
final class ManualPublisher implements Flow.Publisher<String> {
    private Flow.Subscriber<? super String> subscriber;
    long requested;
    long emitted;
    boolean cancelled;

    @Override
    public void subscribe(Flow.Subscriber<? super String> s) {
        if (subscriber != null) {
            throw new IllegalStateException("one subscriber only");
        }
        subscriber = s;
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                requested += n;
            }

            @Override
            public void cancel() {
                cancelled = true;
            }
        });
    }

    boolean subscribed() {
        return subscriber != null;
    }

    /** Emits deltas, as long as there is demand and no cancellation. */
    void emit(String... deltas) {
        for (String d : deltas) {
            if (cancelled) {
                return;
            }
            if (emitted >= requested) {
                throw new AssertionError("the guard did not request delta " + (emitted + 1) + " (" + d + ")");
            }
            emitted++;
            subscriber.onNext(d);
        }
    }

    void complete() {
        subscriber.onComplete();
    }

    void fail(Throwable t) {
        subscriber.onError(t);
    }
}
