package io.github.guardrails4j.cli;

import io.github.guardrails4j.exception.ConfigurationException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The rails selectable with {@code --rails}. {@link #CONTENT_SAFETY} adds both the input and the output rail. */
enum RailName {
    CONTENT_SAFETY("content-safety", "--content-safety-url", "GUARDRAILS_CONTENT_SAFETY_URL"),
    TOPIC_CONTROL("topic-control", "--topic-control-url", "GUARDRAILS_TOPIC_CONTROL_URL"),
    JAILBREAK_DETECTION("jailbreak-detection", "--jailbreak-url", "GUARDRAILS_JAILBREAK_URL");

    private final String id;
    private final String urlOption;
    private final String urlEnv;

    RailName(String id, String urlOption, String urlEnv) {
        this.id = id;
        this.urlOption = urlOption;
        this.urlEnv = urlEnv;
    }

    String id() {
        return id;
    }

    String urlOption() {
        return urlOption;
    }

    String urlEnv() {
        return urlEnv;
    }

    @Override
    public String toString() {
        return id;
    }

    /**
     * Sets s.
     *
     * @param s a rail id such as {@code topic-control}
     * @return the rail
     * @throws ConfigurationException when unknown; the message lists the known ids
     */
    static RailName parse(String s) {
        for (RailName r : values()) {
            if (r.id.equals(s.strip())) {
                return r;
            }
        }
        throw new ConfigurationException("unknown rail '" + s + "'; use "
                + Arrays.stream(values()).map(RailName::id).collect(Collectors.joining(", ")));
    }

    /**
     * The {@code --rails} entry a rail belongs to, by the rail's name.
     *
     * @param railName a rail name such as {@code content-safety-output} or {@code topic-control-topic_control}
     * @return the entry whose id starts the name
     * @throws IllegalArgumentException when no entry matches
     */
    static RailName ofRail(String railName) {
        for (RailName r : values()) {
            if (railName.startsWith(r.id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no --rails entry for the rail " + railName);
    }
}
