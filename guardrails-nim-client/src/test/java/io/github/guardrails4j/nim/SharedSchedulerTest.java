package io.github.guardrails4j.nim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.guardrails4j.rail.RailRequest;
import io.github.guardrails4j.verdict.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Clients that own their scheduler share one daemon scheduler: threads do not grow with unclosed clients. */
class SharedSchedulerTest extends NimServerTest {
    private static long schedulerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("guardrails4j-nim-scheduler"))
                .count();
    }

    @Test
    void threeHundredUnclosedClientsAddAtMostAConstantNumberOfThreads() {
        long before = schedulerThreads();
        List<NimClient> clients = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            clients.add(NimClient.builder()
                    .baseUrl("http://127.0.0.1:" + (8000 + i))
                    .build()); // never closed
        }
        clients.forEach(c -> c.scheduler().schedule(() -> {}, 0, TimeUnit.MILLISECONDS)); // start their threads
        assertTrue(schedulerThreads() - before <= 2, () -> (schedulerThreads() - before) + " new scheduler threads");
        assertSame(clients.get(0).scheduler(), clients.get(299).scheduler());
    }

    @Test
    void closingOneClientLeavesTheSharedSchedulerToTheOthers() throws Exception {
        NimClient first =
                NimClient.builder().baseUrl(server.url("/").toString()).build();
        NimClient second =
                NimClient.builder().baseUrl(server.url("/").toString()).build();
        first.close();
        assertFalse(second.scheduler().isShutdown());
        server.enqueue(Nim.completion("{\"User Safety\": \"safe\"}"));
        assertEquals(
                Outcome.SAFE,
                ContentSafetyRail.input(second)
                        .build()
                        .check(RailRequest.ofInput("hello"))
                        .get(10, TimeUnit.SECONDS)
                        .outcome());
        second.close();
        assertTrue(
                second.scheduler()
                        .schedule(() -> "ran", 0, TimeUnit.MILLISECONDS)
                        .get(5, TimeUnit.SECONDS)
                        .equals("ran"),
                "close() never shuts the shared scheduler down");
    }
}
