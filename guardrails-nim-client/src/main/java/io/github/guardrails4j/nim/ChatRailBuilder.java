package io.github.guardrails4j.nim;

import io.github.guardrails4j.model.ChatGuardModel;
import io.github.guardrails4j.rail.RailDirection;

/**
 * The settings of rails that serve a chat guard model, written once on top of {@link RailBuilder}: the served
 * model id, the temperature and {@code max_tokens} (each defaulting to the model's own). Mutable and not thread
 * safe.
 *
 * @param <B> the concrete builder
 */
public abstract class ChatRailBuilder<B extends ChatRailBuilder<B>> extends RailBuilder<B> {
    private String model;
    private boolean modelSet;
    private Double temperature;
    private Integer maxTokens;

    ChatRailBuilder(NimClient client, String defaultName, RailDirection direction) {
        super(client, defaultName, direction);
    }

    /**
     * Sets model.
     *
     * @param model the served model id ({@code GET /v1/models} lists what the NIM serves); default the model's
     * @return this
     */
    public B model(String model) {
        this.model = model;
        this.modelSet = true;
        return self();
    }

    /**
     * Sets temperature.
     *
     * @param temperature the sampling temperature, finite and at least 0; default the model's (NeMo's values)
     * @return this
     */
    public B temperature(double temperature) {
        this.temperature = temperature;
        return self();
    }

    /**
     * Sets maxTokens.
     *
     * @param maxTokens {@code max_tokens}, at least 1; default the model's (NeMo's values)
     * @return this
     */
    public B maxTokens(int maxTokens) {
        this.maxTokens = maxTokens;
        return self();
    }

    /**
     * Applies the settings made here to a model builder and builds the model.
     *
     * @param builder the model's builder, with its own settings made
     * @param <M> the model
     * @param <MB> its builder
     * @return the model
     */
    <M extends ChatGuardModel, MB extends ChatGuardModel.Builder<M, MB>> M build(MB builder) {
        if (modelSet) {
            builder.model(model);
        }
        if (temperature != null) {
            builder.temperature(temperature);
        }
        if (maxTokens != null) {
            builder.maxTokens(maxTokens);
        }
        return builder.build();
    }
}
