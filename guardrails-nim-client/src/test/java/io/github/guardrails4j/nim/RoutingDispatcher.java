package io.github.guardrails4j.nim;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Routes requests by predicate (path or body) instead of arrival order. A held route answers only when the test
 * releases it (or after 10 s), which stands in for a slow guard without sleeping in the test.
 */
final class RoutingDispatcher extends Dispatcher {
    private record Route(
            Predicate<RecordedRequest> match, MockResponse response, boolean held, CountDownLatch arrived) {}

    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();

    static Predicate<RecordedRequest> bodyContains(String text) {
        return r -> r.getBody() != null && r.getBody().utf8().contains(text);
    }

    static Predicate<RecordedRequest> pathIs(String path) {
        return r -> r.getUrl().encodedPath().equals(path);
    }

    RoutingDispatcher answer(Predicate<RecordedRequest> match, MockResponse response) {
        routes.add(new Route(match, response, false, new CountDownLatch(1)));
        return this;
    }

    /** @return a latch counted down when a matching request arrives; the answer waits for {@link #releaseAll()} */
    CountDownLatch hold(Predicate<RecordedRequest> match, MockResponse response) {
        CountDownLatch arrived = new CountDownLatch(1);
        routes.add(new Route(match, response, true, arrived));
        return arrived;
    }

    void releaseAll() {
        release.countDown();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        requests.add(request);
        for (Route r : routes) {
            if (r.match().test(request)) {
                r.arrived().countDown();
                if (r.held()) {
                    release.await(10, TimeUnit.SECONDS);
                }
                return r.response();
            }
        }
        return new MockResponse.Builder()
                .code(404)
                .body("{\"detail\":\"no route in test\"}")
                .build();
    }
}
