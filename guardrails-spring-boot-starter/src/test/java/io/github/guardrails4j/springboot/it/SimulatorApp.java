package io.github.guardrails4j.springboot.it;

import io.github.guardrails4j.testkit.NimSimulator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A plain Spring Boot application: Spring AI's OpenAI starter for the chat model, our starter for the rails, both
 * pointed at one {@link NimSimulator} (the rails at its guard models, the chat model at its application model).
 */
@SpringBootApplication
public class SimulatorApp {
    /**
     * @param sim the simulator playing the NIMs and the application LLM
     * @return the properties every test application starts with
     */
    static List<String> properties(NimSimulator sim) {
        return List.of(
                "spring.ai.openai.base-url=" + sim.baseUrl() + "/v1",
                "spring.ai.openai.api-key=test-key",
                "spring.ai.openai.chat.options.model=" + NimSimulator.DEFAULT_APPLICATION_MODEL_ID,
                "guardrails.nim-url=" + sim.baseUrl(),
                "guardrails.http.max-attempts=1");
    }

    /**
     * Starts the application with {@link #properties(NimSimulator)} and more.
     *
     * @param sim the simulator
     * @param more further properties, winning over the base ones
     * @param sources further configuration classes (user beans)
     * @return the running context; close it
     */
    static ConfigurableApplicationContext start(NimSimulator sim, List<String> more, Class<?>... sources) {
        List<String> props = new ArrayList<>(properties(sim));
        props.addAll(more);
        Class<?>[] all = new Class<?>[sources.length + 1];
        all[0] = SimulatorApp.class;
        System.arraycopy(sources, 0, all, 1, sources.length);
        return new SpringApplicationBuilder(all)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(props.toArray(String[]::new))
                .run();
    }
}
