package dev.wharf.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} of the test's own: on a free loopback port, in a temporary directory, without
 * persistence; {@link #kill} ends it as a crash would (SIGKILL), {@link #restart} brings it back on the same port.
 * Without a {@code redis-server} the test is skipped, except on CI ({@code CI=true}), where {@code .ci/run} installs
 * Debian's and its absence fails.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private final String password;
    private Process process;
    private RedisClient adminClient;
    private StatefulRedisConnection<String, String> admin;

    private RedisServer(Path dir, int port, List<String> extraArgs, String password) {
        this.dir = dir;
        this.port = port;
        this.extraArgs = extraArgs;
        this.password = password;
    }

    /** A plain server. */
    public static RedisServer start() {
        return start(null);
    }

    /** A plain server that requires {@code password} (null: none). */
    public static RedisServer start(String password) {
        return startWith(password, List.of());
    }

    /** A one-node Redis cluster owning every slot, so that sharded pub/sub is in use. */
    public static RedisServer startCluster() {
        RedisServer server = startWith(null, List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"));
        RedisCommands<String, String> admin = server.admin();
        admin.clusterAddSlotsRange(io.lettuce.core.Range.create(0, 16383));
        Await.until(START_TIMEOUT, () -> admin.clusterInfo().contains("cluster_state:ok"), "cluster state ok");
        return server;
    }

    private static RedisServer startWith(String password, List<String> extraArgs) {
        String binary = binary();
        if (binary == null) {
            assumeTrue("true".equals(System.getenv("CI")),
                    "redis-server is not installed (Debian: apt-get install redis-server)");
            throw new IllegalStateException("redis-server is not installed; .ci/run installs Debian's redis-server");
        }
        try {
            Path dir = Files.createTempDirectory("wharf-redis-");
            for (int attempt = 0; ; attempt++) {
                RedisServer server = new RedisServer(dir, freePort(), extraArgs, password);
                try {
                    server.launch();
                    return server;
                } catch (IllegalStateException e) {
                    if (attempt == 4) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Path.of(dir, "redis-server");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--logfile", "", "--protected-mode", "no"));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        command.addAll(extraArgs);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (log) {
                        if (log.length() < 20_000) {
                            log.append(line).append('\n');
                        }
                    }
                    if (line.contains("Ready to accept connections")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            ready.countDown();
        }, "redis-server-log-" + port);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!ready.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || !p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                synchronized (log) {
                    throw new IllegalStateException("redis-server did not start on port " + port + ":\n" + log);
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        process = p;
    }

    public int port() {
        return port;
    }

    /** The URL Wharf is given, with the password if there is one. */
    public String url() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
    }

    /** A connection of the test's own, to look at the server ({@code PUBSUB}, keys); it reconnects by itself. */
    public synchronized RedisCommands<String, String> admin() {
        if (admin == null) {
            RedisURI uri = RedisURI.create(url());
            uri.setTimeout(Duration.ofSeconds(10));
            adminClient = RedisClient.create(uri);
            admin = adminClient.connect();
        }
        return admin.sync();
    }

    /** Ends the server as a crash would, and waits until it is gone. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port, empty. */
    public void restart() {
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            adminClient.shutdown(0, 0, TimeUnit.MILLISECONDS);
        }
        if (process != null) {
            kill();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
