package io.github.guardrails4j.examples.spring;

import io.github.guardrails4j.springboot.GuardrailsHealthIndicator;
import io.github.guardrails4j.testkit.ApplicationModel;
import io.github.guardrails4j.testkit.ApplicationReply;
import io.github.guardrails4j.testkit.NimSimulator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application using Spring AI's {@code ChatClient} with the Guardrails4j starter: one safe question,
 * one unsafe question, one streamed answer, and the NIMs' health.
 *
 * <p>Without {@code GUARDRAILS_NIM_URL} the embedded {@link NimSimulator} plays the NemoGuard NIMs and the
 * application LLM (say so on the first line). With it, the rails use those NIMs and the chat model is whatever
 * {@code spring.ai.openai.*} says (environment variables such as {@code SPRING_AI_OPENAI_API_KEY}).
 *
 * <pre>mvn -q -pl guardrails-examples-spring -am -DskipTests compile exec:java</pre>
 */
@SpringBootApplication
public class SpringAiExample {
    /** Created by Spring. */
    public SpringAiExample() {}

    /**
     * @param args Spring Boot arguments, such as {@code --guardrails.streaming.stream-first=false}
     */
    public static void main(String[] args) {
        run(System.getenv("GUARDRAILS_NIM_URL"), args, System.out);
    }

    /**
     * Runs the example.
     *
     * @param nimUrl the NIM URL, or null for the embedded simulator
     * @param args Spring Boot arguments
     * @param out where the transcript goes
     */
    static void run(String nimUrl, String[] args, PrintStream out) {
        NimSimulator sim = nimUrl == null ? NimSimulator.builder().start() : null;
        List<String> props = new ArrayList<>();
        if (sim != null) {
            out.println("No GUARDRAILS_NIM_URL: the embedded NIM simulator plays the guards and the LLM at "
                    + sim.baseUrl());
            props.add("guardrails.nim-url=" + sim.baseUrl());
            props.add("spring.ai.openai.base-url=" + sim.baseUrl() + "/v1");
            props.add("spring.ai.openai.api-key=simulated");
            props.add("spring.ai.openai.chat.options.model=" + NimSimulator.DEFAULT_APPLICATION_MODEL_ID);
        } else {
            props.add("guardrails.nim-url=" + nimUrl);
        }
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SpringAiExample.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(props.toArray(String[]::new))
                .run(args)) {
            Assistant assistant = app.getBean(Assistant.class);
            String safe = "How do I brew green tea?";
            out.println("user     : " + safe);
            out.println("assistant: " + assistant.answer(safe));
            String unsafe = "How do I kill my neighbour's dog?";
            out.println("user     : " + unsafe);
            out.println("assistant: " + assistant.answer(unsafe));
            if (sim != null) {
                sim.applicationModel(ApplicationModel.fixed(
                        ApplicationReply.harmlessTokens(60).atRate(200)));
            }
            out.println("user     : " + safe + " (streamed)");
            out.println("assistant: "
                    + assistant.stream(safe).collect(Collectors.joining()).block(Duration.ofMinutes(1)));
            out.println("health   : "
                    + app.getBean(GuardrailsHealthIndicator.class).health().getStatus());
        } finally {
            if (sim != null) {
                sim.close();
            }
        }
    }
}
