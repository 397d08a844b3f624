package dev.wharf.samples.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * {@code java -jar samples/target/wharf-samples.jar [--port N]}: serves the samples on http://localhost:8080/ until
 * Ctrl-C. The port comes from {@code --port}, else the {@code PORT} environment variable, else 8080.
 */
public final class Main {

    static final int DEFAULT_PORT = 8080;
    private static final String USAGE = "usage: java -jar wharf-samples.jar [--port N]   (or env PORT=N; default "
            + DEFAULT_PORT + ")";

    private Main() {}

    public static void main(String[] args) throws Exception {
        int port;
        try {
            port = port(args, System.getenv());
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
            server = SamplesServer.start(port);
        } catch (IOException e) {
            // Jetty says "Failed to bind"; say what to do about it.
            System.err.println("Cannot listen on port " + port + " (" + e.getMessage() + "); is something else"
                    + " using it? Try --port " + (port + 1));
            System.exit(1);
            return;
        }
        // Ctrl-C: stop the app so open sessions get a 1001 "going away" close, then the server.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, System.err), "wharf-samples-shutdown"));
        System.out.println("Wharf samples on " + server.uri());
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

    private static void stop(SamplesServer server, PrintStream log) {
        try {
            server.close();
        } catch (Exception e) {
            log.println("Stopping the samples failed: " + e);
        }
    }
}
