package io.github.guardrails4j.benchmarks;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * A snapshot of the CPU time and the allocated bytes of the client-side Java threads of this process, grouped by
 * thread name: OkHttp's threads, the JMH thread that starts and joins the checks, the client's scheduler, Okio's
 * timeout watchdog. The simulator's worker threads are left out (one per request until 512 exist, too many to read
 * per batch): what the process spent outside the groups is the simulator's work, the garbage collector's and the
 * JIT compiler's. Immutable.
 *
 * <p>Used by {@link LoopbackBreakdownBenchmark} to say which client threads spend the CPU of a batch of checks.
 *
 * @param cpuNanos per group, CPU nanoseconds (user and kernel)
 * @param allocatedBytes per group, bytes allocated (HotSpot's per-thread counters)
 */
record ThreadCpu(Map<String, Long> cpuNanos, Map<String, Long> allocatedBytes) {
    /** The group of the simulator's threads, which are not read. */
    static final String SIMULATOR = "simulator";

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Thread id to group, filled as threads appear (read by the one JMH thread only). */
    private static final Map<Long, String> GROUPS = new HashMap<>();

    /** @return the current snapshot */
    static ThreadCpu now() {
        Map<String, Long> cpu = new HashMap<>();
        Map<String, Long> allocated = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            String group = GROUPS.computeIfAbsent(id, ThreadCpu::groupOf);
            if (group.equals(SIMULATOR)) {
                continue;
            }
            long c = THREADS.getThreadCpuTime(id);
            long a = THREADS.getThreadAllocatedBytes(id);
            if (c >= 0) {
                cpu.merge(group, c, Long::sum);
            }
            if (a >= 0) {
                allocated.merge(group, a, Long::sum);
            }
        }
        return new ThreadCpu(cpu, allocated);
    }

    private static String groupOf(long id) {
        ThreadInfo info = THREADS.getThreadInfo(id);
        return info == null ? SIMULATOR : group(info.getThreadName());
    }

    /**
     * @param name a thread's name
     * @return its group
     */
    static String group(String name) {
        if (name.startsWith("nim-simulator-") || name.startsWith("HTTP-Dispatcher")) {
            return SIMULATOR;
        }
        if (name.startsWith("OkHttp ")) {
            return "OkHttp threads";
        }
        if (name.contains("jmh-worker")) {
            return "JMH thread (starts, joins)";
        }
        return name.replaceAll("[0-9#]+", "").strip();
    }

    /**
     * @param earlier a snapshot taken before this one
     * @return the growth since it (a group whose threads ended in between may come out negative)
     */
    ThreadCpu minus(ThreadCpu earlier) {
        return new ThreadCpu(diff(cpuNanos, earlier.cpuNanos), diff(allocatedBytes, earlier.allocatedBytes));
    }

    /**
     * @param other another difference
     * @return the sum of both
     */
    ThreadCpu plus(ThreadCpu other) {
        Map<String, Long> cpu = new HashMap<>(cpuNanos);
        other.cpuNanos.forEach((k, v) -> cpu.merge(k, v, Long::sum));
        Map<String, Long> a = new HashMap<>(allocatedBytes);
        other.allocatedBytes.forEach((k, v) -> a.merge(k, v, Long::sum));
        return new ThreadCpu(cpu, a);
    }

    /** @return the sum of the allocations of every group */
    long totalAllocated() {
        return allocatedBytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return the sum of the CPU of every group */
    long totalCpu() {
        return cpuNanos.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> diff(Map<String, Long> later, Map<String, Long> earlier) {
        Map<String, Long> out = new HashMap<>(later);
        earlier.forEach((k, v) -> out.merge(k, -v, Long::sum));
        return out;
    }
}
