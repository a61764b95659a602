package io.github.guardrails4j;

import io.github.guardrails4j.rail.RailDirection;
import io.github.guardrails4j.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The aggregate result of running all rails of one direction on one request.
 *
 * <p>Shapes: allowed, with every rail's verdict (safe, or errors of fail-open rails); or blocked, with the
 * verdict that decided ({@link #blockingVerdict()}) and every verdict collected before the decision (rails still
 * running were cancelled and have none). Verdicts are listed in the order the rails were configured.
 * Immutable and thread safe.
 */
public final class GuardResult {
    private final RailDirection direction;
    private final Verdict blockingVerdict;
    private final List<Verdict> verdicts;
    private final Duration latency;

    private GuardResult(RailDirection direction, Verdict blockingVerdict, List<Verdict> verdicts, Duration latency) {
        this.direction = Objects.requireNonNull(direction, "direction");
        this.blockingVerdict = blockingVerdict;
        this.verdicts = List.copyOf(verdicts);
        this.latency = Objects.requireNonNull(latency, "latency");
    }

    /**
     * Returns an allowed result.
     *
     * @param direction input or output
     * @param verdicts every rail's verdict, in rail order
     * @param latency wall time of the whole check
     * @return an allowed result
     */
    public static GuardResult allowed(RailDirection direction, List<Verdict> verdicts, Duration latency) {
        return new GuardResult(direction, null, verdicts, latency);
    }

    /**
     * Returns a blocked result.
     *
     * @param direction input or output
     * @param blockingVerdict the verdict that blocked
     * @param verdicts the verdicts collected so far, in rail order, the blocking one included
     * @param latency wall time until the decision
     * @return a blocked result
     */
    public static GuardResult blocked(
            RailDirection direction, Verdict blockingVerdict, List<Verdict> verdicts, Duration latency) {
        return new GuardResult(
                direction, Objects.requireNonNull(blockingVerdict, "blockingVerdict"), verdicts, latency);
    }

    /** {@return true when no rail blocked} */
    public boolean allowed() {
        return blockingVerdict == null;
    }

    /** {@return true when a rail blocked (unsafe, or an error under fail-closed)} */
    public boolean blocked() {
        return blockingVerdict != null;
    }

    /** {@return the verdict that blocked, or empty when allowed} */
    public Optional<Verdict> blockingVerdict() {
        return Optional.ofNullable(blockingVerdict);
    }

    /** {@return the name of the rail that blocked, or empty when allowed} */
    public Optional<String> blockingRail() {
        return blockingVerdict().map(Verdict::rail);
    }

    /** {@return the verdicts collected, in rail order; unmodifiable} */
    public List<Verdict> verdicts() {
        return verdicts;
    }

    /**
     * Returns that rail's verdict, or empty when it has none (not configured, or cancelled).
     *
     * @param rail a rail name
     * @return that rail's verdict, or empty when it has none (not configured, or cancelled)
     */
    public Optional<Verdict> verdict(String rail) {
        return verdicts.stream().filter(v -> v.rail().equals(rail)).findFirst();
    }

    /** {@return input or output} */
    public RailDirection direction() {
        return direction;
    }

    /** {@return wall time from the start of the check to the decision} */
    public Duration latency() {
        return latency;
    }

    @Override
    public String toString() {
        return "GuardResult{" + direction + ", " + (allowed() ? "allowed" : "blocked by " + blockingVerdict.rail())
                + ", verdicts=" + verdicts + ", latencyMs=" + latency.toMillis() + '}';
    }
}
