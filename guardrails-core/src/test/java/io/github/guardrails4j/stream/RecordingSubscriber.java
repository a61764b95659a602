package io.github.guardrails4j.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/** A Flow subscriber that records every signal and requests what the test says. */
class RecordingSubscriber implements Flow.Subscriber<String> {
    private final long initialRequest;
    final List<String> items = new CopyOnWriteArrayList<>();
    Flow.Subscription subscription;
    Throwable error;
    int completions;
    int terminals;

    RecordingSubscriber(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (initialRequest > 0) {
            s.request(initialRequest);
        }
    }

    @Override
    public void onNext(String item) {
        if (terminals > 0) {
            throw new AssertionError("onNext after a terminal signal");
        }
        items.add(item);
    }

    @Override
    public void onError(Throwable t) {
        terminals++;
        error = t;
    }

    @Override
    public void onComplete() {
        terminals++;
        completions++;
    }

    String text() {
        return String.join("", items);
    }
}
