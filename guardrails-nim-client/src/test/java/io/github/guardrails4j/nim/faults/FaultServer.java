package io.github.guardrails4j.nim.faults;

import io.github.guardrails4j.nim.NimClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A fake NIM that answers every request with one fault, or, for {@link FaultCase#CONNECTION_REFUSED}, a loopback
 * port nobody listens on. Public so the security suite can reuse it.
 */
public final class FaultServer implements AutoCloseable {
    private final MockWebServer server;
    private final String baseUrl;

    private FaultServer(MockWebServer server, String baseUrl) {
        this.server = server;
        this.baseUrl = baseUrl;
    }

    /**
     * @param fault the fault to answer with
     * @param rail the rail whose answers to break
     * @return a started server (or a closed port)
     */
    public static FaultServer start(FaultCase fault, RailUnderTest rail) {
        try {
            if (fault.refusesConnections()) {
                int port;
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    port = s.getLocalPort();
                }
                return new FaultServer(null, "http://127.0.0.1:" + port);
            }
            MockResponse response = fault.response(rail);
            MockWebServer server = new MockWebServer();
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return response;
                }
            });
            server.start(InetAddress.getLoopbackAddress(), 0);
            return new FaultServer(server, "http://127.0.0.1:" + server.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the base URL to point a NimClient at */
    public String baseUrl() {
        return baseUrl;
    }

    /** @return how many requests arrived (0 when nothing listens) */
    public int requestCount() {
        return server == null ? 0 : server.getRequestCount();
    }

    /**
     * Loads and initialises OkHttp, Jackson and the rails with one healthy call per rail and a generous timeout, so
     * the first cell of a suite does not spend its short call timeout on class loading.
     */
    public static void warmUp() {
        for (RailUnderTest rail : RailUnderTest.values()) {
            try (MockWebServer server = new MockWebServer()) {
                server.enqueue(new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "application/json")
                        .body(rail.safeBody())
                        .build());
                server.start(InetAddress.getLoopbackAddress(), 0);
                try (NimClient client = NimClient.builder()
                        .baseUrl("http://127.0.0.1:" + server.getPort())
                        .build()) {
                    rail.build(client).check(rail.request()).get(30, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("warm-up call failed", e);
            }
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
