package io.github.guardrails4j.nim.resilience;

import io.github.guardrails4j.exception.ConfigurationException;
import io.github.guardrails4j.nim.NimClient;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link NimClient} survives a slow, overloaded or failing guard: retries with backoff and a retry budget, a
 * deadline per check, and a circuit breaker and a concurrency limit (bulkhead) per endpoint. Set it with
 * {@link NimClient.Builder#resilience(ResilienceConfig)}; the default is {@link #ofDefaults()}.
 *
 * <h2>What happens to one check</h2>
 * <ol>
 *   <li>The endpoint is chosen by prefix affinity (rendezvous hashing), skipping endpoints whose breaker is open,
 *       whose concurrency limit is full or that failed their last health probe. When every endpoint's limit is full
 *       the check waits, without blocking a thread, in the first-in first-out queue of the preferred one until a
 *       call ends there, at most until its {@link #checkTimeout()} (counted from the check's start) runs out; it
 *       then fails with {@code GuardTimeoutException} saying it was waiting for a slot. When every endpoint's
 *       breaker is open (or there is no check timeout to bound a wait), the check fails at once with
 *       {@code GuardUnavailableException} (reason {@code UNAVAILABLE}); no call is made.</li>
 *   <li>One HTTP attempt runs, bounded by the client's {@code attemptTimeout}.</li>
 *   <li>On HTTP 408, 429, 500, 502, 503, 504, an I/O failure or an attempt timeout, the check waits (exponential
 *       backoff with jitter, or the server's {@code Retry-After} when longer) and tries again, on the next healthy
 *       endpoint, up to {@link #maxAttempts()} attempts. It does not retry when the endpoint's retry budget is
 *       empty or when the wait would pass the deadline; it then reports the last failure, with the earlier ones
 *       attached as suppressed exceptions. HTTP 400, 401, 403, 404, 422 and unreadable answers are never
 *       retried.</li>
 *   <li>The whole check, attempts and waits included, is bounded by {@link #checkTimeout()}: when it runs out the call
 *       in flight is cancelled and the check fails with {@code GuardTimeoutException} naming the deadline.</li>
 * </ol>
 *
 * <h2>Sizing</h2>
 * The breaker's window is counted in calls, and sized for guard traffic of a few calls per second: with the
 * defaults it opens once at least {@value #DEFAULT_MINIMUM_NUMBER_OF_CALLS} of the last
 * {@value #DEFAULT_SLIDING_WINDOW_SIZE} calls to an endpoint were made and half or more of them failed, stays open
 * {@link #DEFAULT_WAIT_IN_OPEN_STATE 10 s}, then lets {@value #DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE} trial
 * calls through. Only transport failures, timeouts, HTTP 5xx, 408 and 429 count as failures: an unsafe verdict, an
 * unreadable answer or another 4xx means the guard is up. Slow calls are not counted (the attempt timeout bounds
 * them).
 *
 * <h2>Thread safety</h2>
 * Immutable and thread safe. {@link Builder} is mutable and not thread safe; derive variants with
 * {@link #toBuilder()}.
 */
public final class ResilienceConfig {
    /** Default attempts per check, the first included: {@value}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default wait before the first retry, before jitter: 100 ms. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
    /** Default growth of the wait per retry: {@value}. */
    public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;
    /** Default longest backoff wait (a longer {@code Retry-After} is still honoured): 2 s. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
    /** Default jitter: each wait is drawn uniformly within +-{@value} of its nominal value. */
    public static final double DEFAULT_BACKOFF_JITTER = 0.5;
    /** Default budget of one check, all attempts and waits included: 15 s. */
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(15);
    /** Default retry budget: retries may add at most this share on top of first attempts, per endpoint: {@value}. */
    public static final double DEFAULT_RETRY_BUDGET_RATIO = 0.2;
    /** Default retries per second an endpoint may always get, whatever its traffic: {@value}. */
    public static final int DEFAULT_RETRY_BUDGET_MIN_PER_SECOND = 3;
    /** Default window over which the retry budget counts first attempts and retries: 10 s. */
    public static final Duration DEFAULT_RETRY_BUDGET_WINDOW = Duration.ofSeconds(10);
    /** Default size of the circuit breaker's count-based window, in calls: {@value}. */
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;
    /** Default calls an endpoint must have seen before its breaker may open: {@value}. */
    public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 10;
    /** Default failure rate, in percent, at or above which the breaker opens: {@value}. */
    public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;
    /** Default time an open breaker refuses calls before letting trial calls through: 10 s. */
    public static final Duration DEFAULT_WAIT_IN_OPEN_STATE = Duration.ofSeconds(10);
    /** Default trial calls let through by a half-open breaker: {@value}. */
    public static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 3;
    /**
     * The value of {@link Builder#maxConcurrentCallsPerEndpoint(int)} that sizes each endpoint's concurrency limit
     * from the rails sharing it and the OkHttp dispatcher (the default): {@value}. The limit of an endpoint is then
     * {@code min(ceiling, max(DEFAULT_MIN_CONCURRENT_CALLS_PER_ENDPOINT, DEFAULT_CONCURRENT_CALLS_PER_RAIL * rails))},
     * where {@code rails} counts the rails built on the client and {@code ceiling} is the dispatcher's share: for a
     * client the NimClient owns, {@code NimClient.DEFAULT_MAX_REQUESTS_PER_HOST} (64, and the dispatcher is sized to
     * hold every endpoint's ceiling); for a supplied OkHttp client, its {@code maxRequestsPerHost} divided among the
     * endpoints on that host. So with the defaults one or two rails get 32 calls, three rails 48, four or more 64,
     * and calls never queue unseen inside OkHttp.
     */
    public static final int AUTO_CONCURRENCY_LIMIT = -1;
    /** Default concurrency limit of an endpoint, as {@link #AUTO_CONCURRENCY_LIMIT} sizes it, per rail: {@value}. */
    public static final int DEFAULT_CONCURRENT_CALLS_PER_RAIL = 16;
    /** Default smallest concurrency limit {@link #AUTO_CONCURRENCY_LIMIT} gives an endpoint (within the ceiling): {@value}. */
    public static final int DEFAULT_MIN_CONCURRENT_CALLS_PER_ENDPOINT = 32;
    /** Default concurrency limit setting: {@link #AUTO_CONCURRENCY_LIMIT} ({@value}). */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS_PER_ENDPOINT = AUTO_CONCURRENCY_LIMIT;
    /** Default interval of the background readiness probe of clients with two or more endpoints: 5 s. */
    public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(5);
    /** The longest {@code Retry-After} honoured when no deadline bounds it: 60 s; longer ones end the check. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private static final ResilienceConfig DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final double backoffMultiplier;
    private final Duration maxBackoff;
    private final double backoffJitter;
    private final Duration checkTimeout;
    private final double retryBudgetRatio;
    private final int retryBudgetMinPerSecond;
    private final Duration retryBudgetWindow;
    private final boolean circuitBreakerEnabled;
    private final int slidingWindowSize;
    private final int minimumNumberOfCalls;
    private final float failureRateThreshold;
    private final Duration waitInOpenState;
    private final int permittedCallsInHalfOpenState;
    private final int maxConcurrentCallsPerEndpoint;
    private final boolean adaptiveConcurrency;
    private final Duration healthCheckInterval;

    private ResilienceConfig(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.backoffMultiplier = b.backoffMultiplier;
        this.maxBackoff = b.maxBackoff;
        this.backoffJitter = b.backoffJitter;
        this.checkTimeout = b.checkTimeout;
        this.retryBudgetRatio = b.retryBudgetRatio;
        this.retryBudgetMinPerSecond = b.retryBudgetMinPerSecond;
        this.retryBudgetWindow = b.retryBudgetWindow;
        this.circuitBreakerEnabled = b.circuitBreakerEnabled;
        this.slidingWindowSize = b.slidingWindowSize;
        this.minimumNumberOfCalls = b.minimumNumberOfCalls;
        this.failureRateThreshold = b.failureRateThreshold;
        this.waitInOpenState = b.waitInOpenState;
        this.permittedCallsInHalfOpenState = b.permittedCallsInHalfOpenState;
        this.maxConcurrentCallsPerEndpoint = b.maxConcurrentCallsPerEndpoint;
        this.adaptiveConcurrency = b.adaptiveConcurrency;
        this.healthCheckInterval = b.healthCheckInterval;
    }

    /** {@return the defaults: every {@code DEFAULT_*} constant of this class} */
    public static ResilienceConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * One attempt, no retry, no circuit breaker, no concurrency limit and no health probes; the
     * {@link #DEFAULT_CHECK_TIMEOUT deadline} still applies. For tests and for hosts that bring their own resilience
     * layer.
     *
     * @return the configuration
     */
    public static ResilienceConfig disabled() {
        return builder()
                .maxAttempts(1)
                .circuitBreakerEnabled(false)
                .maxConcurrentCallsPerEndpoint(0)
                .healthCheckInterval(Duration.ZERO)
                .build();
    }

    /** {@return a builder with the defaults; mutable and not thread safe} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this configuration's values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxAttempts = maxAttempts;
        b.initialBackoff = initialBackoff;
        b.backoffMultiplier = backoffMultiplier;
        b.maxBackoff = maxBackoff;
        b.backoffJitter = backoffJitter;
        b.checkTimeout = checkTimeout;
        b.retryBudgetRatio = retryBudgetRatio;
        b.retryBudgetMinPerSecond = retryBudgetMinPerSecond;
        b.retryBudgetWindow = retryBudgetWindow;
        b.circuitBreakerEnabled = circuitBreakerEnabled;
        b.slidingWindowSize = slidingWindowSize;
        b.minimumNumberOfCalls = minimumNumberOfCalls;
        b.failureRateThreshold = failureRateThreshold;
        b.waitInOpenState = waitInOpenState;
        b.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
        b.maxConcurrentCallsPerEndpoint = maxConcurrentCallsPerEndpoint;
        b.adaptiveConcurrency = adaptiveConcurrency;
        b.healthCheckInterval = healthCheckInterval;
        return b;
    }

    /** {@return attempts per check, the first included, at least 1; 1 means no retry} */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** {@return the nominal wait before the first retry} */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** {@return the growth of the nominal wait per retry} */
    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    /** {@return the longest backoff wait; a longer {@code Retry-After} is still honoured (within the deadline)} */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** {@return the jitter, 0 to 1: each wait is drawn within +-jitter of its nominal value} */
    public double backoffJitter() {
        return backoffJitter;
    }

    /** {@return the budget of one check, all attempts and waits included; {@code Duration.ZERO} means none} */
    public Duration checkTimeout() {
        return checkTimeout;
    }

    /** {@return the share retries may add on top of first attempts, per endpoint} */
    public double retryBudgetRatio() {
        return retryBudgetRatio;
    }

    /** {@return retries per second an endpoint may always get} */
    public int retryBudgetMinPerSecond() {
        return retryBudgetMinPerSecond;
    }

    /** {@return the window of the retry budget} */
    public Duration retryBudgetWindow() {
        return retryBudgetWindow;
    }

    /** {@return true when each endpoint has a circuit breaker} */
    public boolean circuitBreakerEnabled() {
        return circuitBreakerEnabled;
    }

    /** {@return the breaker's window, in calls} */
    public int slidingWindowSize() {
        return slidingWindowSize;
    }

    /** {@return calls an endpoint must have seen before its breaker may open} */
    public int minimumNumberOfCalls() {
        return minimumNumberOfCalls;
    }

    /** {@return the failure rate in percent at or above which the breaker opens} */
    public float failureRateThreshold() {
        return failureRateThreshold;
    }

    /** {@return how long an open breaker refuses calls} */
    public Duration waitInOpenState() {
        return waitInOpenState;
    }

    /** {@return trial calls of a half-open breaker} */
    public int permittedCallsInHalfOpenState() {
        return permittedCallsInHalfOpenState;
    }

    /**
     * {@return the concurrency limit per endpoint: {@link #AUTO_CONCURRENCY_LIMIT} (sized by the client, the
     * default), 0 for no limit, else the calls in flight per endpoint}
     */
    public int maxConcurrentCallsPerEndpoint() {
        return maxConcurrentCallsPerEndpoint;
    }

    /** {@return true when each endpoint's concurrency limit adapts on HTTP 429 and 503 (AIMD); default false} */
    public boolean adaptiveConcurrency() {
        return adaptiveConcurrency;
    }

    /** {@return the readiness probe interval of clients with two or more endpoints; zero means no probes} */
    public Duration healthCheckInterval() {
        return healthCheckInterval;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ResilienceConfig)) {
            return false;
        }
        ResilienceConfig c = (ResilienceConfig) o;
        return maxAttempts == c.maxAttempts
                && initialBackoff.equals(c.initialBackoff)
                && backoffMultiplier == c.backoffMultiplier
                && maxBackoff.equals(c.maxBackoff)
                && backoffJitter == c.backoffJitter
                && checkTimeout.equals(c.checkTimeout)
                && retryBudgetRatio == c.retryBudgetRatio
                && retryBudgetMinPerSecond == c.retryBudgetMinPerSecond
                && retryBudgetWindow.equals(c.retryBudgetWindow)
                && circuitBreakerEnabled == c.circuitBreakerEnabled
                && slidingWindowSize == c.slidingWindowSize
                && minimumNumberOfCalls == c.minimumNumberOfCalls
                && failureRateThreshold == c.failureRateThreshold
                && waitInOpenState.equals(c.waitInOpenState)
                && permittedCallsInHalfOpenState == c.permittedCallsInHalfOpenState
                && maxConcurrentCallsPerEndpoint == c.maxConcurrentCallsPerEndpoint
                && adaptiveConcurrency == c.adaptiveConcurrency
                && healthCheckInterval.equals(c.healthCheckInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                maxAttempts,
                initialBackoff,
                checkTimeout,
                circuitBreakerEnabled,
                maxConcurrentCallsPerEndpoint,
                adaptiveConcurrency,
                healthCheckInterval);
    }

    @Override
    public String toString() {
        return "ResilienceConfig{maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff + "*" + backoffMultiplier
                + "^n<=" + maxBackoff + " +-" + backoffJitter + ", checkTimeout=" + checkTimeout + ", retryBudget="
                + retryBudgetRatio + "+" + retryBudgetMinPerSecond + "/s per " + retryBudgetWindow
                + ", circuitBreaker="
                + (circuitBreakerEnabled
                        ? slidingWindowSize + " calls, min "
                                + minimumNumberOfCalls + ", " + failureRateThreshold + "%, open " + waitInOpenState
                                + ", half-open "
                                + permittedCallsInHalfOpenState
                        : "off")
                + ", maxConcurrentCallsPerEndpoint="
                + (maxConcurrentCallsPerEndpoint == 0
                        ? "unlimited"
                        : maxConcurrentCallsPerEndpoint == AUTO_CONCURRENCY_LIMIT
                                ? "auto"
                                : String.valueOf(maxConcurrentCallsPerEndpoint))
                + (adaptiveConcurrency ? " (adaptive)" : "")
                + ", healthCheckInterval=" + healthCheckInterval + '}';
    }

    /**
     * Builds a {@link ResilienceConfig}. Every setter states its default and range; {@link #build()} validates.
     * Mutable and not thread safe.
     */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double backoffJitter = DEFAULT_BACKOFF_JITTER;
        private Duration checkTimeout = DEFAULT_CHECK_TIMEOUT;
        private double retryBudgetRatio = DEFAULT_RETRY_BUDGET_RATIO;
        private int retryBudgetMinPerSecond = DEFAULT_RETRY_BUDGET_MIN_PER_SECOND;
        private Duration retryBudgetWindow = DEFAULT_RETRY_BUDGET_WINDOW;
        private boolean circuitBreakerEnabled = true;
        private int slidingWindowSize = DEFAULT_SLIDING_WINDOW_SIZE;
        private int minimumNumberOfCalls = DEFAULT_MINIMUM_NUMBER_OF_CALLS;
        private float failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private Duration waitInOpenState = DEFAULT_WAIT_IN_OPEN_STATE;
        private int permittedCallsInHalfOpenState = DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE;
        private int maxConcurrentCallsPerEndpoint = DEFAULT_MAX_CONCURRENT_CALLS_PER_ENDPOINT;
        private boolean adaptiveConcurrency;
        private Duration healthCheckInterval = DEFAULT_HEALTH_CHECK_INTERVAL;

        private Builder() {}

        /**
         * Sets maxAttempts.
         *
         * @param maxAttempts attempts per check, the first included, 1 to 10; 1 means no retry. Default
         *        {@value #DEFAULT_MAX_ATTEMPTS}
         * @return this
         */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * Sets initialBackoff.
         *
         * @param initialBackoff nominal wait before the first retry, at least 1 ms. Default 100 ms
         *        ({@link #DEFAULT_INITIAL_BACKOFF})
         * @return this
         */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /**
         * Sets multiplier.
         *
         * @param multiplier growth of the nominal wait per retry, at least 1. Default
         *        {@value #DEFAULT_BACKOFF_MULTIPLIER}
         * @return this
         */
        public Builder backoffMultiplier(double multiplier) {
            this.backoffMultiplier = multiplier;
            return this;
        }

        /**
         * Sets maxBackoff.
         *
         * @param maxBackoff longest backoff wait, at least the initial backoff. Default 2 s
         *        ({@link #DEFAULT_MAX_BACKOFF}). A server's longer {@code Retry-After} is still honoured within the
         *        deadline
         * @return this
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /**
         * Sets jitter.
         *
         * @param jitter 0 (none) to 1: each wait is drawn uniformly within +-jitter of its nominal value, so that
         *        clients that failed together do not retry together. Default {@value #DEFAULT_BACKOFF_JITTER}
         * @return this
         */
        public Builder backoffJitter(double jitter) {
            this.backoffJitter = jitter;
            return this;
        }

        /**
         * The budget of one check, from its start to its verdict, all attempts and backoff waits included. When it
         * runs out the call in flight is cancelled and the check ends with an ERROR verdict
         * ({@code GuardTimeoutException}, reason {@code TIMEOUT}). A wait that would pass it is not taken. Each
         * attempt is also bounded by the client's {@code attemptTimeout}. Default 15 s ({@link #DEFAULT_CHECK_TIMEOUT});
         * {@code Duration.ZERO} means none (not recommended).
         *
         * @param checkTimeout zero or positive
         * @return this
         */
        public Builder checkTimeout(Duration checkTimeout) {
            this.checkTimeout = checkTimeout;
            return this;
        }

        /**
         * The retry budget of each endpoint (against retry storms): over the last {@link #retryBudgetWindow window}
         * an endpoint's failures may be retried at most {@code ratio} times its first attempts, plus
         * {@link #retryBudgetMinPerSecond(int)} retries per second. When it is empty, failures are reported
         * instead of retried. Default {@value #DEFAULT_RETRY_BUDGET_RATIO} (20 %).
         *
         * @param ratio 0 to 10
         * @return this
         */
        public Builder retryBudgetRatio(double ratio) {
            this.retryBudgetRatio = ratio;
            return this;
        }

        /**
         * Sets perSecond.
         *
         * @param perSecond retries per second every endpoint may get whatever its traffic, 0 or more. Default
         *        {@value #DEFAULT_RETRY_BUDGET_MIN_PER_SECOND}
         * @return this
         */
        public Builder retryBudgetMinPerSecond(int perSecond) {
            this.retryBudgetMinPerSecond = perSecond;
            return this;
        }

        /**
         * Sets window.
         *
         * @param window the window of the retry budget, 1 s to 10 min, whole seconds. Default 10 s
         *        ({@link #DEFAULT_RETRY_BUDGET_WINDOW})
         * @return this
         */
        public Builder retryBudgetWindow(Duration window) {
            this.retryBudgetWindow = window;
            return this;
        }

        /**
         * Sets enabled.
         *
         * @param enabled false to give endpoints no circuit breaker. Default true
         * @return this
         */
        public Builder circuitBreakerEnabled(boolean enabled) {
            this.circuitBreakerEnabled = enabled;
            return this;
        }

        /**
         * Sets calls.
         *
         * @param calls size of the breaker's count-based window, 1 or more. Default
         *        {@value #DEFAULT_SLIDING_WINDOW_SIZE}
         * @return this
         */
        public Builder slidingWindowSize(int calls) {
            this.slidingWindowSize = calls;
            return this;
        }

        /**
         * Sets calls.
         *
         * @param calls calls an endpoint must have seen before its breaker may open, 1 to the window size. Default
         *        {@value #DEFAULT_MINIMUM_NUMBER_OF_CALLS}
         * @return this
         */
        public Builder minimumNumberOfCalls(int calls) {
            this.minimumNumberOfCalls = calls;
            return this;
        }

        /**
         * Sets percent.
         *
         * @param percent failure rate at or above which the breaker opens, above 0 up to 100. Default
         *        {@value #DEFAULT_FAILURE_RATE_THRESHOLD}
         * @return this
         */
        public Builder failureRateThreshold(float percent) {
            this.failureRateThreshold = percent;
            return this;
        }

        /**
         * Sets wait.
         *
         * @param wait how long an open breaker refuses calls before trial calls, at least 1 ms. Default 10 s
         *        ({@link #DEFAULT_WAIT_IN_OPEN_STATE})
         * @return this
         */
        public Builder waitInOpenState(Duration wait) {
            this.waitInOpenState = wait;
            return this;
        }

        /**
         * Sets calls.
         *
         * @param calls trial calls a half-open breaker lets through, 1 or more. Default
         *        {@value #DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE}
         * @return this
         */
        public Builder permittedCallsInHalfOpenState(int calls) {
            this.permittedCallsInHalfOpenState = calls;
            return this;
        }

        /**
         * The concurrency limit: calls in flight per endpoint. A call over the limit goes to the next endpoint that
         * has a free slot; when there is none it waits in the preferred endpoint's first-in first-out queue (no
         * thread blocked) until a slot frees up, at most until the check's {@link #checkTimeout(Duration)} runs out
         * (then {@code GuardTimeoutException}); with no check timeout it fails at once with reason
         * {@code UNAVAILABLE}. An explicit limit must not exceed a supplied OkHttp dispatcher's
         * {@code maxRequestsPerHost} ({@code build()} of the NimClient checks it), or calls would queue unseen inside
         * OkHttp. {@code NimClient.Builder.maxConcurrentCalls(url, calls)} sets one endpoint's limit, for example a
         * gateway URL in front of many replicas. Default {@link #AUTO_CONCURRENCY_LIMIT} (sized from the rails
         * sharing the endpoint and the dispatcher; see there).
         *
         * @param calls {@link #AUTO_CONCURRENCY_LIMIT}, 0 (no limit) or more
         * @return this
         */
        public Builder maxConcurrentCallsPerEndpoint(int calls) {
            this.maxConcurrentCallsPerEndpoint = calls;
            return this;
        }

        /**
         * AIMD adaptation of each endpoint's concurrency limit on the NIM's own overload signals only: an HTTP 429 or
         * 503 answer halves the limit (once per round of the calls in flight, never below 1), each run of
         * {@code limit} successful calls raises it by 1, up to the configured limit. Latency never changes it (a
         * guard's latency grows with the prompt's length, which a latency-based limiter would misread as overload).
         * Use it when the NIM (or a gateway) answers 429 or 503 when it is full. Default false.
         *
         * @param adaptive true to adapt
         * @return this
         */
        public Builder adaptiveConcurrency(boolean adaptive) {
            this.adaptiveConcurrency = adaptive;
            return this;
        }

        /**
         * The interval of the background {@code GET /v1/health/ready} probe; an endpoint that failed its last
         * probe gets no first attempts while another endpoint is healthy. Probes run only for clients with two or
         * more endpoints, on the client's scheduler. Default 5 s ({@link #DEFAULT_HEALTH_CHECK_INTERVAL});
         * {@code Duration.ZERO} means no probes.
         *
         * @param interval zero, or at least 10 ms
         * @return this
         */
        public Builder healthCheckInterval(Duration interval) {
            this.healthCheckInterval = interval;
            return this;
        }

        /**
         * Returns the configuration.
         *
         * @return the configuration
         * @throws ConfigurationException when a value is out of its range (the message names it, the value and
         *         the range)
         */
        public ResilienceConfig build() {
            range("maxAttempts", maxAttempts, 1, 10);
            positive("initialBackoff", initialBackoff);
            positive("maxBackoff", maxBackoff);
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new ConfigurationException("maxBackoff (" + maxBackoff + ") must be >= initialBackoff ("
                        + initialBackoff + "); raise maxBackoff or lower initialBackoff");
            }
            if (!(backoffMultiplier >= 1 && backoffMultiplier <= 100)) {
                throw new ConfigurationException("backoffMultiplier must be between 1 and 100, got " + backoffMultiplier
                        + "; the default is " + DEFAULT_BACKOFF_MULTIPLIER);
            }
            if (!(backoffJitter >= 0 && backoffJitter <= 1)) {
                throw new ConfigurationException("backoffJitter must be between 0 and 1, got " + backoffJitter
                        + "; the default is " + DEFAULT_BACKOFF_JITTER);
            }
            if (checkTimeout == null || checkTimeout.isNegative()) {
                throw new ConfigurationException("checkTimeout must be >= 0 (0 means none), got " + checkTimeout
                        + "; the default is " + DEFAULT_CHECK_TIMEOUT);
            }
            if (!(retryBudgetRatio >= 0 && retryBudgetRatio <= 10)) {
                throw new ConfigurationException("retryBudgetRatio must be between 0 and 10, got " + retryBudgetRatio
                        + "; the default is " + DEFAULT_RETRY_BUDGET_RATIO);
            }
            range("retryBudgetMinPerSecond", retryBudgetMinPerSecond, 0, 100_000);
            if (retryBudgetWindow == null
                    || retryBudgetWindow.toSeconds() < 1
                    || retryBudgetWindow.toMinutes() > 10
                    || retryBudgetWindow.toNanos() % 1_000_000_000L != 0) {
                throw new ConfigurationException("retryBudgetWindow must be whole seconds from 1 s to 10 min, got "
                        + retryBudgetWindow + "; the default is " + DEFAULT_RETRY_BUDGET_WINDOW);
            }
            range("slidingWindowSize", slidingWindowSize, 1, 10_000);
            range("minimumNumberOfCalls", minimumNumberOfCalls, 1, slidingWindowSize);
            if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
                throw new ConfigurationException("failureRateThreshold must be above 0 and at most 100 (percent), "
                        + "got " + failureRateThreshold + "; the default is " + DEFAULT_FAILURE_RATE_THRESHOLD);
            }
            positive("waitInOpenState", waitInOpenState);
            range("permittedCallsInHalfOpenState", permittedCallsInHalfOpenState, 1, 1_000);
            if (maxConcurrentCallsPerEndpoint < AUTO_CONCURRENCY_LIMIT || maxConcurrentCallsPerEndpoint > 100_000) {
                throw new ConfigurationException("maxConcurrentCallsPerEndpoint must be AUTO_CONCURRENCY_LIMIT (-1, "
                        + "the default: sized from the rails and the dispatcher), 0 (no limit) or 1 to 100000, got "
                        + maxConcurrentCallsPerEndpoint);
            }
            if (healthCheckInterval == null
                    || healthCheckInterval.isNegative()
                    || (!healthCheckInterval.isZero() && healthCheckInterval.toMillis() < 10)) {
                throw new ConfigurationException("healthCheckInterval must be 0 (no probes) or at least 10 ms, got "
                        + healthCheckInterval + "; the default is " + DEFAULT_HEALTH_CHECK_INTERVAL);
            }
            return new ResilienceConfig(this);
        }

        private static void range(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new ConfigurationException(name + " must be between " + min + " and " + max + ", got " + value);
            }
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero() || d.toMillis() < 1) {
                throw new ConfigurationException(name + " must be at least 1 ms, got " + d);
            }
        }
    }
}
