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

    /**
     * A node of a cluster still to be made ({@link RedisCluster}): cluster mode on, no slots, and serving its slots
     * when another node is down ({@code cluster-require-full-coverage no}), as a deployment without replicas must.
     */
    static RedisServer startClusterNode() {
        return startWith(null, List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "2000", "--cluster-require-full-coverage", "no"));
    }

    /**
     * A server started with {@code extraArgs} after the fixture's own options (later ones win, so {@code --port 0
     * --tls-port {port}} makes a TLS-only server); {@code {port}} in them stands for the server's free port. A first
     * element ending in {@code .conf} is the configuration file (a Sentinel's), which redis-server wants first.
     */
    public static RedisServer startWith(String password, List<String> extraArgs) {
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
        List<String> command = new ArrayList<>(List.of(binary()));
        List<String> args = extraArgs.stream().map(a -> a.replace("{port}", Integer.toString(port))).toList();
        if (!args.isEmpty() && args.get(0).endsWith(".conf")) {
            command.add(args.get(0));
            args = args.subList(1, args.size());
        }
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "", "--protected-mode", "no"));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        // a test JVM ending without close() (a failed fixture, an interrupted build) must not leave redis-server behind
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly, "redis-server-reaper-" + port));
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
                    // a Sentinel is ready once it watches its primary
                    if (line.contains("Ready to accept connections") || line.contains("+monitor master")) {
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

    /** The temporary directory the server runs in (its configuration files, certificates of TLS tests). */
    public Path dir() {
        return dir;
    }

    /** Whether the process is running. */
    public boolean alive() {
        return process != null && process.isAlive();
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
