package io.github.guardrails4j.cli;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.GuardServiceException;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.model.builtin.NemoGuardContentSafety;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code guardrails doctor}: checks a deployment and prints one OK/WARN/FAIL line per check: per endpoint health
 * and served models, one request per rail, and a KV cache reuse probe.
 */
@Command(
        name = "doctor",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Check a guard deployment: health, served models, one request per rail and KV cache reuse; "
                    + "one line per check (OK, WARN or FAIL).",
            "Checks:",
            "  per distinct endpoint: GET /v1/health/ready, GET /v1/health/live, GET /v1/models against the "
                    + "configured models;",
            "  KV cache reuse: the content safety prompt sent twice with two short texts and max_tokens 1 (so the "
                    + "latency is the prefill, which reuse shortens); the second call's cached_tokens (when the "
                    + "server reports it) and the latency of both;",
            "  per rail: one request with a benign text, which must come back safe, on-topic, not a jailbreak.",
            "FAIL means the guard cannot be relied on: unreachable or not ready, a configured model not served, a "
                    + "rail request that failed or judged the benign text unsafe. WARN does not affect "
                    + "correctness: no KV cache reuse seen (slower, not wrong), /v1/health/live or /v1/models "
                    + "not served (404), the jailbreak model id missing from /v1/models (POST /v1/classify names "
                    + "no model), an off-topic verdict under custom --topic-guidelines."
        },
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {
            "0:healthy: every check OK or WARN",
            ExitCodes.HELP_1,
            ExitCodes.HELP_2,
            "4:guard unavailable: at least one FAIL"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guardrails doctor",
            "  guardrails doctor --nim-url http://127.0.0.1:8000 --rails content-safety",
            "  guardrails doctor --content-safety-url http://cs:8000 --topic-control-url http://tc:8000 "
                    + "--jailbreak-url http://jb:8000",
            "With no endpoint configured it checks the embedded simulator, and says so."
        })
final class DoctorCommand implements Callable<Integer> {
    /** The hint printed when no KV cache reuse is seen. */
    static final String NO_REUSE_HINT = "No KV cache reuse seen. Start the NIM container with "
            + "NIM_ENABLE_KV_CACHE_REUSE=1 (it is read at startup: exporting it in a running container "
            + "(docker exec) has no effect; restart the container).";
    /** The benign user message of the rail checks: on-topic for the built-in guidelines. */
    static final String BENIGN_TEXT = "Where is my order? It was supposed to arrive yesterday.";
    /** The benign answer of the output rail check. */
    static final String BENIGN_RESPONSE =
            "Sorry for the wait! Your order shipped on Monday and should arrive " + "tomorrow.";
    /** The two user texts of the KV cache reuse probe: same prefix, different short texts. */
    static final List<String> PROBE_TEXTS = List.of("Hello, can you help me?", "Do you sell reading lamps?");
    /** Path of the liveness probe: {@value}. */
    static final String LIVE_PATH = "/v1/health/live";
    /**
     * Without a cached_tokens count, the second probe call counts as faster when it took at most this share of
     * the first one's time: {@value}.
     */
    static final double LATENCY_DROP_RATIO = 0.8;

    /** The status of one check. */
    enum Status {
        OK,
        WARN,
        FAIL
    }

    @ParentCommand
    GuardrailsCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    EndpointOptions endpoints;

    @Mixin
    NemoConfigOptions nemoConfig;

    private final List<Status> statuses = new ArrayList<>();
    private UnaryOperator<String> redact = s -> s;

    @Override
    public Integer call() {
        Map<String, String> env = parent != null ? parent.env() : System.getenv();
        redact = CheckCommand.redactor(env.get(GuardSetup.ENV_API_KEY));
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(env);
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (InputFileException | ConfigurationException e) {
            err.print("error: " + redact.apply(e.getMessage()) + "\n");
            err.flush();
            return ExitCodes.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.print("error: interrupted\n");
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        } catch (RuntimeException e) {
            err.print("error: internal failure: " + redact.apply(String.valueOf(e)) + "\n");
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        }
    }

    private int run(Map<String, String> env) throws InputFileException, InterruptedException {
        GuardSetup.Settings settings = endpoints.settings(spec);
        List<String> notices = new ArrayList<>();
        GuardSetup setup;
        try {
            setup = GuardSetup.create(settings, nemoConfig, spec, endpoints.nimUrl, env, notices::add);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (setup) {
            if (setup.simulated()) {
                line("guard: no endpoint configured (--nim-url or " + GuardSetup.ENV_NIM_URL + "): checking the "
                        + "embedded simulator at "
                        + setup.endpoints().keySet().iterator().next() + " ("
                        + settings.sim().describe() + "); it is a keyword classifier, not a safety model");
            }
            for (Map.Entry<String, NimClient> e : setup.endpoints().entrySet()) {
                checkEndpoint(
                        e.getKey(),
                        e.getValue(),
                        setup.configuredRails().stream()
                                .filter(r -> r.url().equals(e.getKey()))
                                .toList());
            }
            line("kv cache reuse");
            probeKvReuse(setup);
            line("rails");
            for (GuardSetup.ConfiguredRail r : setup.configuredRails()) {
                // the user's own guidelines (--topic-guidelines or the configuration's topic prompt) may well
                // find the generic benign text off-topic: only a warning then
                checkRail(
                        r,
                        settings.topicGuidelines() != null
                                ? "--topic-guidelines"
                                : setup.nemoConfig().isPresent() ? "the configuration's topic guidelines" : null);
            }
            long fails = statuses.stream().filter(s -> s == Status.FAIL).count();
            long warns = statuses.stream().filter(s -> s == Status.WARN).count();
            long oks = statuses.size() - fails - warns;
            line(String.format(
                    Locale.ROOT,
                    "doctor: %d OK, %d WARN, %d FAIL: %s",
                    oks,
                    warns,
                    fails,
                    fails > 0
                            ? "guard unavailable (exit 4)"
                            : warns > 0 ? "healthy, with warnings (exit 0)" : "healthy (exit 0)"));
            return fails > 0 ? ExitCodes.GUARD_UNAVAILABLE : ExitCodes.ALLOWED;
        }
    }

    private void checkEndpoint(String url, NimClient client, List<GuardSetup.ConfiguredRail> rails)
            throws InterruptedException {
        Set<String> railIds = new LinkedHashSet<>();
        rails.forEach(r -> railIds.add(r.name().id()));
        line("endpoint " + url + " (" + String.join(", ", railIds) + ")");
        long t0 = System.nanoTime();
        try {
            boolean ready = client.ready().get();
            if (ready) {
                check(Status.OK, "ready", "GET " + NimClient.READY_PATH + ": ready" + took(t0));
            } else {
                check(
                        Status.FAIL,
                        "ready",
                        "GET " + NimClient.READY_PATH + ": not ready (non-2xx; a NIM answers "
                                + "503 while it loads the model)" + took(t0));
            }
        } catch (ExecutionException e) {
            check(Status.FAIL, "ready", "GET " + NimClient.READY_PATH + ": " + failure(e.getCause()));
        }
        checkLive(client);
        t0 = System.nanoTime();
        List<String> served;
        try {
            served = client.models().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            boolean notFound = cause instanceof GuardServiceException gse && gse.statusCode() == 404;
            check(
                    notFound ? Status.WARN : Status.FAIL,
                    "models",
                    "GET " + NimClient.MODELS_PATH + ": "
                            + failure(cause)
                            + (notFound
                                    ? "; cannot compare the configured models (the rail requests "
                                            + "below still test them)"
                                    : ""));
            return;
        }
        Set<String> wanted = new LinkedHashSet<>();
        rails.forEach(r -> wanted.add(r.model()));
        for (String model : wanted) {
            boolean jailbreakOnly = rails.stream()
                    .filter(r -> r.model().equals(model))
                    .allMatch(r -> r.name() == RailName.JAILBREAK_DETECTION);
            if (served.contains(model)) {
                check(Status.OK, "model", model + " is served" + took(t0));
            } else if (jailbreakOnly) {
                check(
                        Status.WARN,
                        "model",
                        model + " is not listed by " + NimClient.MODELS_PATH + " (it serves " + served
                                + "); POST /v1/classify names no model, so the rail request below decides");
            } else {
                check(
                        Status.FAIL,
                        "model",
                        model + " is NOT served; " + url + NimClient.MODELS_PATH + " lists "
                                + served
                                + ". Set the model option (--content-safety-model or --topic-control-model) to "
                                + "a served id, or point the rail at the NIM that serves it");
            }
        }
    }

    private void checkLive(NimClient client) throws InterruptedException {
        long t0 = System.nanoTime();
        Request request =
                new Request.Builder().url(client.baseUrl() + LIVE_PATH).get().build();
        Call call = client.okHttpClient().newCall(request);
        try (Response response = call.execute()) {
            int code = response.code();
            if (code / 100 == 2) {
                check(Status.OK, "live", "GET " + LIVE_PATH + ": live" + took(t0));
            } else if (code == 404) {
                check(
                        Status.WARN,
                        "live",
                        "GET " + LIVE_PATH + ": not served (HTTP 404); readiness above is what "
                                + "matters for traffic");
            } else {
                check(Status.FAIL, "live", "GET " + LIVE_PATH + ": HTTP " + code + took(t0));
            }
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted during GET " + LIVE_PATH);
            }
            check(Status.FAIL, "live", "GET " + LIVE_PATH + ": unreachable: " + e);
        }
    }

    private void probeKvReuse(GuardSetup setup) throws InterruptedException {
        Optional<GuardSetup.ConfiguredRail> cs = setup.configuredRails().stream()
                .filter(r -> r.rail() instanceof NimRail c
                        && DriftingPrefixRail.isContentSafety(c)
                        && c.direction() == RailDirection.INPUT)
                .findFirst();
        if (cs.isEmpty()) {
            check(Status.WARN, "kv reuse", "not probed: the content-safety rail is not configured (--rails)");
            return;
        }
        NimRail rail = (NimRail) cs.get().rail();
        if (rail.prefixFingerprint().isEmpty()) {
            check(
                    Status.WARN,
                    "kv reuse",
                    "not probed: model " + rail.guardModel().modelId() + " sends plain turns, "
                            + "without a long fixed prefix to reuse");
            return;
        }
        if (!(rail.guardModel() instanceof NemoGuardContentSafety)) {
            check(
                    Status.WARN,
                    "kv reuse",
                    "not probed: the rail's prompt comes from --config, and the probe needs the built-in "
                            + "NemoGuard template to warm this JVM without caching the prefix");
            return;
        }
        NimClient client = cs.get().client();
        // The first probe call must not also pay for this JVM's first request (class loading, JIT, the connection):
        // that would fake a latency drop. One call with a unique prefix runs the same code without caching the
        // template's prefix; its answer does not matter (failures show in the probe calls below).
        try {
            timed(client, new DriftingPrefixRail(rail, client).perRequestRail(), PROBE_TEXTS.get(0));
        } catch (ExecutionException e) {
            // Ignored on purpose: the probe calls below take the same path and report the failure.
        }
        Probe first;
        Probe second;
        try {
            first = timed(client, rail, PROBE_TEXTS.get(0));
            second = timed(client, rail, PROBE_TEXTS.get(1));
        } catch (ExecutionException e) {
            check(Status.FAIL, "kv reuse", "probe request to " + cs.get().url() + " failed: " + failure(e.getCause()));
            return;
        }
        OptionalInt cached = second.usage().map(TokenUsage::cachedPromptTokens).orElse(OptionalInt.empty());
        int prompt = second.usage().map(TokenUsage::promptTokens).orElse(0);
        ReuseFinding f = judgeReuse(first.latency(), second.latency(), cached, prompt);
        check(f.status(), "kv reuse", f.detail());
        if (f.hint()) {
            line("      hint: " + NO_REUSE_HINT);
        }
    }

    /** One probe call: its latency and reported usage (empty when the server sent none). */
    private record Probe(Duration latency, Optional<TokenUsage> usage) {}

    /**
     * Sends the rail's prompt for a text with {@code max_tokens} 1, so the latency is the prefill (time to first
     * token), the part prefix caching shortens, without the verdict's decoding.
     */
    private static Probe timed(NimClient client, NimRail rail, String text)
            throws InterruptedException, ExecutionException {
        ChatRequest full = (ChatRequest) rail.request(RailRequest.ofInput(text));
        ChatRequest prefill = new ChatRequest(full.model(), full.messages(), full.temperature(), 1, full.extraBody());
        long t0 = System.nanoTime();
        CompletableFuture<ChatAnswer> f = client.chatCompletion(prefill);
        try {
            ChatAnswer c = f.get();
            return new Probe(Duration.ofNanos(System.nanoTime() - t0), c.usageIfKnown());
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        }
    }

    /**
     * What the probe's two calls show.
     *
     * @param status OK when reuse is seen, WARN otherwise
     * @param detail the text of the line
     * @param hint true to print {@link #NO_REUSE_HINT}
     */
    record ReuseFinding(Status status, String detail, boolean hint) {}

    /**
     * Judges the KV reuse probe: reuse is seen when the second call reports cached tokens above 0, or, when the
     * server does not report them, when the second call took at most {@link #LATENCY_DROP_RATIO} of the first's
     * time and at least 1 ms less.
     *
     * @param first latency of the first call
     * @param second latency of the second call
     * @param cached the second call's cached prompt tokens, empty when not reported
     * @param prompt the second call's prompt tokens
     * @return the finding
     */
    static ReuseFinding judgeReuse(Duration first, Duration second, OptionalInt cached, int prompt) {
        String latency =
                String.format(Locale.ROOT, "latency first %d ms, second %d ms", first.toMillis(), second.toMillis());
        if (cached.isPresent() && cached.getAsInt() > 0) {
            return new ReuseFinding(
                    Status.OK,
                    "reused " + cached.getAsInt() + " of " + prompt + " prompt tokens on " + "the second call; "
                            + latency,
                    false);
        }
        if (cached.isPresent()) {
            return new ReuseFinding(
                    Status.WARN, "0 of " + prompt + " prompt tokens reused on the second call; " + latency, true);
        }
        boolean dropped = second.toNanos() <= first.toNanos() * LATENCY_DROP_RATIO
                && first.minus(second).toMillis() >= 1;
        if (dropped) {
            return new ReuseFinding(
                    Status.OK,
                    "the server does not report cached_tokens; " + latency
                            + ": the drop suggests reuse (a latency signal only, noisy on a busy host)",
                    false);
        }
        return new ReuseFinding(
                Status.WARN,
                "the server does not report cached_tokens and the second call was " + "not faster; " + latency,
                true);
    }

    /**
     * Checks one rail with the benign text.
     *
     * @param r the rail
     * @param customGuidelines where the topic guidelines come from when the user wrote them, for the message; null
     *     for the bundled sample (an off-topic verdict is then a failure)
     */
    private void checkRail(GuardSetup.ConfiguredRail r, String customGuidelines) throws InterruptedException {
        Rail rail = r.rail();
        RailRequest request = rail.direction() == RailDirection.INPUT
                ? RailRequest.ofInput(BENIGN_TEXT)
                : RailRequest.ofOutput(BENIGN_TEXT, BENIGN_RESPONSE);
        Verdict v = verdict(rail, request);
        String expected = switch (r.name()) {
            case CONTENT_SAFETY -> "safe";
            case TOPIC_CONTROL -> "on-topic";
            case JAILBREAK_DETECTION -> "not a jailbreak";
        };
        String got = switch (r.name()) {
            case CONTENT_SAFETY -> "unsafe";
            case TOPIC_CONTROL -> "off-topic";
            case JAILBREAK_DETECTION -> "a jailbreak";
        };
        if (v.outcome() == Outcome.SAFE) {
            check(Status.OK, rail.name(), expected + " in " + v.latencyMs() + " ms (benign text)");
        } else if (v.outcome() == Outcome.UNSAFE) {
            boolean warnOnly = r.name() == RailName.TOPIC_CONTROL && customGuidelines != null;
            check(
                    warnOnly ? Status.WARN : Status.FAIL,
                    rail.name(),
                    "judged the benign text " + got
                            + (v.categories().isEmpty()
                                    ? ""
                                    : " (" + TerminalText.escape(String.join(", ", v.categories())) + ")")
                            + " in "
                            + v.latencyMs() + " ms; expected " + expected
                            + (warnOnly
                                    ? " (it may be off-topic for "
                                            + ("--topic-guidelines".equals(customGuidelines)
                                                    ? "your --topic-guidelines"
                                                    : customGuidelines)
                                            + ": '" + BENIGN_TEXT + "')"
                                    : ""));
        } else {
            check(Status.FAIL, rail.name(), "request to " + r.url() + " failed: " + errorText(v));
        }
    }

    private static Verdict verdict(Rail rail, RailRequest request) throws InterruptedException {
        CompletableFuture<Verdict> f = rail.check(request);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            // The NIM rails never complete exceptionally; a rail that does is reported as an internal error.
            throw new IllegalStateException(
                    "rail " + rail.name() + " failed instead of returning an error verdict", e.getCause());
        }
    }

    private String errorText(Verdict v) {
        return v.errorReason().map(x -> x.name().toLowerCase(Locale.ROOT)).orElse("internal") + ": "
                + redact.apply(v.error().map(GuardrailsException::getMessage).orElse("no message"));
    }

    private String failure(Throwable t) {
        return redact.apply(t instanceof GuardrailsException ? t.getMessage() : String.valueOf(t));
    }

    private static String took(long startNanos) {
        return " (" + (System.nanoTime() - startNanos) / 1_000_000 + " ms)";
    }

    private void check(Status status, String name, String detail) {
        statuses.add(status);
        line(String.format(Locale.ROOT, "  %-4s  %-22s %s", status, name, detail));
    }

    private void line(String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(text + "\n");
        out.flush();
    }
}
