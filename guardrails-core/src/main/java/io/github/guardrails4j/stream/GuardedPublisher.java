package io.github.guardrails4j.stream;

import io.github.guardrails4j.rail.Conversation;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The publisher {@link StreamingGuard#guard} returns: subscribes to the LLM's publisher when (and only when) its
 * one subscriber arrives, and guards that stream with a {@link StreamSession}.
 */
final class GuardedPublisher implements Flow.Publisher<String> {
    private final StreamingGuard guard;
    private final Conversation conversation;
    private final Flow.Publisher<String> llmDeltas;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    GuardedPublisher(StreamingGuard guard, Conversation conversation, Flow.Publisher<String> llmDeltas) {
        this.guard = guard;
        this.conversation = conversation;
        this.llmDeltas = llmDeltas;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super String> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber"); // reactive-streams rule 1.9
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    // Rejected subscriber: nothing will ever be sent.
                }

                @Override
                public void cancel() {
                    // Rejected subscriber: nothing to cancel.
                }
            });
            subscriber.onError(new IllegalStateException("a guarded publisher serves one subscriber, because it "
                    + "guards one LLM stream; call StreamingGuard.guard again for each subscriber"));
            return;
        }
        StreamSession session = new StreamSession(
                guard.guardrails(), guard.config(), conversation, new SubscriberListener(subscriber), true);
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                session.request(n);
            }

            @Override
            public void cancel() {
                session.cancel();
            }
        });
        try {
            llmDeltas.subscribe(new Upstream(session));
        } catch (RuntimeException e) {
            session.onUpstreamError(e, false);
        }
    }

    /** Receives the LLM's deltas. */
    private static final class Upstream implements Flow.Subscriber<String> {
        private final StreamSession session;

        Upstream(StreamSession session) {
            this.session = session;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            session.onUpstreamSubscribe(subscription);
        }

        @Override
        public void onNext(String delta) {
            if (delta == null) {
                NullPointerException e = new NullPointerException(
                        "the LLM publisher sent a null delta (reactive-streams rule 2.13); the stream was cancelled");
                session.onUpstreamError(e, true);
                throw e;
            }
            session.onDelta(delta);
        }

        @Override
        public void onError(Throwable error) {
            session.onUpstreamError(Objects.requireNonNull(error, "error"), false);
        }

        @Override
        public void onComplete() {
            session.onUpstreamComplete();
        }
    }

    /** Maps the session's listener signals to a Flow subscriber; a block becomes {@link ContentBlockedException}. */
    private static final class SubscriberListener implements StreamListener {
        private final Flow.Subscriber<? super String> subscriber;

        SubscriberListener(Flow.Subscriber<? super String> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void onText(String released) {
            subscriber.onNext(released);
        }

        @Override
        public void onBlocked(StreamBlocked blocked) {
            subscriber.onError(new ContentBlockedException(blocked));
        }

        @Override
        public void onComplete() {
            subscriber.onComplete();
        }

        @Override
        public void onError(Throwable error) {
            subscriber.onError(error);
        }

        @Override
        public String toString() {
            return String.valueOf(subscriber);
        }
    }
}
