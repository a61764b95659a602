package io.github.guardrails4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.WarmUpReport;
import io.github.guardrails4j.event.CacheStatsListener;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.model.builtin.NemoGuardContentSafety;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.nim.VerdictCache;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code guardrails bench}: sends N checks at a given concurrency and reports throughput, latency percentiles and a
 * histogram, cold versus warm latency, the KV cache hit ratio and the cacheable prefix. {@code --drifting-prefix}
 * shows what a client pays when its prompt prefix changes on every request.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Benchmark the guard: send N checks (cycling through the prompts) at a given concurrency and "
                    + "report throughput, latency p50/p90/p99 with a histogram, cold versus warm latency, the KV cache "
                    + "hit ratio and the cacheable prefix.",
            "Order: one cold check of the first prompt on its own (not counted in N), then the warm-up "
                    + "(Guardrails.warmUp()) unless --no-warm-up, then the N measured checks. The hit ratio is "
                    + "cached / prompt tokens over the measured calls whose server reported cached tokens; "
                    + "'unknown' when none did."
        },
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {
            "0:the run completed (blocked inputs and some rail errors included)",
            ExitCodes.HELP_1,
            ExitCodes.HELP_2,
            "4:guard unavailable: every measured check had a rail error"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  guardrails bench --samples --requests 200 --concurrency 16",
            "  guardrails bench --file prompts.csv --rails content-safety --drifting-prefix --out drifting.json",
            "  guardrails bench --nim-url http://127.0.0.1:8000 --rails content-safety --block-size 32",
            "Without an endpoint the embedded simulator runs with --sim-latency (realistic by default) and "
                    + "--block-size."
        })
final class BenchCommand implements Callable<Integer> {
    /** Default concurrency: {@value}. */
    static final int DEFAULT_CONCURRENCY = 8;
    /** Largest --requests: {@value}. */
    static final int MAX_REQUESTS = 10_000_000;

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** Where the prompts come from: at most one; the samples by default. */
    static final class Source {
        @Option(
                names = "--file",
                paramLabel = "PATH",
                required = true,
                description = "A CSV file with a 'prompt' column (and optionally 'completion' or 'response', which "
                        + "adds the output check), or a .jsonl file, as for check. UTF-8.")
        Path file;

        @Option(names = "--samples", required = true, description = "Use the built-in sample prompts (the default).")
        boolean samples;
    }

    @ParentCommand
    GuardrailsCommand parent;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "Prompts (at most one; default --samples):%n")
    Source source;

    @Option(
            names = "--requests",
            paramLabel = "N",
            description = "Measured checks, cycling through the prompts. Default: the number of prompts.")
    Integer requests;

    @Option(
            names = "--concurrency",
            paramLabel = "C",
            defaultValue = "" + DEFAULT_CONCURRENCY,
            description = "Checks in flight at once, 1..1024. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(
            names = "--warm-up",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Call Guardrails.warmUp() after the cold check and before the measured checks. "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean warmUp;

    @Option(
            names = "--drifting-prefix",
            description = "Put a 'Current time: <now>' line before the content safety instructions, different on "
                    + "every request, to show what a prefix that changes costs (no KV cache reuse). Needs the "
                    + "content-safety rail. Default: ${DEFAULT-VALUE}.")
    boolean driftingPrefix;

    @Option(
            names = "--out",
            paramLabel = "PATH",
            description = "Write the raw results as JSON: {\"results\": [one object per check], \"summary\": {...}}.")
    Path out;

    @Option(
            names = "--block-size",
            paramLabel = "TOKENS",
            defaultValue = "" + CacheStatsListener.DEFAULT_BLOCK_SIZE,
            description = "The server's KV cache block size (vLLM 16, TensorRT-LLM 32 or more), for the expected "
                    + "cacheable tokens; also the embedded simulator's. Default: ${DEFAULT-VALUE}.")
    int blockSize;

    @Option(
            names = "--repeat",
            paramLabel = "K",
            defaultValue = "1",
            description = "Send each prompt K times in a row (1..1000), so that identical checks run at the same "
                    + "time (with --verdict-cache they share one guard call). Default: ${DEFAULT-VALUE}.")
    int repeat;

    @Option(
            names = "--all-verdicts",
            description = "Let every rail run to its verdict even after one blocks (no rail's call is cancelled by "
                    + "another's block). Default: off (the first block cancels the other rails).")
    boolean allVerdicts;

    @Mixin
    VerdictCacheOption verdictCacheOption;

    @Mixin
    EndpointOptions endpoints;

    @Mixin
    NemoConfigOptions nemoConfig;

    @Mixin
    MetricsOptions metrics;

    @Override
    public Integer call() {
        Map<String, String> env = parent != null ? parent.env() : System.getenv();
        UnaryOperator<String> redact = CheckCommand.redactor(env.get(GuardSetup.ENV_API_KEY));
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(env, redact);
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (InputFileException | ConfigurationException e) {
            err.print("error: " + redact.apply(e.getMessage()) + "\n");
            err.flush();
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.print("error: cannot write " + out + ": " + redact.apply(String.valueOf(e)) + "\n");
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.print("error: interrupted; the run was cancelled\n");
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            err.print("error: internal failure: " + redact.apply(String.valueOf(cause)) + "\n");
            err.flush();
            return ExitCodes.INTERNAL_ERROR;
        }
    }

    private int run(Map<String, String> env, UnaryOperator<String> redact)
            throws InputFileException, InterruptedException, ExecutionException, IOException {
        if (concurrency < 1 || concurrency > 1024) {
            throw usage("--concurrency must be 1..1024, got " + concurrency);
        }
        if (blockSize < 1 || blockSize > 4096) {
            throw usage("--block-size must be 1..4096 tokens, got " + blockSize);
        }
        if (requests != null && (requests < 1 || requests > MAX_REQUESTS)) {
            throw usage("--requests must be 1.." + MAX_REQUESTS + ", got " + requests);
        }
        if (repeat < 1 || repeat > 1000) {
            throw usage("--repeat must be 1..1000, got " + repeat);
        }
        VerdictCache verdictCache = verdictCacheOption.cache(spec);
        List<CheckInput> inputs = source != null && source.file != null
                ? InputReader.read(source.file, parent != null ? parent.stdin() : System.in)
                : CheckCommand.samples();
        if (inputs.isEmpty()) {
            throw usage("no prompts to send: the file has none");
        }
        int n = requests != null ? requests : (int) Math.min(MAX_REQUESTS, (long) inputs.size() * repeat);
        GuardSetup.Settings settings = endpoints.settings(spec, blockSize, concurrency);
        PrintWriter err = spec.commandLine().getErr();
        GuardSetup setup;
        try {
            setup = GuardSetup.create(settings, nemoConfig, spec, endpoints.nimUrl, env, notice -> {
                        err.print(notice + "\n");
                        err.flush();
                    })
                    .withVerdictCache(verdictCache);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        try (setup) {
            Guardrails base = driftingPrefix ? drifting(setup) : setup.guardrails();
            CacheStatsListener stats = CacheStatsListener.create(Integer.MAX_VALUE, blockSize);
            VerdictCacheCounter counter = new VerdictCacheCounter(stats);
            Guardrails measured = base.toBuilder()
                    .listenerFactory(counter)
                    .runAllRails(allVerdicts)
                    .build();
            // --metrics-out observes the measured checks only, as the cache statistics do: the same ratio
            measured = metrics.observe(measured, counter, setup.endpoints().values());
            String endpoint = setup.simulated()
                    ? "embedded simulator (" + settings.sim().describe() + ")"
                    : setup.endpoints().keySet().stream().collect(Collectors.joining(", "));

            // 1. Cold: the first check on its own, before any warm-up (after requests that warm only this JVM's
            //    code and connections, not the prompt prefixes).
            warmThisJvm(setup);
            CheckOutcome cold = CheckOutcome.check(base, -1, inputs.get(0)).get();
            // 2. Warm-up.
            String warmUpLine = warmUp ? warmUp(base) : "off (--no-warm-up)";
            if (verdictCache != null) {
                verdictCache.invalidateAll(); // the measured checks start with an empty verdict cache
            }
            // 3. The measured checks.
            long started = System.nanoTime();
            List<CheckOutcome> outcomes = runAll(measured, inputs, n);
            long wallNanos = System.nanoTime() - started;

            BenchSummary summary = BenchSummary.of(outcomes, cold, wallNanos, stats, blockSize);
            PrintWriter o = spec.commandLine().getOut();
            o.print(header(n, inputs.size(), setup, endpoint, warmUpLine, verdictCache) + "\n");
            o.print(summary.render(LatencyHistogram.DEFAULT_WIDTH) + "\n");
            o.print(UncachedWork.of(outcomes).render());
            o.print(verdictCache != null ? VerdictCacheReport.render(counter) : VerdictCacheReport.guardCalls(counter));
            o.flush();
            if (out != null) {
                writeJson(
                        outcomes,
                        summary,
                        new ResultFormatter(redact),
                        n,
                        inputs.size(),
                        endpoint,
                        counter,
                        verdictCache);
                err.print("wrote " + n + " results and the summary to " + out + "\n");
                err.flush();
            }
            try {
                Path written = metrics.write();
                if (written != null) {
                    err.print("wrote the meters of the " + n + " measured checks to " + written + "\n");
                    err.flush();
                }
            } catch (IOException e) {
                err.print("error: cannot write " + metrics.metricsOut + ": " + redact.apply(String.valueOf(e)) + "\n");
                err.flush();
                return ExitCodes.INTERNAL_ERROR;
            }
            return summary.errorChecks() == n ? ExitCodes.GUARD_UNAVAILABLE : ExitCodes.ALLOWED;
        }
    }

    /**
     * Runs the client's code paths once without caching any rail's prompt prefix, so the cold check measures the
     * server's cold prefill rather than this JVM's first request (class loading, JIT, connections): a tiny chat
     * request per chat endpoint, and a content safety check with a unique prefix ({@link DriftingPrefixRail}).
     * Answers are ignored: the checks that follow report failures.
     */
    private static void warmThisJvm(GuardSetup setup) throws InterruptedException, ExecutionException {
        setup.touchChatEndpoints();
        for (GuardSetup.ConfiguredRail r : setup.configuredRails()) {
            if (r.rail() instanceof NimRail cs && cs.guardModel() instanceof NemoGuardContentSafety) {
                new DriftingPrefixRail(cs, r.client())
                        .check(
                                cs.direction() == RailDirection.INPUT
                                        ? RailRequest.ofInput(Rail.WARM_UP_TEXT)
                                        : RailRequest.ofOutput(Rail.WARM_UP_TEXT, Rail.WARM_UP_TEXT))
                        .get();
            }
        }
    }

    /** {@return the guard with every content safety rail replaced by a {@link DriftingPrefixRail}} */
    private Guardrails drifting(GuardSetup setup) {
        Guardrails.Builder g = Guardrails.builder();
        boolean replaced = false;
        for (GuardSetup.ConfiguredRail r : setup.configuredRails()) {
            if (r.rail() instanceof NimRail cs && DriftingPrefixRail.isContentSafety(cs)) {
                try {
                    g.rail(new DriftingPrefixRail(cs, r.client()));
                } catch (ConfigurationException e) {
                    throw usage(e.getMessage());
                }
                replaced = true;
            } else {
                g.rail(r.rail());
            }
        }
        if (!replaced) {
            throw usage("--drifting-prefix changes the content safety prompt: add content-safety to --rails");
        }
        return g.build();
    }

    /**
     * Runs {@link Guardrails#warmUp()}. When it sends nothing (rails that report no prefix cache key), each rail's
     * own {@link Rail#warmUp()} is called instead, so the measured checks still start warm.
     *
     * @return a one-line description
     */
    private static String warmUp(Guardrails g) throws InterruptedException, ExecutionException {
        long t0 = System.nanoTime();
        WarmUpReport report = g.warmUp().get();
        List<Verdict> verdicts = new ArrayList<>(
                report.entries().stream().map(WarmUpReport.Entry::verdict).toList());
        String how = "Guardrails.warmUp()";
        if (verdicts.isEmpty()) {
            List<Rail> rails = new ArrayList<>(g.inputRails());
            rails.addAll(g.outputRails());
            List<CompletableFuture<Verdict>> calls =
                    rails.stream().map(Rail::warmUp).toList();
            for (CompletableFuture<Verdict> c : calls) {
                verdicts.add(c.get());
            }
            how = "each rail's warmUp() (Guardrails.warmUp() sent nothing: no rail reports a prefix cache key)";
        }
        long errors =
                verdicts.stream().filter(v -> v.outcome() == Outcome.ERROR).count();
        return String.format(
                Locale.ROOT,
                "%d call(s) via %s in %.1f ms%s",
                verdicts.size(),
                how,
                (System.nanoTime() - t0) / 1e6,
                errors > 0 ? ", " + errors + " failed" : "");
    }

    private List<CheckOutcome> runAll(Guardrails g, List<CheckInput> inputs, int n)
            throws InterruptedException, ExecutionException {
        List<CompletableFuture<CheckOutcome>> futures = new ArrayList<>(n);
        Semaphore permits = new Semaphore(concurrency);
        try {
            for (int i = 0; i < n; i++) {
                permits.acquire();
                CompletableFuture<CheckOutcome> f = CheckOutcome.check(g, i, inputs.get((i / repeat) % inputs.size()));
                f.whenComplete((o, t) -> permits.release());
                futures.add(f);
            }
            List<CheckOutcome> outcomes = new ArrayList<>(n);
            for (CompletableFuture<CheckOutcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    private String header(
            int n, int prompts, GuardSetup setup, String endpoint, String warmUpLine, VerdictCache verdictCache) {
        List<String> rails = new ArrayList<>();
        setup.configuredRails().forEach(r -> rails.add(r.rail().name()));
        return String.format(
                Locale.ROOT,
                "bench: %d checks over %d prompt(s), concurrency %d%n"
                        + "  rails:   %s%n"
                        + "  prefix:  %s%n"
                        + "  guard:   %s%n"
                        + "  warm-up: %s%n"
                        + "  verdict cache: %s",
                n,
                prompts,
                concurrency,
                String.join(", ", rails),
                driftingPrefix
                        ? "DRIFTING (a 'Current time: ...' line before the content safety instructions, "
                                + "new on every request)"
                        : "stable (the templates as shipped)",
                endpoint,
                warmUpLine,
                verdictCache == null
                        ? "none"
                        : "at most " + verdictCache.maximumSize() + " verdicts, shared by every rail, emptied "
                                + "before the measured checks"
                                + (repeat > 1 ? "; each prompt sent " + repeat + " times in a row" : "")
                                + (allVerdicts ? "; every rail runs to its verdict" : ""));
    }

    private void writeJson(
            List<CheckOutcome> outcomes,
            BenchSummary summary,
            ResultFormatter formatter,
            int n,
            int prompts,
            String endpoint,
            VerdictCacheCounter counter,
            VerdictCache verdictCache)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode results = root.putArray("results");
        for (CheckOutcome o : outcomes) {
            ObjectNode r = formatter.node(o);
            r.put("input", o.index() % prompts);
            r.put("latencyMs", round3(o.latencyNanos() / 1e6));
            putTokens(r, o.verdicts());
            results.add(r);
        }
        ObjectNode s = summary.toJson(root.putObject("summary"));
        s.put("requests", n);
        s.put("prompts", prompts);
        s.put("concurrency", concurrency);
        s.put("prefix", driftingPrefix ? "drifting" : "stable");
        s.put("warmUp", warmUp);
        s.put("guard", endpoint);
        s.put("repeat", repeat);
        UncachedWork.of(outcomes).toJson(s.putObject("uncachedTokensByRail"));
        if (verdictCache != null) {
            VerdictCacheReport.toJson(counter, verdictCache, s.putObject("verdictCache"));
        } else {
            s.putNull("verdictCache");
        }
        ObjectNode calls = s.putObject("guardCallsByRail");
        counter.byRail().forEach((rail, r) -> calls.put(rail, r.attempts.get()));
        Path parentDir = out.toAbsolutePath().getParent();
        if (parentDir != null) {
            Files.createDirectories(parentDir);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
    }

    /** Sums of the check's reported token counts; cachedTokens null when no rail reported it. */
    private static void putTokens(ObjectNode r, List<Verdict> verdicts) {
        Integer prompt = null;
        Integer cached = null;
        for (Verdict v : verdicts) {
            TokenUsage u = v.usage().orElse(null);
            if (u == null) {
                continue;
            }
            prompt = (prompt == null ? 0 : prompt) + u.promptTokens();
            if (u.cachedPromptTokens().isPresent()) {
                cached = (cached == null ? 0 : cached) + u.cachedPromptTokens().getAsInt();
            }
        }
        r.put("promptTokens", prompt);
        r.put("cachedTokens", cached);
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * The numbers of a run. Immutable.
     *
     * @param checks measured checks
     * @param errorChecks checks with at least one rail error
     * @param blockedChecks checks blocked (by a verdict or an error)
     * @param wallNanos wall time of the measured checks
     * @param latenciesMicros each measured check's latency, in run order
     * @param coldMicros the cold check's latency
     * @param hitRatio cached / prompt tokens over the calls that reported cached tokens, or empty when none did
     * @param reportedCalls calls that reported cached tokens
     * @param usageCalls calls that reported token usage at all
     * @param hitRatioByRail per rail name, the same ratio (rails that never reported are left out)
     * @param prefixTokens the fixed prefix every new prompt reused: the fewest positive cached tokens reported by a
     *        content safety input call whose prompt had not been sent before in the run (exact repeats reuse the whole
     *        prompt), or empty when none reported a positive count
     * @param maxCachedNewPrompt the most such a call reported (more than the fixed prefix when two prompts start
     *        with the same words); 0 when none
     * @param blockSize the block size for {@link #expectedCacheable()}
     * @param expectedCacheable whole blocks of {@code prefixTokens}, or empty when it is unknown
     */
    record BenchSummary(
            int checks,
            int errorChecks,
            int blockedChecks,
            long wallNanos,
            long[] latenciesMicros,
            long coldMicros,
            OptionalDouble hitRatio,
            long reportedCalls,
            long usageCalls,
            Map<String, Double> hitRatioByRail,
            OptionalInt prefixTokens,
            int maxCachedNewPrompt,
            int blockSize,
            OptionalInt expectedCacheable) {

        static BenchSummary of(
                List<CheckOutcome> outcomes,
                CheckOutcome cold,
                long wallNanos,
                CacheStatsListener stats,
                int blockSize) {
            long[] lat = new long[outcomes.size()];
            int errors = 0;
            int blocked = 0;
            Map<String, long[]> byRail = new TreeMap<>();
            int maxCached = 0;
            int minCached = Integer.MAX_VALUE;
            // Exact repeats of a prompt reuse the whole prompt, not just the fixed prefix: only first sends count.
            Set<String> seen = new HashSet<>();
            seen.add(cold.input().prompt());
            for (int i = 0; i < lat.length; i++) {
                CheckOutcome o = outcomes.get(i);
                boolean firstSend = seen.add(o.input().prompt());
                lat[i] = o.latencyNanos() / 1_000;
                errors += o.hasError() ? 1 : 0;
                blocked += o.allowed() ? 0 : 1;
                for (Verdict v : o.verdicts()) {
                    TokenUsage u = v.usage().orElse(null);
                    if (u == null || u.cachedPromptTokens().isEmpty()) {
                        continue;
                    }
                    long[] t = byRail.computeIfAbsent(v.rail(), k -> new long[2]);
                    t[0] += u.promptTokens();
                    t[1] += u.cachedPromptTokens().getAsInt();
                    int c = u.cachedPromptTokens().getAsInt();
                    if (firstSend && c > 0 && v.rail().equals(ContentSafetyRail.DEFAULT_INPUT_NAME)) {
                        maxCached = Math.max(maxCached, c);
                        minCached = Math.min(minCached, c);
                    }
                }
            }
            Map<String, Double> ratios = new TreeMap<>();
            byRail.forEach((rail, t) -> {
                if (t[0] > 0) {
                    ratios.put(rail, (double) t[1] / t[0]);
                }
            });
            CacheStatsListener.Snapshot snap = stats.snapshot();
            OptionalInt prefix = maxCached > 0 ? OptionalInt.of(minCached) : OptionalInt.empty();
            OptionalInt expected = prefix.isPresent()
                    ? OptionalInt.of(stats.expectedCacheableTokens(prefix.getAsInt()))
                    : OptionalInt.empty();
            return new BenchSummary(
                    lat.length,
                    errors,
                    blocked,
                    wallNanos,
                    lat,
                    cold.latencyNanos() / 1_000,
                    snap.hitRatio(),
                    snap.windowCalls(),
                    snap.calls(),
                    ratios,
                    prefix,
                    maxCached,
                    blockSize,
                    expected);
        }

        double throughput() {
            return checks / (wallNanos / 1e9);
        }

        long percentileMicros(double p) {
            return Percentiles.nearestRank(latenciesMicros, p);
        }

        /** {@return the median of the measured checks, the "warm" latency} */
        long warmMicros() {
            return percentileMicros(50);
        }

        String render(int histogramWidth) {
            StringBuilder s = new StringBuilder();
            s.append(String.format(
                    Locale.ROOT,
                    "throughput:      %.1f checks/s (%d checks in %.2f s; %d blocked, " + "%d with rail errors)%n",
                    throughput(),
                    checks,
                    wallNanos / 1e9,
                    blockedChecks,
                    errorChecks));
            s.append(String.format(
                    Locale.ROOT,
                    "latency:         p50 %s  p90 %s  p99 %s  max %s%n",
                    ms(percentileMicros(50)),
                    ms(percentileMicros(90)),
                    ms(percentileMicros(99)),
                    ms(percentileMicros(100))));
            s.append(String.format(
                    Locale.ROOT,
                    "cold vs warm:    cold %s (first check, before warm-up) vs warm %s " + "(median after): %.2fx%n",
                    ms(coldMicros),
                    ms(warmMicros()),
                    warmMicros() == 0 ? 1.0 : (double) coldMicros / warmMicros()));
            if (hitRatio.isPresent()) {
                s.append(String.format(
                        Locale.ROOT,
                        "cache hit ratio: %.3f (cached / prompt tokens over %d of %d "
                                + "calls with usage that reported cached tokens)%n",
                        hitRatio.getAsDouble(),
                        reportedCalls,
                        usageCalls));
                s.append("  by rail:       ")
                        .append(hitRatioByRail.entrySet().stream()
                                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()))
                                .collect(Collectors.joining(", ")))
                        .append(String.format("%n"));
            } else {
                s.append(String.format(
                        Locale.ROOT,
                        "cache hit ratio: unknown (the server reported no cached_tokens " + "in %d calls with usage)%n",
                        usageCalls));
            }
            if (prefixTokens.isPresent()) {
                s.append(String.format(
                        Locale.ROOT,
                        "cacheable:       %d tokens per call expected at block size %d "
                                + "(fixed prefix: %d tokens, the fewest a content-safety-input call with a new prompt reused; the most "
                                + "was %d)%n",
                        expectedCacheable.getAsInt(),
                        blockSize,
                        prefixTokens.getAsInt(),
                        maxCachedNewPrompt));
            } else {
                s.append(String.format(
                        Locale.ROOT,
                        "cacheable:       unknown at block size %d (no content-safety-input "
                                + "call with a new prompt reported reused tokens, so the prefix length is unknown)%n",
                        blockSize));
            }
            s.append("latency histogram:").append(String.format("%n"));
            s.append(LatencyHistogram.render(latenciesMicros, histogramWidth));
            return s.toString().replace("\r\n", "\n");
        }

        ObjectNode toJson(ObjectNode s) {
            s.put("checks", checks);
            s.put("blockedChecks", blockedChecks);
            s.put("errorChecks", errorChecks);
            s.put("wallMs", round3(wallNanos / 1e6));
            s.put("throughputPerSecond", round3(throughput()));
            ObjectNode l = s.putObject("latencyMs");
            l.put("p50", percentileMicros(50) / 1000.0);
            l.put("p90", percentileMicros(90) / 1000.0);
            l.put("p99", percentileMicros(99) / 1000.0);
            l.put("max", percentileMicros(100) / 1000.0);
            s.put("coldLatencyMs", coldMicros / 1000.0);
            s.put("warmLatencyMs", warmMicros() / 1000.0);
            if (hitRatio.isPresent()) {
                s.put("cacheHitRatio", round3(hitRatio.getAsDouble()));
            } else {
                s.putNull("cacheHitRatio");
            }
            ObjectNode byRail = s.putObject("cacheHitRatioByRail");
            hitRatioByRail.forEach((k, v) -> byRail.put(k, round3(v)));
            s.put("callsReportingCachedTokens", reportedCalls);
            s.put("blockSize", blockSize);
            if (prefixTokens.isPresent()) {
                s.put("prefixTokens", prefixTokens.getAsInt());
                s.put("maxCachedTokensNewPrompt", maxCachedNewPrompt);
                s.put("expectedCacheableTokens", expectedCacheable.getAsInt());
            } else {
                s.putNull("prefixTokens");
                s.putNull("maxCachedTokensNewPrompt");
                s.putNull("expectedCacheableTokens");
            }
            return s;
        }

        private static String ms(long micros) {
            return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
        }
    }
}
