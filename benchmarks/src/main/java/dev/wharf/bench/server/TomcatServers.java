package dev.wharf.bench.server;

import jakarta.servlet.ServletContainerInitializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/** Embedded Tomcat 11 with its default NIO connector and executor, at the root context. */
final class TomcatServers {

    private TomcatServers() {}

    static AutoCloseable start(int port, ServletContainerInitializer initializer, java.util.Set<Class<?>> endpoints)
            throws Exception {
        Path baseDir = Files.createTempDirectory("wharf-bench-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setSilent(true);
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        // Tomcat accepts at most 8,192 connections by default and leaves the rest in the backlog (they time out):
        // idle at 10,000 needs more, for Tomcat's own WebSocket and Wharf alike.
        tomcat.getConnector().setProperty("maxConnections", "-1");
        if (Launcher.socketBuffer() > 0) {
            tomcat.getConnector().setProperty("socket.txBufSize", Integer.toString(Launcher.socketBuffer()));
            tomcat.getConnector().setProperty("socket.rxBufSize", Integer.toString(Launcher.socketBuffer()));
        }
        Context context = tomcat.addContext("", Files.createDirectories(baseDir.resolve("webapp")).toString());
        StandardJarScanner scanner = new StandardJarScanner(); // the initializer gets its classes: nothing to scan
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        context.setJarScanner(scanner);
        Tomcat.addServlet(context, "not-found", new NotFoundServlet()).setAsyncSupported(true);
        context.addServletMappingDecoded("/", "not-found");
        context.addServletContainerInitializer(initializer, endpoints);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            tomcat.stop();
            throw new IllegalStateException("deployment failed on tomcat: context is " + context.getState());
        }
        return () -> {
            tomcat.stop();
            tomcat.destroy();
            try (Stream<Path> paths = Files.walk(baseDir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // a temporary directory left behind
            }
        };
    }

    private static final java.util.Set<Class<?>> ENDPOINTS = Launcher.ENDPOINTS;

    /** Wharf on Tomcat: Wharf's initializer, no {@code tomcat-embed-websocket}. */
    public static final class Wharf implements Launcher {
        @Override
        public AutoCloseable start(int port) throws Exception {
            return TomcatServers.start(port, Launcher.wharfInitializer(), Launcher.wharfEndpoints());
        }
    }

    /**
     * Wharf on Tomcat forced onto the servlet upgrade ({@code dev.wharf.transport=servlet}, a system property: this
     * JVM serves only this contender), to measure the native transport against it in one run.
     */
    public static final class WharfServlet implements Launcher {
        @Override
        public AutoCloseable start(int port) throws Exception {
            System.setProperty("dev.wharf.transport", "servlet");
            return TomcatServers.start(port, Launcher.wharfInitializer(), Launcher.wharfEndpoints());
        }
    }

    /** The floor on Tomcat ({@link FloorHostServlet}): Tomcat's own HTTP and servlet upgrade, no WebSocket container. */
    public static final class Floor implements Launcher {
        @Override
        public AutoCloseable start(int port) throws Exception {
            return TomcatServers.start(port, new FloorHostServlet.Initializer(), java.util.Set.of());
        }
    }

    /** Tomcat 11's own WebSocket implementation ({@code tomcat-embed-websocket}), loaded by name. */
    public static final class Native implements Launcher {
        @Override
        public AutoCloseable start(int port) throws Exception {
            return TomcatServers.start(port, (ServletContainerInitializer) Class
                    .forName("org.apache.tomcat.websocket.server.WsSci").getDeclaredConstructor().newInstance(),
                    ENDPOINTS);
        }
    }
}
