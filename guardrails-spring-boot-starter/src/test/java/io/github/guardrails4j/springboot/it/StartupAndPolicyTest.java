package io.github.guardrails4j.springboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.rail.FailurePolicy;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.springai.BlockAction;
import io.github.guardrails4j.springai.NemoGuardAdvisor;
import io.github.guardrails4j.springai.NemoGuardBlockedException;
import io.github.guardrails4j.springboot.GuardrailsHealthIndicator;
import io.github.guardrails4j.springboot.NimClients;
import io.github.guardrails4j.stream.ChunkUnit;
import io.github.guardrails4j.stream.ContentBlockedException;
import io.github.guardrails4j.testkit.ApplicationCall;
import io.github.guardrails4j.testkit.ApplicationModel;
import io.github.guardrails4j.testkit.ApplicationReply;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.verdict.Verdict;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One real Spring Boot application per case, started with other {@code guardrails.*} properties or user beans:
 * outages under each failure policy, hold-back and throw modes, property binding, user beans, threads, health DOWN,
 * start-up failures, shutdown.
 */
class StartupAndPolicyTest {
    static final NimSimulator SIM = NimSimulator.builder().start();

    @AfterAll
    static void stop() {
        SIM.close();
    }

    @BeforeEach
    void reset() {
        SIM.applicationModel(ApplicationModel.harmless());
        SIM.clearRecordedRequests();
    }

    @Test
    void guardOutageFailsClosedByDefaultAndTheModelIsNeverCalled() throws IOException {
        try (ConfigurableApplicationContext app = SimulatorApp.start(SIM, List.of("guardrails.nim-url=" + deadUrl()))) {
            String answer =
                    chat(app).prompt().user("How do I brew green tea?").call().content();

            assertEquals(NemoGuardAdvisor.DEFAULT_REFUSAL, answer);
            assertTrue(SIM.applicationCalls().isEmpty());
        }
    }

    @Test
    void guardOutageFailsOpenWhereEveryRailSaysSo() throws IOException {
        try (ConfigurableApplicationContext app = SimulatorApp.start(
                SIM,
                List.of(
                        "guardrails.nim-url=" + deadUrl(),
                        "guardrails.content-safety.failure-policy=fail-open",
                        "guardrails.jailbreak-detection.failure-policy=fail-open"))) {
            assertEquals(
                    ApplicationReply.DEFAULT_TEXT,
                    chat(app).prompt().user("How do I brew green tea?").call().content());
            assertEquals(
                    ApplicationReply.DEFAULT_TEXT,
                    chat(app).prompt().user("How do I brew green tea?").stream()
                            .content()
                            .collect(Collectors.joining())
                            .block(Duration.ofSeconds(60)));
        }
    }

    @Test
    void holdBackReleasesNothingOfTheBlockedChunkAndThrowModeEndsTheStreamWithTheException() {
        String before = ApplicationReply.harmlessTokens(20).text();
        ApplicationReply reply = ApplicationReply.text(before + " " + ApplicationReply.UNSAFE_TEXT + " "
                        + ApplicationReply.harmlessTokens(3000).text())
                .atRate(100);
        SIM.applicationModel(ApplicationModel.fixed(reply));
        try (ConfigurableApplicationContext app = SimulatorApp.start(
                SIM,
                List.of(
                        "guardrails.streaming.stream-first=false",
                        "guardrails.streaming.chunk-size=10",
                        "guardrails.streaming.context-size=0",
                        "guardrails.advisor.block-action=throw"))) {
            StringBuilder released = new StringBuilder();
            NemoGuardBlockedException e = assertThrows(
                    NemoGuardBlockedException.class,
                    () -> chat(app).prompt().user("Tell me about tea").stream()
                            .content()
                            .doOnNext(released::append)
                            .blockLast(Duration.ofSeconds(60)));

            assertEquals(RailDirection.OUTPUT, e.direction());
            assertInstanceOf(ContentBlockedException.class, e.getCause());
            assertFalse(released.toString().contains("steal"), released.toString());
            assertTrue(reply.text().startsWith(released.toString()));
            // the model's stream was cancelled: closed by the client long before its 30 s of tokens were sent
            ApplicationCall call =
                    SIM.awaitApplicationCalls(1, Duration.ofSeconds(30)).get(0);
            assertEquals(ApplicationCall.Outcome.CLIENT_CLOSED, call.outcome());
            assertTrue(call.tokensSent() < reply.tokens().size() / 2, "tokens sent: " + call.tokensSent());
        }
    }

    @Test
    void propertiesBindToTheBeans() {
        try (ConfigurableApplicationContext app = SimulatorApp.start(
                SIM,
                List.of(
                        "guardrails.topic-control.enabled=true",
                        "guardrails.topic-control.guidelines-resource=classpath:topics.txt",
                        "guardrails.topic-control.failure-policy=fail-open",
                        "guardrails.content-safety.output=false",
                        "guardrails.jailbreak-detection.enabled=false",
                        "guardrails.streaming.chunk-unit=characters",
                        "guardrails.streaming.chunk-size=120",
                        "guardrails.streaming.context-size=30",
                        "guardrails.streaming.stream-first=false",
                        "guardrails.advisor.refusal=Not here.",
                        "guardrails.advisor.order=42",
                        "guardrails.advisor.block-action=throw",
                        "guardrails.api-key-env=MY_NIM_KEY",
                        "MY_NIM_KEY=k-123"))) {
            Guardrails guardrails = app.getBean(Guardrails.class);
            assertEquals(
                    List.of("content-safety-input", "topic-control"),
                    guardrails.inputRails().stream().map(Rail::name).toList());
            assertTrue(guardrails.outputRails().isEmpty());
            assertEquals(FailurePolicy.FAIL_OPEN, guardrails.failurePolicy("topic-control"));
            assertEquals(FailurePolicy.FAIL_CLOSED, guardrails.failurePolicy("content-safety-input"));
            NemoGuardAdvisor advisor = app.getBean(NemoGuardAdvisor.class);
            assertEquals("Not here.", advisor.refusal());
            assertEquals(42, advisor.getOrder());
            assertEquals(BlockAction.THROW, advisor.blockAction());
            assertEquals(ChunkUnit.CHARACTERS, advisor.streaming().chunkUnit());
            assertEquals(120, advisor.streaming().chunkSize());
            assertEquals(30, advisor.streaming().contextSize());
            assertFalse(advisor.streaming().streamFirst());
            // topic control sends the guidelines from the resource
            chat(app).prompt().user("How do I brew green tea?").call().content();
            assertTrue(SIM.recordedRequests().stream()
                    .anyMatch(r -> r.body().contains("Only discuss green tea: brewing, varieties and storage.")));
            // the API key comes from the variable guardrails.api-key-env names
            List<String> guardAuthorizations = SIM.recordedRequests().stream()
                    .filter(r -> r.path().startsWith("/v1/chat/completions")
                            && !r.body().contains(NimSimulator.DEFAULT_APPLICATION_MODEL_ID))
                    .map(r -> r.header("Authorization").orElse("none"))
                    .toList();
            assertEquals(List.of("Bearer k-123", "Bearer k-123"), guardAuthorizations);
        }
    }

    @Test
    void userBeansOverrideOursAndNoGuardCallRunsOnANonBlockingThread() {
        try (ConfigurableApplicationContext app = SimulatorApp.start(SIM, List.of(), UserBeans.class)) {
            UserBeans beans = app.getBean(UserBeans.class);
            assertSame(beans.advisor, app.getBean(NemoGuardAdvisor.class));
            assertSame(beans.guardrails, app.getBean(Guardrails.class));
            ChatClient chat = chat(app);

            // subscribed from a Reactor parallel (non-blocking) thread
            String answer = Mono.just("How do I brew green tea?")
                    .publishOn(Schedulers.parallel())
                    .flatMapMany(q -> chat.prompt().user(q).stream().content())
                    .collect(Collectors.joining())
                    .block(Duration.ofSeconds(60));

            assertEquals(ApplicationReply.DEFAULT_TEXT, answer);
            assertEquals(
                    List.of("recorded-input", "recorded-output"),
                    beans.rail.names.stream().distinct().toList());
            assertEquals(
                    List.of(false),
                    beans.rail.nonBlocking.stream().distinct().toList(),
                    "guard calls on " + beans.rail.threads);

            // a blocking call from a non-blocking thread is refused before any guard call
            int calls = beans.rail.names.size();
            IllegalStateException e = assertThrows(
                    IllegalStateException.class,
                    () -> Mono.fromCallable(
                                    () -> chat.prompt().user("hi").call().content())
                            .subscribeOn(Schedulers.parallel())
                            .block(Duration.ofSeconds(60)));
            assertTrue(e.getMessage().contains("non-blocking thread"), e.getMessage());
            assertEquals(calls, beans.rail.names.size());
        }
    }

    @Test
    void healthIsDownWhenTheNimIsUnreachable() throws IOException {
        String dead = deadUrl();
        try (ConfigurableApplicationContext app = SimulatorApp.start(SIM, List.of("guardrails.nim-url=" + dead))) {
            GuardrailsHealthIndicator health = app.getBean(GuardrailsHealthIndicator.class);

            assertEquals(Status.DOWN, health.health().getStatus());
            String detail = String.valueOf(health.health().getDetails().get(dead));
            assertTrue(detail.contains("GuardTransportException"), detail);
        }
    }

    @Test
    void missingNimUrlFailsStartUpNamingTheProperty() {
        Throwable root = configurationError(assertThrows(
                RuntimeException.class,
                () -> SimulatorApp.start(SIM, List.of("guardrails.nim-url=")).close()));

        assertInstanceOf(ConfigurationException.class, root);
        assertTrue(root.getMessage().startsWith("guardrails.nim-url: "), root.getMessage());
    }

    @Test
    void badValuesFailStartUpNamingTheProperty() {
        Throwable chunk = configurationError(assertThrows(
                RuntimeException.class,
                () -> SimulatorApp.start(SIM, List.of("guardrails.streaming.chunk-size=0"))
                        .close()));
        assertEquals(
                "guardrails.streaming: chunkSize must be >= 1, got 0; use for example chunkSize(200)",
                chunk.getMessage());

        Throwable topic = configurationError(assertThrows(
                RuntimeException.class,
                () -> SimulatorApp.start(SIM, List.of("guardrails.topic-control.enabled=true"))
                        .close()));
        assertTrue(topic.getMessage().startsWith("guardrails.topic-control.guidelines: "), topic.getMessage());

        RuntimeException policy = assertThrows(
                RuntimeException.class,
                () -> SimulatorApp.start(SIM, List.of("guardrails.content-safety.failure-policy=maybe"))
                        .close());
        assertTrue(allMessages(policy).contains("guardrails.content-safety.failure-policy"), allMessages(policy));
    }

    @Test
    void shutdownClosesTheNimClients() {
        ConfigurableApplicationContext app = SimulatorApp.start(SIM, List.of());
        NimClient nim = app.getBean(NimClients.class).byUrl().get(SIM.baseUrl());
        assertFalse(nim.okHttpClient().dispatcher().executorService().isShutdown());

        app.close();

        assertTrue(nim.okHttpClient().dispatcher().executorService().isShutdown());
    }

    private static ChatClient chat(ConfigurableApplicationContext app) {
        return app.getBean(ChatClient.Builder.class).build();
    }

    /** @return a loopback URL where nothing listens */
    private static String deadUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    /** @return the outermost ConfigurationException in the cause chain (the one the starter threw) */
    private static Throwable configurationError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigurationException) {
                return c;
            }
        }
        throw new AssertionError("no ConfigurationException in " + allMessages(t));
    }

    private static String allMessages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append(" | ");
        }
        return b.toString();
    }

    /** The application's own Guardrails and advisor, on rails that record the thread of every guard call. */
    @Configuration(proxyBeanMethods = false)
    static class UserBeans {
        final RecordingRail rail = new RecordingRail();
        Guardrails guardrails;
        NemoGuardAdvisor advisor;

        @Bean
        Guardrails userGuardrails() {
            guardrails = Guardrails.builder()
                    .rail(rail.as("recorded-input", RailDirection.INPUT))
                    .rail(rail.as("recorded-output", RailDirection.OUTPUT))
                    .build();
            return guardrails;
        }

        @Bean
        NemoGuardAdvisor userAdvisor(Guardrails g) {
            advisor = NemoGuardAdvisor.builder(g).refusal("user refusal").build();
            return advisor;
        }
    }

    /** Records, for every check, the rail, the thread and whether Reactor calls it non-blocking; answers safe. */
    static final class RecordingRail {
        final List<String> names = new CopyOnWriteArrayList<>();
        final List<Boolean> nonBlocking = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        Rail as(String name, RailDirection direction) {
            return new Rail() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public RailDirection direction() {
                    return direction;
                }

                @Override
                public CompletableFuture<Verdict> check(RailRequest request) {
                    names.add(name);
                    nonBlocking.add(Schedulers.isInNonBlockingThread());
                    threads.add(Thread.currentThread().getName());
                    return CompletableFuture.completedFuture(Verdict.builder(name)
                            .outcome(io.github.guardrails4j.verdict.Outcome.SAFE)
                            .build());
                }
            };
        }
    }
}
