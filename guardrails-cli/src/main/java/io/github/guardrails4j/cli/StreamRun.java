package io.github.guardrails4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.stream.StreamBlocked;
import io.github.guardrails4j.stream.StreamingGuard;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code guardrails check --stream}: runs inputs through the input rails and replays their answers as token streams
 * through a {@link StreamingGuard}, then prints one result per input (in input order) and the stream summary.
 * Owns its pacing scheduler (one daemon thread) and shuts it down. Not thread safe: one instance per run.
 */
final class StreamRun {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final Guardrails guardrails;
    private final StreamingGuard streaming;
    private final double tokensPerSecond;
    private final String settings;
    private final ResultFormatter formatter;
    private final boolean jsonl;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * Sets guardrails.
     *
     * @param guardrails input and output rails
     * @param streaming the streaming guard over {@code guardrails}
     * @param tokensPerSecond the replay pace
     * @param settings the streaming settings, described in one line
     * @param formatter formats the check part of each result
     * @param jsonl JSON lines (true) or a table
     * @param out results
     * @param err progress and summary
     */
    StreamRun(
            Guardrails guardrails,
            StreamingGuard streaming,
            double tokensPerSecond,
            String settings,
            ResultFormatter formatter,
            boolean jsonl,
            PrintWriter out,
            PrintWriter err) {
        this.guardrails = guardrails;
        this.streaming = streaming;
        this.tokensPerSecond = tokensPerSecond;
        this.settings = settings;
        this.formatter = formatter;
        this.jsonl = jsonl;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs every input, at most {@code concurrency} at once, and prints their results in input order.
     *
     * @param inputs the inputs
     * @param concurrency inputs (each with its stream) in flight at once
     * @return the outcomes, in input order
     * @throws InterruptedException when interrupted while waiting
     * @throws ExecutionException when a check failed unexpectedly
     */
    List<StreamOutcome> run(List<CheckInput> inputs, int concurrency) throws InterruptedException, ExecutionException {
        int n = inputs.size();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "guardrails-stream-replay");
            t.setDaemon(true);
            return t;
        });
        long started = System.nanoTime();
        BoundedRun<StreamOutcome> run = BoundedRun.start(
                n,
                concurrency,
                index -> StreamOutcome.check(
                        guardrails, streaming, scheduler, tokensPerSecond, index, inputs.get(index)));
        RunSummary summary = new RunSummary();
        StreamSummary streams = new StreamSummary(settings);
        List<StreamOutcome> outcomes = new ArrayList<>(n);
        Progress progress = new Progress(out, err, n);
        try (run) {
            if (!jsonl) {
                out.print(ResultFormatter.tableHeader() + "\n");
            }
            for (int i = 0; i < n; i++) {
                StreamOutcome o = run.get(i);
                outcomes.add(o);
                out.print((jsonl ? jsonLine(o) : tableRows(o)) + "\n");
                summary.add(o.check());
                if (o.stream() != null) {
                    streams.add(o.stream());
                }
                progress.done(i + 1);
            }
        } finally {
            scheduler.shutdownNow();
            out.flush();
        }
        err.print(summary.render((System.nanoTime() - started) / 1_000_000) + "\n" + streams.render() + "\n");
        err.flush();
        return outcomes;
    }

    /**
     * The check's JSON object plus {@code stream}: {@code firstTextMs} (null when nothing was released),
     * {@code addedMs} (null unless the stream completed), {@code blocked}, {@code blockedChunk},
     * {@code blockedOffset} (null unless blocked), {@code releasedChars}, then {@code tokens}, {@code chars},
     * {@code endMs}, {@code unguardedEndMs}, {@code error} (a failed stream's message, else null) and {@code checks}
     * (one object per chunk check that passed: {@code chunk}, {@code characters}, {@code promptTokens},
     * {@code cachedTokens}, {@code latencyMs}).
     * {@code stream} is null for an input without an answer. {@code allowed} is false for a failed stream.
     *
     * @param o the outcome
     * @return one line
     */
    String jsonLine(StreamOutcome o) {
        ObjectNode root = formatter.node(o.check());
        root.put("allowed", o.allowed());
        TokenReplay.Result s = o.stream();
        if (s == null) {
            root.putNull("stream");
        } else {
            ObjectNode j = root.putObject("stream");
            putMs(j, "firstTextMs", s.firstTextNanos() >= 0 ? s.firstTextNanos() : null);
            putMs(j, "addedMs", s.completed() ? s.addedNanos() : null);
            StreamBlocked b = s.blocked();
            j.put("blocked", b != null);
            j.put("blockedChunk", b != null ? Integer.valueOf(b.chunkIndex()) : null);
            j.put("blockedOffset", b != null ? Long.valueOf(b.offset()) : null);
            j.put("releasedChars", s.releasedChars());
            j.put("tokens", s.tokens());
            j.put("chars", s.chars());
            putMs(j, "endMs", s.endNanos());
            putMs(j, "unguardedEndMs", s.unguardedEndNanos());
            j.put("error", s.error() != null ? formatter.redact(String.valueOf(s.error())) : (String) null);
            ArrayNode checks = j.putArray("checks");
            for (ChunkCheck c : s.checks()) {
                ObjectNode e = checks.addObject();
                e.put("chunk", c.chunk());
                e.put("characters", c.characters());
                e.put("promptTokens", c.promptTokens());
                e.put("cachedTokens", c.cachedTokens());
                putMs(e, "latencyMs", c.latencyNanos());
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree of strings and numbers", e);
        }
    }

    /**
     * The check's table row, then (for an input with an answer) an indented line with the stream's figures.
     *
     * @param o the outcome
     * @return one or two lines, without a final line terminator
     */
    String tableRows(StreamOutcome o) {
        String row = formatter.tableRow(o.check());
        TokenReplay.Result s = o.stream();
        if (s == null) {
            return row;
        }
        String first = s.firstTextNanos() >= 0 ? ms(s.firstTextNanos()) + " ms" : "none";
        String what;
        if (s.blocked() != null) {
            StreamBlocked b = s.blocked();
            what = String.format(
                    Locale.ROOT,
                    "BLOCKED at chunk %d (offset %d), %d of %d chars released",
                    b.chunkIndex(),
                    b.offset(),
                    s.releasedChars(),
                    s.chars());
        } else if (s.error() != null) {
            what = "FAILED: " + TerminalText.escape(formatter.redact(String.valueOf(s.error())));
        } else {
            what = String.format(Locale.ROOT, "completed %s ms after the unguarded stream", signedMs(s.addedNanos()));
        }
        return row
                + String.format(
                        Locale.ROOT,
                        "\n       stream: first text %s, %s (%d tokens, unguarded %s ms)",
                        first,
                        what,
                        s.tokens(),
                        ms(s.unguardedEndNanos()));
    }

    private static void putMs(ObjectNode node, String field, Long nanos) {
        if (nanos == null) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(nanos / 100_000.0) / 10.0);
        }
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static String signedMs(long nanos) {
        return (nanos >= 0 ? "+" : "") + ms(nanos);
    }
}
