package io.github.guardrails4j.nim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The permit queue alone: FIFO, no barging, cancellation, hand-over on release, ceiling changes, AIMD. */
class ConcurrencyLimiterTest {
    private final List<String> granted = new ArrayList<>();

    private Runnable waiter(String name) {
        return () -> granted.add(name);
    }

    @Test
    void waitersAreServedInArrivalOrderAndNobodyBargesIn() {
        ConcurrencyLimiter l = new ConcurrencyLimiter(1, false);
        assertTrue(l.tryAcquire());
        assertFalse(l.acquireOrQueue(waiter("a")));
        assertFalse(l.acquireOrQueue(waiter("b")));
        assertEquals(2, l.queued());
        l.release(); // hands the permit to a, it never goes back to free
        assertEquals(List.of("a"), granted);
        assertEquals(1, l.inflight());
        assertFalse(l.tryAcquire(), "b waits: a newcomer never takes its place");
        l.release();
        assertEquals(List.of("a", "b"), granted);
        l.release();
        assertEquals(0, l.inflight());
        assertEquals(0, l.queued());
        assertTrue(l.tryAcquire());
    }

    @Test
    void aCancelledWaiterLeavesTheQueueAndNeverRuns() {
        ConcurrencyLimiter l = new ConcurrencyLimiter(1, false);
        assertTrue(l.tryAcquire());
        Runnable a = waiter("a");
        l.acquireOrQueue(a);
        l.acquireOrQueue(waiter("b"));
        assertTrue(l.cancel(a));
        assertEquals(1, l.queued());
        l.release();
        assertEquals(List.of("b"), granted);
        assertFalse(l.cancel(a), "not queued any more");
    }

    @Test
    void cancellingAfterTheGrantSaysSoSoThatTheWaiterGivesThePermitBack() {
        ConcurrencyLimiter l = new ConcurrencyLimiter(1, false);
        assertTrue(l.tryAcquire());
        Runnable a = waiter("a");
        l.acquireOrQueue(a);
        l.release();
        assertFalse(l.cancel(a), "already granted: the waiter owns the permit");
        assertEquals(1, l.inflight());
    }

    @Test
    void aRaisedCeilingLetsSeveralWaitersGo() {
        ConcurrencyLimiter l = new ConcurrencyLimiter(1, false);
        assertTrue(l.tryAcquire());
        l.acquireOrQueue(waiter("a"));
        l.acquireOrQueue(waiter("b"));
        l.acquireOrQueue(waiter("c"));
        l.ceiling(3);
        assertEquals(List.of("a", "b"), granted);
        assertEquals(3, l.inflight());
        assertEquals(1, l.queued());
        assertEquals(3, l.limit());
    }

    @Test
    void aLoweredLimitAdmitsNothingNewUntilTheCallsInFlightDrainBelowIt() {
        ConcurrencyLimiter l = new ConcurrencyLimiter(3, false);
        for (int i = 0; i < 3; i++) {
            assertTrue(l.tryAcquire());
        }
        l.ceiling(1);
        l.acquireOrQueue(waiter("a"));
        l.release();
        l.release();
        assertEquals(List.of(), granted);
        l.release();
        assertEquals(List.of("a"), granted);
    }

    @Test
    void adaptiveLimitHalvesOncePerRoundOfOverloadAndGrowsByOnePerLimitSuccesses() {
        ConcurrencyLimiter l = new ConcurrencyLimiter(8, true);
        for (int i = 0; i < 8; i++) {
            assertTrue(l.tryAcquire());
        }
        // a burst of 429s from the 8 calls in flight is one decrease, not eight
        for (int i = 0; i < 8; i++) {
            l.onOverload();
            l.release();
        }
        assertEquals(4, l.limit());
        l.onOverload(); // a new round: the next overload halves again
        assertEquals(2, l.limit());
        // additive increase: +1 after `limit` successes, up to the ceiling
        for (int i = 0; i < 2; i++) {
            l.onSuccess();
        }
        assertEquals(3, l.limit());
        for (int i = 0; i < 100; i++) {
            l.onSuccess();
        }
        assertEquals(8, l.limit(), "never above the configured limit");
        ConcurrencyLimiter one = new ConcurrencyLimiter(1, true);
        one.onOverload();
        assertEquals(1, one.limit(), "never below 1");
    }

    @Test
    void aFixedLimitIgnoresOverloadAndSuccess() {
        ConcurrencyLimiter l = new ConcurrencyLimiter(8, false);
        l.onOverload();
        l.onSuccess();
        assertEquals(8, l.limit());
        ConcurrencyLimiter unlimited = new ConcurrencyLimiter(ConcurrencyLimiter.UNLIMITED, true);
        unlimited.onOverload();
        assertEquals(ConcurrencyLimiter.UNLIMITED, unlimited.limit(), "no limit is never adapted");
    }
}
