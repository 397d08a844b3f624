package dev.wharf.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A contender's {@link ServerMain} in its own JVM: launched with {@link ProcessBuilder}, the same {@code java} as
 * this JVM, the given flags and the contender's class path family; measured from {@code /proc/<pid>}.
 */
public final class ServerProcess implements AutoCloseable {

    private static final long CLOCK_TICKS = clockTicks();

    private final Contender contender;
    private final Process process;
    private final int port;
    private final PrintWriter commands;
    private final BlockingQueue<String> replies = new ArrayBlockingQueue<>(16);
    private final BlockingQueue<String> allocReplies = new ArrayBlockingQueue<>(16);
    /** Lines of diagnostic-command output, {@link #DCMD_END} after each command's. */
    private final BlockingQueue<String> dcmdLines = new java.util.concurrent.LinkedBlockingQueue<>();
    private static final String DCMD_END = "\u0000end";

    private ServerProcess(Contender contender, Process process, int port) {
        this.contender = contender;
        this.process = process;
        this.port = port;
        this.commands = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
    }

    /**
     * Starts {@code contender} and waits until it serves. {@code classPathDir} holds the build's
     * {@code <family>.txt} files; {@code classesDir} the benchmark classes; output goes to {@code log}.
     */
    public static ServerProcess start(Contender contender, Path classesDir, Path classPathDir, List<String> jvmFlags,
            Path log) throws IOException, InterruptedException {
        return start(contender, Path.of(System.getProperty("java.home")), classesDir, classPathDir, jvmFlags, log);
    }

    /** As {@link #start(Contender, Path, Path, List, Path)}, on the JDK whose home is {@code javaHome}. */
    public static ServerProcess start(Contender contender, Path javaHome, Path classesDir, Path classPathDir,
            List<String> jvmFlags, Path log) throws IOException, InterruptedException {
        String classPath = classesDir + java.io.File.pathSeparator
                + checkoutClasses(Files.readString(classPathDir.resolve(contender.classPathFamily() + ".txt")).trim(),
                        classesDir.toAbsolutePath().getParent().getParent().getParent());
        int port = freePort();
        List<String> command = new ArrayList<>();
        Path javaCommand = javaHome.resolve("bin").resolve("java");
        if (!Files.isExecutable(javaCommand)) {
            throw new IOException("no java at " + javaCommand + " (--java takes a JDK's home directory)");
        }
        command.add(javaCommand.toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classPath, ServerMain.class.getName(), contender.label(),
                Integer.toString(port)));
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        ServerProcess server = new ServerProcess(contender, process, port);
        BlockingQueue<String> ready = new ArrayBlockingQueue<>(1);
        Thread reader = new Thread(() -> server.readOutput(ready), "server-output-" + contender.label());
        reader.setDaemon(true);
        reader.start();
        String first = ready.poll(60, TimeUnit.SECONDS);
        if (first == null || !first.startsWith("READY")) {
            server.close();
            throw new IOException(contender.label() + " did not start (see " + log + "): " + first);
        }
        return server;
    }

    /**
     * Maven's {@code build-classpath} names Wharf's own modules by their jars: in the local repository (whatever
     * checkout last ran {@code install}), or, in a reactor build, in the {@code target} directory of the checkout that
     * built them. The compiled classes of {@code checkout} (the one {@code --module} points into) replace both when
     * present, so a run measures the code in front of you, and a copy of the {@code target} directories (a snapshot
     * taken before the checkout changes) runs its own classes, not the checkout's.
     */
    static String checkoutClasses(String classPath, Path checkout) {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            boolean moduleJar = entry.contains("/dev/wharf/")
                    || (path.getParent() != null && path.getParent().getFileName().toString().equals("target"));
            Path classes = null;
            if (moduleJar && name.startsWith("wharf-") && name.endsWith(".jar")) {
                String module = name.substring("wharf-".length()).replaceFirst("-\\d.*$", "");
                classes = checkout.resolve(module).resolve("target/classes");
            }
            entries.add(classes != null && Files.isDirectory(classes) ? classes.toString() : entry);
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private void readOutput(BlockingQueue<String> ready) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("READY")) {
                    ready.offer(line);
                } else if (line.startsWith("ALLOC ")) {
                    allocReplies.offer(line.substring(6));
                } else if (line.startsWith("STATS ")) {
                    replies.offer(line.substring(6));
                } else if (line.startsWith("DCMD ")) {
                    dcmdLines.offer(line.substring(5));
                } else if (line.equals("DCMD-END")) {
                    dcmdLines.offer(DCMD_END);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        ready.offer("exited with " + (process.isAlive() ? "?" : process.exitValue()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public Contender contender() {
        return contender;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** User + system CPU time of the whole server process so far, from {@code /proc/<pid>/stat}. */
    public long cpuNanos() {
        long[] split = cpuSplitNanos();
        return split[0] + split[1];
    }

    /**
     * User and system CPU time of the whole server process so far ({@code utime} and {@code stime} of
     * {@code /proc/<pid>/stat}, threads that ended included), {@code [user, system]} in nanoseconds, to the
     * kernel's clock tick (10 ms at {@code CLK_TCK} 100): system time is what the kernel spent on the process's
     * system calls (socket reads and writes, epoll, futex wake-ups), user time the JVM's own work.
     */
    public long[] cpuSplitNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            // the command name may hold spaces: fields are counted after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime, stime (fields 14, 15 of proc(5))
            return new long[] {Long.parseLong(fields[11]) * 1_000_000_000L / CLOCK_TICKS,
                    Long.parseLong(fields[12]) * 1_000_000_000L / CLOCK_TICKS};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Write system calls the server process made so far ({@code syscw} of {@code /proc/<pid>/io}: write, writev and
     * the like, sockets included), or -1 where the file cannot be read. Per delivery, it shows how many frames a
     * server gathers into one write; unlike CPU time, it does not depend on how busy the machine is.
     */
    public long writeCalls() {
        return ioField("syscw:");
    }

    /** Read system calls the server process made so far ({@code syscr} of {@code /proc/<pid>/io}), or -1. */
    public long readCalls() {
        return ioField("syscr:");
    }

    private long ioField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "io"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not allowed to read it
        }
        return -1;
    }

    /**
     * Voluntary context switches of the server's live threads so far (the sum of {@code voluntary_ctxt_switches}
     * over {@code /proc/<pid>/task/}*{@code /status}), or -1: a thread that parks, or waits in {@code epoll_wait}
     * or a blocking read, switches once each time. Per message it counts the wake-ups of hand-offs between
     * threads, a figure the machine's load does not change much (threads that ended meanwhile are not counted).
     */
    public long voluntarySwitches() {
        long sum = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring("voluntary_ctxt_switches:".length()).trim());
                        }
                    }
                } catch (IOException e) {
                    // the thread ended while we listed them
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return sum;
    }

    /** Resident set size in bytes, {@code VmRSS} of {@code /proc/<pid>/status}. */
    public long rssBytes() {
        return statusField("VmRSS:") * 1024;
    }

    /**
     * Resident bytes of the server's Java heap: {@code Rss} of the {@code /proc/<pid>/smaps} mappings within the
     * heap's address range (from the {@code GC.heap_info} diagnostic command). A heap committed at start-up
     * ({@code -Xms}) is resident only once touched, so this tells heap pages apart from native memory in VmRSS.
     */
    public long heapResidentBytes() throws InterruptedException {
        java.util.regex.Matcher range = java.util.regex.Pattern.compile("\\[0x([0-9a-f]+), ?0x([0-9a-f]+)")
                .matcher(diagnosticCommand("gcHeapInfo"));
        if (!range.find()) {
            return -1;
        }
        long low = Long.parseUnsignedLong(range.group(1), 16);
        long high = Long.parseUnsignedLong(range.group(2), 16);
        long resident = 0;
        boolean inHeap = false;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "smaps"))) {
                int dash = line.indexOf('-');
                int space = line.indexOf(' ');
                if (dash > 0 && space > dash && line.substring(0, dash).matches("[0-9a-f]+")) {
                    long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                    long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                    inHeap = start >= low && end <= high;
                } else if (inHeap && line.startsWith("Rss:")) {
                    resident += Long.parseLong(line.substring(4).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resident;
    }

    /** Threads of the process, {@code Threads} of {@code /proc/<pid>/status}. */
    public long threads() {
        return statusField("Threads:");
    }

    private long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
            throw new IllegalStateException("no " + name + " in /proc/" + pid() + "/status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Bytes allocated so far by the server's live threads, and their count (its {@code alloc} command): {@code
     * [bytes, threads]}. Exact per-thread counters, so a difference over N operations is bytes per operation
     * whatever the machine's load.
     */
    public long[] allocatedBytes() throws InterruptedException {
        commands.println("alloc");
        String reply = allocReplies.poll(30, TimeUnit.SECONDS);
        if (reply == null) {
            throw new IllegalStateException(contender.label() + " did not answer 'alloc'");
        }
        long[] out = new long[2];
        for (String field : reply.split(" ")) {
            if (field.startsWith("bytes=")) {
                out[0] = Long.parseLong(field.substring(6));
            } else if (field.startsWith("threads=")) {
                out[1] = Long.parseLong(field.substring(8));
            }
        }
        return out;
    }

    /** Live heap bytes after full collections in the server (its {@code stats} command). */
    public long heapUsedAfterGc() throws InterruptedException {
        commands.println("stats");
        String reply = replies.poll(30, TimeUnit.SECONDS);
        if (reply == null) {
            throw new IllegalStateException(contender.label() + " did not answer 'stats'");
        }
        for (String field : reply.split(" ")) {
            if (field.startsWith("heapUsed=")) {
                return Long.parseLong(field.substring(9));
            }
        }
        throw new IllegalStateException("bad stats reply: " + reply);
    }

    /**
     * Runs a JVM diagnostic command in the server, as {@code jcmd} would ({@code operation} is the
     * DiagnosticCommand MBean's name for it: {@code vmNativeMemory}, {@code gcClassHistogram}...), and returns its
     * output.
     */
    public String diagnosticCommand(String operation, String... arguments) throws InterruptedException {
        commands.println("dcmd " + operation + (arguments.length == 0 ? "" : " " + String.join(" ", arguments)));
        StringBuilder out = new StringBuilder();
        while (true) {
            String line = dcmdLines.poll(60, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException(contender.label() + " did not finish 'dcmd " + operation + "'");
            }
            if (line.equals(DCMD_END)) {
                return out.toString();
            }
            out.append(line).append('\n');
        }
    }

    @Override
    public void close() throws InterruptedException {
        commands.println("stop");
        commands.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            getconf.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
