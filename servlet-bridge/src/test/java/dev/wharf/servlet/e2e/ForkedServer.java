package dev.wharf.servlet.e2e;

import dev.wharf.servlet.e2e.endpoints.AttachEndpoint;
import dev.wharf.servlet.e2e.endpoints.RoomsApiEndpoint;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A server in a process of its own, for what a test JVM cannot do to itself: be killed, or run out of a small heap.
 * {@code main(host, attachmentsDir)} serves the rooms and attachment endpoints and prints {@code PORT <port>}; it runs
 * until its standard input ends (or it is killed).
 */
final class ForkedServer implements AutoCloseable {

    private final Process process;
    final int port;
    /** What the process wrote to stderr (its log), collected as it runs. */
    private final StringBuffer log;

    private ForkedServer(Process process, int port, StringBuffer log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        Host host = Host.allTransports().stream().filter(h -> h.name().equals(args[0])).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no host named " + args[0]));
        WebApp app = WebApp.at(E2eApp.CONTEXT_PATH)
                .initializer(E2eApp.initializer(), Set.of(RoomsApiEndpoint.class, AttachEndpoint.class))
                .initParam("dev.wharf.attachments.dir", args[1])
                .initParam("dev.wharf.closeTimeout", "2000")
                .build();
        host.start(app);
        System.out.println("PORT " + host.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the test closes our input (or kills the process)
        }
        host.stop();
    }

    /** Starts a server process on {@code host} and waits until it listens. */
    static ForkedServer start(String host, Path attachments, String... jvmOptions) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classPath, ForkedServer.class.getName(), host, attachments.toString()));
        Process process = new ProcessBuilder(command).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuffer log = new StringBuffer();
        Thread errors = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    log.append(line).append('\n');
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "forked-server-stderr");
        errors.setDaemon(true);
        errors.start();
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("PORT ")) {
            // host start-up chatter
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the server process ended before listening:\n" + log);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe from filling up
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "forked-server-stdout");
        drain.setDaemon(true);
        drain.start();
        return new ForkedServer(process, Integer.parseInt(line.substring(5).trim()), log);
    }

    java.net.URI wsUri(String path) {
        return java.net.URI.create("ws://127.0.0.1:" + port + E2eApp.CONTEXT_PATH + path);
    }

    /** Everything the process logged so far. */
    String log() {
        return log.toString();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process at once (SIGKILL): no shutdown hook, no close, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Ends the process (killed: its state is the test's to look at, not its shutdown). */
    @Override
    public void close() throws Exception {
        kill();
    }
}
