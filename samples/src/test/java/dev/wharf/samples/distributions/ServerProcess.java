package dev.wharf.samples.distributions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A servlet container distribution running as a child process. Its output (stdout and stderr together) is copied
 * line by line to a log file under {@code target/} and kept for assertions; start-up is over when a line with the
 * container's own "started" marker appears (no polling), or fails when the process exits first or the time runs out.
 */
final class ServerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_S = 120;
    private static final long STOP_TIMEOUT_S = 30;

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final Path log;

    private ServerProcess(Process process, Path log, String startedMarker) {
        this.process = process;
        this.log = log;
        Thread pump = new Thread(() -> pump(startedMarker), "output of " + log.getFileName());
        pump.setDaemon(true);
        pump.start();
        process.onExit().thenRun(() -> started.completeExceptionally(
                new IllegalStateException("the server exited with " + process.exitValue() + " before it started;"
                        + " see " + log)));
    }

    /**
     * Starts {@code command} in {@code dir} and waits until a line contains {@code startedMarker}.
     *
     * @param log where the server's output goes
     */
    static ServerProcess start(List<String> command, Path dir, Map<String, String> env, String startedMarker,
                               Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        ServerProcess server = new ServerProcess(builder.start(), log, startedMarker);
        try {
            server.started.get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            server.close();
            throw new IllegalStateException("server did not start: " + command + "; see " + log, e);
        }
        return server;
    }

    /** Runs a set-up command to its end (e.g. Jetty's {@code --add-modules}); fails on a non-zero exit. */
    static void run(List<String> command, Path dir, Path log) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(START_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + p.exitValue() + "; see " + log);
        }
    }

    /** A port free on the loopback interface now (the server binds it a moment later). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The java executable running these tests: every distribution runs on the same JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Everything the server printed so far. */
    String output() {
        return String.join("\n", lines);
    }

    private void pump(String startedMarker) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                out.println(line);
                if (line.contains(startedMarker)) {
                    started.complete(null);
                }
            }
        } catch (IOException e) {
            started.completeExceptionally(e);
        }
    }

    /** SIGTERM (the containers stop their applications, so sessions get 1001), then a hard kill if it hangs. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS);
        }
    }
}
