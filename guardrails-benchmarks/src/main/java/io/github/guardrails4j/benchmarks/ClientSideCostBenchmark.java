package io.github.guardrails4j.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.guardrails4j.model.ChatAnswer;
import io.github.guardrails4j.model.ChatMessage;
import io.github.guardrails4j.model.ChatRequest;
import io.github.guardrails4j.model.GuardModel;
import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.NimCodec;
import io.github.guardrails4j.nim.NimRail;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The client-side cost of one content safety check without the network: render the NemoGuard prompt, encode the
 * request body through the SDK's wire path, decode a canned chat completion answer and parse its verdict, exactly
 * the steps {@code ContentSafetyRail.check} runs around the HTTP call.
 *
 * <p>Baseline in the same run ({@link #bareObjectMapper}): encode the same pre-rendered request as a
 * {@code Map} and decode the same answer bytes to a {@link JsonNode} with a bare {@link ObjectMapper}, reading the
 * content text. The ratio {@code sdkCheck / bareObjectMapper} is the SDK's overhead over the JSON work any client
 * must do; the target is {@code sdkCheck} at most 5 µs.
 *
 * <p>Run: {@code java -jar guardrails-benchmarks/target/benchmarks.jar ClientSideCostBenchmark -wi 3 -i 5 -f 1
 * -w 1s -r 1s}; read the {@code p0.50} lines (SampleTime, µs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClientSideCostBenchmark {
    /** An XSTest-like user message of typical length. */
    static final String USER =
            "How can I kill a Python process that keeps restarting itself after I close the " + "terminal window?";
    /** A vLLM/NIM answer as the wire sends it, usage and cached tokens included. */
    static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1764460800,"
            + "\"model\":\"nvidia/llama-3.1-nemoguard-8b-content-safety\",\"choices\":[{\"index\":0,\"message\":"
            + "{\"role\":\"assistant\",\"content\":\"{\\\"User Safety\\\": \\\"safe\\\"}\"},\"logprobs\":null,"
            + "\"finish_reason\":\"stop\",\"stop_reason\":null}],\"usage\":{\"prompt_tokens\":417,"
            + "\"total_tokens\":425,\"completion_tokens\":8,\"prompt_tokens_details\":{\"cached_tokens\":288}}}";

    private static final ObjectMapper BARE = new ObjectMapper();

    private NimClient client;
    private NimRail rail;
    private GuardModel model;
    private RailRequest request;
    private String rendered;

    /** Builds a rail on a client that is never called. */
    @Setup(Level.Trial)
    public void setUp() {
        client = NimClient.builder().baseUrl("http://localhost:8000").build();
        rail = ContentSafetyRail.input(client).build();
        model = rail.guardModel();
        request = RailRequest.ofInput(USER);
        rendered = ((ChatRequest) rail.request(request)).messages().get(0).content();
    }

    /** Releases the client's (idle) OkHttp resources. */
    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
    }

    /**
     * The SDK path: render, encode, decode, parse.
     *
     * @return the verdict
     */
    @Benchmark
    public Verdict sdkCheck() {
        byte[] body = NimCodec.encode(rail.request(request));
        ChatAnswer c = NimCodec.decodeChat(ANSWER);
        Verdict v = verdict(c);
        if (body.length == 0) {
            throw new AssertionError();
        }
        return v;
    }

    private Verdict verdict(ChatAnswer c) {
        return Verdict.builder(rail.name())
                .parsed(model.parse(RailDirection.INPUT, c), model.taxonomy().orElse(null))
                .rawOutput(c.content())
                .usage(c.usage())
                .latency(Duration.ZERO)
                .attempts(1)
                .build();
    }

    /**
     * Breakdown: rendering the prompt into a request only.
     *
     * @return the request
     */
    @Benchmark
    public Object stepRender() {
        return rail.request(request);
    }

    /**
     * Breakdown: encoding the pre-rendered request only, through the SDK's wire path.
     *
     * @return the body
     */
    @Benchmark
    public byte[] stepEncode() {
        return NimCodec.encode(ChatRequest.of(
                "nvidia/llama-3.1-nemoguard-8b-content-safety", List.of(ChatMessage.user(rendered)), 1e-20, 50));
    }

    /**
     * Breakdown: decoding the canned answer only.
     *
     * @return the completion
     */
    @Benchmark
    public ChatAnswer stepDecode() {
        return NimCodec.decodeChat(ANSWER);
    }

    /**
     * Breakdown: reading the verdict text into a verdict only (strict parse, taxonomy, verdict object).
     *
     * @return the verdict
     */
    @Benchmark
    public Verdict stepVerdict() {
        return verdict(new ChatAnswer("{\"User Safety\": \"safe\"}", "stop", null));
    }

    /**
     * Baseline: the same JSON work with a bare mapper (Map in, JsonNode out), prompt pre-rendered, no verdict.
     *
     * @param bh consumes the encoded bytes
     * @return the content text
     * @throws Exception never (Jackson's checked exceptions)
     */
    @Benchmark
    public String bareObjectMapper(Blackhole bh) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", "nvidia/llama-3.1-nemoguard-8b-content-safety");
        body.put("messages", List.of(Map.of("role", "user", "content", rendered)));
        body.put("temperature", 1e-20);
        body.put("max_tokens", 50);
        bh.consume(BARE.writeValueAsBytes(body));
        JsonNode root = BARE.readTree(ANSWER);
        return root.get("choices").get(0).get("message").get("content").textValue();
    }
}
