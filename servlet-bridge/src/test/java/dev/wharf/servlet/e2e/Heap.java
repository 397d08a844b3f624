package dev.wharf.servlet.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Live heap of this JVM (the embedded hosts run in it), for the hostile-peer tests. */
final class Heap {

    private Heap() {}

    /**
     * Heap in use after full collections: the least of several, as one collection may run while a finalizer or a
     * reference queue still holds something a moment longer.
     */
    static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            memory.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
