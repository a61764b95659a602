package io.github.guardrails4j.nim.custom;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.exception.GuardProtocolException;
import io.github.guardrails4j.exception.VerdictParseException;
import io.github.guardrails4j.model.ClassifyAnswer;
import io.github.guardrails4j.model.ClassifyRequest;
import io.github.guardrails4j.model.GuardAnswer;
import io.github.guardrails4j.model.GuardModel;
import io.github.guardrails4j.model.GuardRequest;
import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import io.github.guardrails4j.verdict.ParsedVerdict;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A guard model written by a host, with public API only: a classifier served at {@code POST /v1/classify} that
 * takes {@code {"input": "task: prompt-attack\ntext: <message>"}} (a fixed task prefix, then the message, as
 * instruction-prefixed encoders take it) and answers {@code {"label": "attack"|"benign", "probability": p}}, the
 * probability of the label it names. A message is unsafe when its attack probability reaches the threshold.
 */
public final class AttackClassifier implements GuardModel {
    /** The model's name (the classify endpoint takes no model id). */
    public static final String MODEL_ID = "example/attack-classifier";
    /** The fixed part of every request, sent before the message. */
    public static final String TASK_PREFIX = "task: prompt-attack\ntext: ";

    static final String ATTACK = "attack";
    static final String BENIGN = "benign";
    private static final String FINGERPRINT = LineVerdictGuard.sha256(TASK_PREFIX);

    private final double threshold;

    /**
     * Sets threshold.
     *
     * @param threshold the attack probability from which a message is unsafe, above 0 and at most 1
     * @throws ConfigurationException when the threshold is out of range
     */
    public AttackClassifier(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new ConfigurationException(
                    "threshold must be in (0, 1], got " + threshold + "; 0.5 blocks what the model calls an attack");
        }
        this.threshold = threshold;
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public boolean supports(RailDirection direction) {
        return direction == RailDirection.INPUT;
    }

    @Override
    public GuardRequest render(RailDirection direction, RailRequest request) {
        return new ClassifyRequest(TASK_PREFIX + request.userMessage());
    }

    @Override
    public ParsedVerdict parse(RailDirection direction, GuardAnswer answer) {
        if (!(answer instanceof ClassifyAnswer)) {
            throw new GuardProtocolException(
                    MODEL_ID + " answers classifications, got a "
                            + answer.getClass().getSimpleName(),
                    null);
        }
        Map<String, Object> fields = ((ClassifyAnswer) answer).fields();
        Object label = fields.get("label");
        Object probability = fields.get("probability");
        if (!(probability instanceof Number)) {
            throw new VerdictParseException("\"probability\" must be a number", fields.toString());
        }
        double p = ((Number) probability).doubleValue();
        if (!(p >= 0 && p <= 1)) {
            throw new VerdictParseException("\"probability\" must be in [0, 1], got " + p, fields.toString());
        }
        double attack;
        if (ATTACK.equals(label)) {
            attack = p;
        } else if (BENIGN.equals(label)) {
            attack = 1 - p;
        } else {
            throw new VerdictParseException("\"label\" must be \"attack\" or \"benign\"", fields.toString());
        }
        return attack >= threshold
                ? new ParsedVerdict(Outcome.UNSAFE, List.of(ATTACK), attack)
                : new ParsedVerdict(Outcome.SAFE, List.of(), attack);
    }

    @Override
    public Optional<String> prefixFingerprint(RailDirection direction) {
        return Optional.of(FINGERPRINT);
    }

    @Override
    public String toString() {
        return "AttackClassifier{threshold=" + threshold + '}';
    }
}
