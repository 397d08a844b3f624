package dev.wharf.bench.scenario;

import java.lang.management.ManagementFactory;

/** CPU time of this JVM, the load generator's, so that a scenario can tell whether the client capped a rate. */
final class ClientCpu {

    private ClientCpu() {
    }

    /** Nanoseconds of CPU this process used so far, or -1 where the JVM cannot tell. */
    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
