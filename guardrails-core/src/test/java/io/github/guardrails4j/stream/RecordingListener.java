package io.github.guardrails4j.stream;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A push-API listener that records every signal. */
class RecordingListener implements StreamListener {
    final List<String> texts = new CopyOnWriteArrayList<>();
    StreamBlocked blocked;
    Throwable error;
    int completions;
    int terminals;

    @Override
    public void onText(String released) {
        if (terminals > 0) {
            throw new AssertionError("onText after a terminal signal");
        }
        texts.add(released);
    }

    @Override
    public void onBlocked(StreamBlocked b) {
        terminals++;
        blocked = b;
    }

    @Override
    public void onComplete() {
        terminals++;
        completions++;
    }

    @Override
    public void onError(Throwable t) {
        terminals++;
        error = t;
    }

    String text() {
        return String.join("", texts);
    }
}
