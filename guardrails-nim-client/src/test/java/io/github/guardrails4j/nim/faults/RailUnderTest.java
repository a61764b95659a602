package io.github.guardrails4j.nim.faults;

import io.github.guardrails4j.nim.ContentSafetyRail;
import io.github.guardrails4j.nim.JailbreakDetectionRail;
import io.github.guardrails4j.nim.NimClient;
import io.github.guardrails4j.nim.TopicControlRail;
import io.github.guardrails4j.rail.Rail;
import io.github.guardrails4j.rail.RailRequest;
import java.util.function.Function;

/**
 * The four NIM rails the fault matrix runs, each with the request it checks and the 200 answers of its endpoint.
 * Public so the security suite can run the same matrix.
 */
public enum RailUnderTest {
    CONTENT_SAFETY_INPUT(
            ContentSafetyRail.DEFAULT_INPUT_NAME,
            NimClient.CHAT_COMPLETIONS_PATH,
            c -> ContentSafetyRail.input(c).build(),
            FaultBodies.completion("{\"User Safety\": \"safe\"}"),
            FaultBodies.completion("{\"User Safety\": \"unsafe\", \"Safety Categories\": \"Violence\"}")),
    CONTENT_SAFETY_OUTPUT(
            ContentSafetyRail.DEFAULT_OUTPUT_NAME,
            NimClient.CHAT_COMPLETIONS_PATH,
            c -> ContentSafetyRail.output(c).build(),
            FaultBodies.completion("{\"User Safety\": \"safe\", \"Response Safety\": \"safe\"}"),
            FaultBodies.completion("{\"User Safety\": \"safe\", \"Response Safety\": \"unsafe\", "
                    + "\"Safety Categories\": \"Violence\"}")),
    TOPIC_CONTROL(
            TopicControlRail.DEFAULT_NAME,
            NimClient.CHAT_COMPLETIONS_PATH,
            c -> TopicControlRail.builder(c)
                    .guidelines("You are a cooking assistant. Talk only about cooking.")
                    .build(),
            FaultBodies.completion("on-topic"),
            FaultBodies.completion("off-topic")),
    JAILBREAK_DETECTION(
            JailbreakDetectionRail.DEFAULT_NAME,
            NimClient.DEFAULT_CLASSIFY_PATH,
            c -> JailbreakDetectionRail.builder(c).build(),
            "{\"jailbreak\": false, \"score\": -0.9731}",
            "{\"jailbreak\": true, \"score\": 0.9912}");

    /** The user's message every rail checks. */
    public static final String USER_MESSAGE = "How do I sharpen a kitchen knife?";
    /** The LLM's answer the output rail checks. */
    public static final String BOT_RESPONSE = "Use a whetstone at a 15 to 20 degree angle.";

    private final String railName;
    private final String path;
    private final Function<NimClient, Rail> factory;
    private final String safeBody;
    private final String unsafeBody;

    RailUnderTest(String railName, String path, Function<NimClient, Rail> factory, String safeBody, String unsafeBody) {
        this.railName = railName;
        this.path = path;
        this.factory = factory;
        this.safeBody = safeBody;
        this.unsafeBody = unsafeBody;
    }

    /** @return the rail's default name, used as the matrix column */
    public String railName() {
        return railName;
    }

    /** @return the endpoint path the rail posts to */
    public String path() {
        return path;
    }

    /** @return a new rail on the client */
    public Rail build(NimClient client) {
        return factory.apply(client);
    }

    /** @return the conversation the rail checks */
    public RailRequest request() {
        return this == CONTENT_SAFETY_OUTPUT
                ? RailRequest.ofOutput(USER_MESSAGE, BOT_RESPONSE)
                : RailRequest.ofInput(USER_MESSAGE);
    }

    /** @return a complete 200 body with a SAFE answer (what a healthy guard says to {@link #USER_MESSAGE}) */
    public String safeBody() {
        return safeBody;
    }

    /** @return a complete 200 body with an UNSAFE answer */
    public String unsafeBody() {
        return unsafeBody;
    }
}
