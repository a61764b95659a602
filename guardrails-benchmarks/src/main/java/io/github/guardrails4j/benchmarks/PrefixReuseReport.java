package io.github.guardrails4j.benchmarks;

import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.WarmUpReport;
import io.github.guardrails4j.event.CacheStatsListener;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.model.builtin.NemoGuardContentSafety;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.testkit.LatencyModel;
import io.github.guardrails4j.testkit.NimSimulator;
import io.github.guardrails4j.testkit.SimTokenizer;
import io.github.guardrails4j.verdict.TokenUsage;
import io.github.guardrails4j.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * KV cache reuse over every XSTest prompt: after {@link Guardrails#warmUp()}, each of the 450 prompts of
 * {@code xstest_prompts.csv} goes through the content safety input rail to a {@link NimSimulator} (16-token blocks,
 * chained block hashes, cached tokens reported), and each verdict's {@code cached_tokens} is compared with the
 * expected floor: the token prefix every prompt shares (the chat template's system header plus the template's fixed
 * text, counted with the simulator's tokenizer), rounded down to whole blocks. The output rail is checked too, to
 * show that it reuses the same prefix. Not a JMH benchmark: it counts tokens, it does not time anything.
 *
 * <p>Run: {@code java -cp guardrails-benchmarks/target/benchmarks.jar
 * io.github.guardrails4j.benchmarks.PrefixReuseReport PATH/xstest_prompts.csv}, with the prompts file of XSTest
 * (<a href="https://github.com/paul-rottger/xstest">paul-rottger/xstest</a>; read by path, not shipped). Exit
 * status 0 when every prompt reused at least the floor, 1 when one did not, 0 with a note when the file is absent.
 */
public final class PrefixReuseReport {
    private PrefixReuseReport() {}

    /**
     * Runs the report.
     *
     * @param args the path of XSTest's {@code xstest_prompts.csv}; without it, the copy in the project's shared
     *     data folder beside the repository, when there is one
     * @throws IOException when the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args.length > 0 ? args[0] : "../shared/data/xstest/xstest_prompts.csv");
        if (!Files.isRegularFile(csv)) {
            System.out.println("skipped: " + csv + " not found (pass the path of xstest_prompts.csv)");
            return;
        }
        List<String> prompts = PromptsCsv.read(csv);
        int blockSize = NimSimulator.DEFAULT_BLOCK_SIZE;
        CacheStatsListener stats = CacheStatsListener.create(10_000, blockSize);
        try (NimSimulator sim = NimSimulator.builder()
                        .latency(LatencyModel.none())
                        .blockSize(blockSize)
                        .start();
                NimClient client = NimClient.builder().baseUrl(sim.baseUrl()).build()) {
            NimRail input = ContentSafetyRail.input(client).build();
            NimRail output = ContentSafetyRail.output(client).build();
            Guardrails guardrails = Guardrails.builder()
                    .rail(input)
                    .rail(output)
                    .listener(stats)
                    .build();

            int shared = sharedPrefixTokens(input, prompts);
            int fixed = fixedPrefixTokens(input);
            int floor = stats.expectedCacheableTokens(shared);
            System.out.printf(Locale.ROOT, "prompts: %d from %s%n", prompts.size(), csv);
            System.out.printf(
                    Locale.ROOT,
                    "prefix up to {{ user_input }} (chat template + fixed text): %d tokens;"
                            + " shared by all prompts: %d; block %d -> expected cached floor %d%n",
                    fixed,
                    shared,
                    blockSize,
                    floor);

            WarmUpReport warm = guardrails.warmUp().join();
            System.out.println("warm-up: " + warm.entries().size() + " call(s) for input+output rails: " + warm);

            int atFloor = 0;
            int above = 0;
            int below = 0;
            int unknown = 0;
            long promptTokens = 0;
            long cachedTokens = 0;
            long prefixTokens = 0;
            List<String> misses = new ArrayList<>();
            for (String p : prompts) {
                GuardResult r = guardrails.checkInput(p).join();
                Verdict v = r.verdicts().get(0);
                TokenUsage u = v.usage().orElse(null);
                if (u == null || u.cachedPromptTokens().isEmpty()) {
                    unknown++;
                    continue;
                }
                int cached = u.cachedPromptTokens().getAsInt();
                promptTokens += u.promptTokens();
                cachedTokens += cached;
                prefixTokens += Math.min(cached, floor);
                if (cached == floor) {
                    atFloor++;
                } else if (cached > floor) {
                    above++;
                } else {
                    below++;
                    misses.add(cached + " < " + floor + ": " + p);
                }
            }
            int outputBelow = 0;
            for (String p : prompts) {
                Verdict v = guardrails
                        .checkOutput(p, "I can't help with that, but here is a safer idea.")
                        .join()
                        .verdicts()
                        .get(0);
                int cached = v.usage()
                        .flatMap(u -> u.cachedPromptTokens().isPresent()
                                ? Optional.of(u.cachedPromptTokens().getAsInt())
                                : Optional.empty())
                        .orElse(-1);
                if (cached < floor) {
                    outputBelow++;
                }
            }
            int n = prompts.size();
            System.out.printf(
                    Locale.ROOT,
                    "input checks: %d at the floor, %d above it (the user's first words "
                            + "matched an earlier prompt's block), %d below it, %d unreported%n",
                    atFloor,
                    above,
                    below,
                    unknown);
            System.out.printf(
                    Locale.ROOT,
                    "prefix reuse: %d/%d prompts (%.1f%%) reused the whole fixed prefix to " + "the block floor%n",
                    n - below - unknown,
                    n,
                    100.0 * (n - below - unknown) / n);
            System.out.printf(
                    Locale.ROOT,
                    "token hit ratio (input checks): %d cached / %d prompt tokens = %.3f;"
                            + " of the cacheable floor: %d / %d = %.3f%n",
                    cachedTokens,
                    promptTokens,
                    (double) cachedTokens / promptTokens,
                    prefixTokens,
                    (long) floor * (n - unknown),
                    (double) prefixTokens / ((long) floor * (n - unknown)));
            System.out.printf(Locale.ROOT, "output checks below the floor: %d/%d%n", outputBelow, n);
            System.out.printf(
                    Locale.ROOT,
                    "CacheStatsListener (input+output, after warm-up): %s, hit ratio %.3f%n",
                    stats.snapshot(),
                    stats.snapshot().hitRatio().orElse(Double.NaN));
            System.out.printf(Locale.ROOT, "simulator cache stats (warm-up included): %s%n", sim.cacheStats());
            misses.stream().limit(10).forEach(m -> System.out.println("  miss: " + m));
            if (below > 0 || outputBelow > 0) {
                System.exit(1);
            }
        }
    }

    private static int fixedPrefixTokens(NimRail rail) {
        String prefix = ((NemoGuardContentSafety) rail.guardModel())
                .template(rail.direction())
                .fixedPrefix();
        // the chat template wraps the whole user message; count the tokens up to the end of the fixed text
        int[] withPrefixOnly = SimTokenizer.chatPromptIds(prefix);
        return withPrefixOnly.length - 1 - 4; // minus <|eot_id|> and the assistant header (3 tokens + "\n\n")
    }

    private static int sharedPrefixTokens(NimRail rail, List<String> prompts) {
        int[] first = ids(rail, prompts.get(0));
        int shared = first.length;
        for (String p : prompts) {
            int[] other = ids(rail, p);
            int i = 0;
            while (i < shared && i < other.length && other[i] == first[i]) {
                i++;
            }
            shared = i;
        }
        return shared;
    }

    private static int[] ids(NimRail rail, String prompt) {
        String rendered = ((ChatRequest) rail.request(RailRequest.ofInput(prompt)))
                .messages()
                .get(0)
                .content();
        return SimTokenizer.chatPromptIds(rendered);
    }
}
