package dev.wharf.bench;

import dev.wharf.bench.server.Launcher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import javax.management.ObjectName;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one contender in this JVM: {@code ServerMain <contender> <port>}. Prints {@code READY} once serving, then
 * obeys lines on standard input: {@code stats} collects garbage and prints
 * {@code STATS heapUsed=<bytes> threads=<n>}; {@code dcmd <operation> [argument...]} runs one of the JVM's
 * diagnostic commands (e.g. {@code dcmd vmNativeMemory summary.diff}, {@code dcmd gcClassHistogram}) and prints its
 * output as {@code DCMD <line>} lines ended by {@code DCMD-END}; {@code alloc} prints
 * {@code ALLOC bytes=<n> threads=<n>}, the bytes allocated so far by the JVM's live threads (see
 * {@link #allocatedBytes()}); {@code stop} or end of input stops the server and
 * exits.
 */
public final class ServerMain {

    private ServerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ServerMain <" + String.join("|", Contender.all().stream()
                    .map(Contender::label).toList()) + "> <port>");
            System.exit(2);
        }
        Contender contender = Contender.byLabel(args[0])
                .orElseThrow(() -> new IllegalArgumentException("unknown contender " + args[0]));
        int port = Integer.parseInt(args[1]);
        // Tomcat, Undertow and Tyrus log through JUL: warnings only, the same for everyone.
        Logger.getLogger("").setLevel(Level.WARNING);

        Launcher launcher = (Launcher) Class.forName(contender.launcherClass()).getDeclaredConstructor().newInstance();
        AutoCloseable server = launcher.start(port);
        System.out.println("READY " + contender.label() + " " + port);
        System.out.flush();

        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = commands.readLine()) != null; ) {
            if (line.equals("stats")) {
                System.out.println("STATS " + stats());
                System.out.flush();
            } else if (line.equals("alloc")) {
                System.out.println("ALLOC " + allocatedBytes());
                System.out.flush();
            } else if (line.startsWith("dcmd ")) {
                for (String out : diagnosticCommand(line.substring(5).trim().split("\\s+")).split("\n")) {
                    System.out.println("DCMD " + out);
                }
                System.out.println("DCMD-END");
                System.out.flush();
            } else if (line.equals("stop")) {
                break;
            }
        }
        try {
            server.close();
        } finally {
            System.exit(0);
        }
    }

    /**
     * What {@code jcmd <pid> <command>} prints, run in-process through the DiagnosticCommand MBean so a scenario can
     * take a native-memory baseline at the right moment (NMT needs {@code -XX:NativeMemoryTracking=summary}).
     */
    private static String diagnosticCommand(String[] operationAndArguments) {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), operationAndArguments[0],
                    new Object[] {Arrays.copyOfRange(operationAndArguments, 1, operationAndArguments.length)},
                    new String[] {String[].class.getName()});
            return String.valueOf(out);
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    /**
     * Bytes allocated so far by every live thread of this JVM (HotSpot's per-thread allocation counters, exact, not
     * sampled), and how many threads were summed. A thread that ended took its count with it: a scenario reads this
     * before and after and should check that the thread count did not shrink in between. Unlike CPU time, it does
     * not depend on how busy the machine is.
     */
    private static String allocatedBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long total = 0;
        int counted = 0;
        for (long bytes : threads.getThreadAllocatedBytes(ids)) {
            if (bytes > 0) {
                total += bytes;
                counted++;
            }
        }
        return "bytes=" + total + " threads=" + counted;
    }

    /** Live heap after full collections, and the JVM's thread count. */
    private static String stats() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return "heapUsed=" + heap.getUsed() + " threads=" + ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
