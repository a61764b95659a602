package io.github.guardrails4j.nim;

import io.github.guardrails4j.nim.resilience.ResilienceConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.Dispatcher;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** One MockWebServer and one host-owned (borrowed) OkHttpClient per test. */
abstract class NimServerTest {
    MockWebServer server;
    RoutingDispatcher routes;
    OkHttpClient http;
    NimClient client;
    final List<String> canceledCalls = new CopyOnWriteArrayList<>();
    final List<IOException> failedCalls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start();
        routes = new RoutingDispatcher();
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequestsPerHost(64);
        http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .retryOnConnectionFailure(false)
                .eventListener(new EventListener() {
                    @Override
                    public void canceled(Call call) {
                        canceledCalls.add(call.request().url().encodedPath());
                    }

                    @Override
                    public void callFailed(Call call, IOException ioe) {
                        failedCalls.add(ioe);
                    }
                })
                .build();
        client = clientBuilder().build();
    }

    NimClient.Builder clientBuilder() {
        // one attempt: these tests script exact answers; retries are covered by the resilience tests
        return NimClient.builder()
                .baseUrl(server.url("/").toString())
                .okHttpClient(http)
                .attemptTimeout(Duration.ofSeconds(5))
                .resilience(ResilienceConfig.disabled());
    }

    /** Routes requests with {@link #routes} instead of the arrival-order queue. */
    void useRoutes() {
        server.setDispatcher(routes);
    }

    int runningCalls() {
        return http.dispatcher().runningCallsCount();
    }

    @AfterEach
    void stopServer() {
        routes.releaseAll();
        client.close();
        server.close();
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
