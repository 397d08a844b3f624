package dev.wharf.samples.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code java -jar samples/target/wharf-samples.jar [--port N] [--redis redis://host:6379]}: serves the samples on
 * http://localhost:8080/ until Ctrl-C. The port comes from {@code --port}, else the {@code PORT} environment variable,
 * else 8080. With {@code --redis}, chat rooms are shared with every other samples server on that Redis
 * (docs/SAMPLES.md).
 */
public final class Main {

    static final int DEFAULT_PORT = 8080;
    private static final String USAGE = "usage: java -jar wharf-samples.jar [--port N] [--redis redis://host:6379]"
            + "   (or env PORT=N; default " + DEFAULT_PORT + ")";

    private Main() {}

    public static void main(String[] args) throws Exception {
        int port;
        String redis;
        try {
            port = port(args, System.getenv());
            redis = redis(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (port < 0) {
            System.out.println(USAGE);
            return;
        }
        SamplesServer server;
        try {
            server = SamplesServer.start(port, redis);
        } catch (IOException e) {
            // Jetty says "Failed to bind"; say what to do about it.
            System.err.println("Cannot listen on port " + port + " (" + e.getMessage() + "); is something else"
                    + " using it? Try --port " + (port + 1));
            System.exit(1);
            return;
        }
        // Ctrl-C: stop the app so open sessions get a 1001 "going away" close, then the server.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, System.err), "wharf-samples-shutdown"));
        System.out.println("Wharf samples on " + server.uri()
                + (redis == null ? "" : " (chat rooms shared through Redis at " + redactedPassword(redis) + ")"));
        System.out.println("Press Ctrl-C to stop.");
    }

    /**
     * The port to listen on: {@code --port N} or {@code --port=N}, else {@code PORT}, else 8080; -1 for
     * {@code --help}.
     */
    static int port(String[] args, Map<String, String> env) {
        String value = env.get("PORT");
        String source = "PORT";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return -1;
            } else if (arg.equals("--port") && i + 1 < args.length) {
                value = args[++i];
                source = "--port";
            } else if (arg.startsWith("--port=")) {
                value = arg.substring("--port=".length());
                source = "--port";
            } else if (arg.equals("--redis") && i + 1 < args.length) {
                i++; // read by redis()
            } else if (arg.startsWith("--redis=")) {
                // read by redis()
            } else {
                throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(source + " must be a port number 0-65535, not \"" + value + "\"");
    }

    /** The Redis URL of {@code --redis URL} or {@code --redis=URL}, or null: chat rooms stay in this server. */
    static String redis(String[] args) {
        String url = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--redis") && i + 1 < args.length) {
                url = args[++i];
            } else if (args[i].startsWith("--redis=")) {
                url = args[i].substring("--redis=".length());
            }
        }
        if (url != null && !url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("--redis must be a redis:// or rediss:// URL, not \"" + url + "\"");
        }
        return url;
    }

    private static String redactedPassword(String url) {
        return url.replaceFirst("//[^@/]*@", "//***@");
    }

    private static void stop(SamplesServer server, PrintStream log) {
        try {
            server.close();
        } catch (Exception e) {
            log.println("Stopping the samples failed: " + e);
        }
    }
}
