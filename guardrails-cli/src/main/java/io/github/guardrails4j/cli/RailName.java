package io.github.guardrails4j.cli;

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
     * @throws IllegalArgumentException when unknown; the message lists the known ids
     */
    static RailName parse(String s) {
        for (RailName r : values()) {
            if (r.id.equals(s.strip())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown rail '" + s + "'; use "
                + Arrays.stream(values()).map(RailName::id).collect(Collectors.joining(", ")));
    }
}
