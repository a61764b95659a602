package io.github.guardrails4j.nim;

import io.github.guardrails4j.model.GuardModel;
import io.github.guardrails4j.model.builtin.NemoGuardJailbreakDetect;
import io.github.guardrails4j.rail.RailDirection;

/**
 * The jailbreak detection rail: a {@link NimRail} serving {@link NemoGuardJailbreakDetect}, which classifies the
 * user's message ({@code POST /v1/classify} with {@code {"input": TEXT}} on a local NIM, or NVIDIA's hosted
 * endpoint {@link #HOSTED_URL}). Input checks only.
 *
 * <p>Stateless; the rails it builds are immutable and thread safe and borrow their {@link NimClient}.
 */
public final class JailbreakDetectionRail {
    /** Default path: {@value}. */
    public static final String DEFAULT_PATH = NimClient.DEFAULT_CLASSIFY_PATH;
    /** NVIDIA's hosted endpoint (needs an API key): {@value}. */
    public static final String HOSTED_URL = "https://ai.api.nvidia.com/v1/security/nvidia/nemoguard-jailbreak-detect";
    /** Default name: {@value}. */
    public static final String DEFAULT_NAME = "jailbreak-detection";
    /** The category of an unsafe verdict: {@value}. */
    public static final String CATEGORY = NemoGuardJailbreakDetect.CATEGORY;

    private JailbreakDetectionRail() {}

    /**
     * Sets client.
     *
     * @param client the NIM client, borrowed
     * @return a new builder; mutable and not thread safe
     * @throws NullPointerException when client is null
     */
    public static Builder builder(NimClient client) {
        return new Builder(client);
    }

    /** Builds a jailbreak detection {@link NimRail}. Mutable and not thread safe. */
    public static final class Builder extends RailBuilder<Builder> {
        private Double threshold;

        private Builder(NimClient client) {
            super(client, DEFAULT_NAME, RailDirection.INPUT);
            setPath(DEFAULT_PATH);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets path.
         *
         * @param path a path below the base URL such as {@value #DEFAULT_PATH}, or a full URL such as
         *     {@link #HOSTED_URL}; default {@value #DEFAULT_PATH}
         * @return this
         */
        public Builder path(String path) {
            setPath(path);
            return this;
        }

        /**
         * Decide by score instead of the model's own decision: {@code score >= threshold} is a jailbreak.
         *
         * @param threshold between -1 and 1
         * @return this
         */
        public Builder threshold(double threshold) {
            this.threshold = threshold;
            return this;
        }

        @Override
        protected GuardModel model() {
            NemoGuardJailbreakDetect.Builder b = NemoGuardJailbreakDetect.builder();
            if (threshold != null) {
                b.threshold(threshold);
            }
            return b.build();
        }
    }
}
