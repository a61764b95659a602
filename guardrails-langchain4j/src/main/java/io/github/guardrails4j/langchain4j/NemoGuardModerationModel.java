package io.github.guardrails4j.langchain4j;

import dev.langchain4j.model.moderation.Moderation;
import dev.langchain4j.model.moderation.ModerationModel;
import dev.langchain4j.model.moderation.ModerationRequest;
import dev.langchain4j.model.moderation.ModerationResponse;
import io.github.guardrails4j.GuardResult;
import io.github.guardrails4j.Guardrails;
import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.ErrorReason;
import io.github.guardrails4j.exception.GuardrailsException;
import io.github.guardrails4j.langchain4j.internal.Blocks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The input rails of a {@link Guardrails} as a LangChain4j {@link ModerationModel}, so that {@code @Moderate} on an
 * AI service method works, and so does any code written against {@code ModerationModel} (for example the
 * moderation guardrail of the separate {@code langchain4j-guardrails} module).
 *
 * <pre>{@code
 * Assistant assistant = AiServices.builder(Assistant.class)
 *     .chatModel(chatModel)
 *     .moderationModel(NemoGuardModerationModel.of(guardrails))
 *     .build();   // methods annotated @Moderate throw ModerationException when a text is flagged
 * }</pre>
 *
 * <h2>Result</h2>
 * Every text of the request is checked with every input rail, all at once. The moderation is {@code flagged} when
 * any text is blocked (unsafe, or a fail-closed rail failed: fail closed), with the first blocked text, in request
 * order, as {@code flaggedText}. The response metadata then holds {@link #METADATA_RAIL} (the blocking rail's
 * name), {@link #METADATA_CATEGORIES} (its categories, a {@code List<String>}, empty for an error) and, for a guard
 * failure, {@link #METADATA_ERROR} (the {@code ErrorReason} name). Not flagged: empty metadata.
 *
 * <h2>Thread safety</h2>
 * Immutable and thread safe. Borrows the {@link Guardrails}. {@link #doModerate(ModerationRequest)} blocks the
 * calling thread until every text is decided.
 */
public final class NemoGuardModerationModel implements ModerationModel {

    /** Metadata key of the blocking rail's name: {@value}. */
    public static final String METADATA_RAIL = "guardrails4j.rail";
    /** Metadata key of the blocking verdict's categories, a {@code List<String>}: {@value}. */
    public static final String METADATA_CATEGORIES = "guardrails4j.categories";
    /** Metadata key of the guard failure's {@code ErrorReason} name, when a fail-closed rail failed: {@value}. */
    public static final String METADATA_ERROR = "guardrails4j.error";

    private final Guardrails guardrails;
    private final String name;

    private NemoGuardModerationModel(Guardrails guardrails) {
        this.guardrails = guardrails;
        this.name = Blocks.name(Blocks.requireRails(guardrails, true, "NemoGuardModerationModel"));
    }

    /**
     * Sets guardrails.
     *
     * @param guardrails rails with at least one input rail; borrowed, not closed
     * @return the moderation model
     * @throws ConfigurationException when {@code guardrails} has no input rail
     * @throws NullPointerException when {@code guardrails} is null
     */
    public static NemoGuardModerationModel of(Guardrails guardrails) {
        return new NemoGuardModerationModel(guardrails);
    }

    /** {@return {@code NemoGuard[rail, rail, ...]}: the input rails} */
    @Override
    public String modelName() {
        return name;
    }

    /**
     * Checks every text with every input rail, concurrently.
     *
     * @param request the texts (null texts are checked as empty)
     * @return flagged with the first blocked text, or not flagged
     * @throws GuardrailsException with reason {@code INTERNAL} when interrupted (the checks are cancelled)
     */
    @Override
    public ModerationResponse doModerate(ModerationRequest request) {
        Objects.requireNonNull(request, "request");
        List<CompletableFuture<GuardResult>> checks = new ArrayList<>();
        for (String text : request.texts()) {
            checks.add(guardrails.checkInput(text == null ? "" : text));
        }
        for (int i = 0; i < checks.size(); i++) {
            GuardResult result;
            try {
                result = checks.get(i).get();
            } catch (InterruptedException e) {
                checks.forEach(c -> c.cancel(true));
                Thread.currentThread().interrupt();
                throw new GuardrailsException(ErrorReason.INTERNAL, "interrupted while moderating", e);
            } catch (ExecutionException e) {
                checks.forEach(c -> c.cancel(true));
                throw new GuardrailsException(ErrorReason.INTERNAL, "a moderation check failed", e.getCause());
            }
            if (result.blocked()) {
                checks.forEach(c -> c.cancel(true));
                Map<String, Object> metadata = new LinkedHashMap<>();
                result.blockingVerdict().ifPresent(v -> {
                    metadata.put(METADATA_RAIL, v.rail());
                    metadata.put(METADATA_CATEGORIES, List.copyOf(v.categories()));
                    v.errorReason().ifPresent(r -> metadata.put(METADATA_ERROR, r.name()));
                });
                String text = request.texts().get(i);
                return ModerationResponse.builder()
                        .moderation(Moderation.flagged(text == null ? "" : text))
                        .metadata(metadata)
                        .build();
            }
        }
        return ModerationResponse.builder()
                .moderation(Moderation.notFlagged())
                .metadata(Map.of())
                .build();
    }

    @Override
    public String toString() {
        return "NemoGuardModerationModel{" + name + '}';
    }
}
