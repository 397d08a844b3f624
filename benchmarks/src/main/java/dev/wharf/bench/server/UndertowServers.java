package dev.wharf.bench.server;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.servlet.ServletContainerInitializer;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/** Embedded Undertow 2.3 with its default worker and buffers, at the root context. */
final class UndertowServers {

    private UndertowServers() {}

    static AutoCloseable start(int port, BiConsumer<DeploymentInfo, AtomicReference<Undertow>> configure)
            throws Exception {
        AtomicReference<Undertow> server = new AtomicReference<>();
        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(UndertowServers.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("wharf-bench.war")
                .addServlet(Servlets.servlet("not-found", NotFoundServlet.class).addMapping("/").setAsyncSupported(true));
        configure.accept(deployment, server);
        DeploymentManager manager = Servlets.newContainer().addDeployment(deployment);
        manager.deploy();
        Undertow.Builder builder = Undertow.builder()
                .addHttpListener(port, "127.0.0.1")
                .setHandler(Handlers.path().addPrefixPath("/", manager.start()));
        if (Launcher.socketBuffer() > 0) {
            builder.setSocketOption(org.xnio.Options.SEND_BUFFER, Launcher.socketBuffer())
                    .setSocketOption(org.xnio.Options.RECEIVE_BUFFER, Launcher.socketBuffer());
        }
        server.set(builder.build());
        server.get().start();
        return () -> {
            manager.stop();
            manager.undeploy();
            server.get().stop();
        };
    }

    /** Wharf on Undertow: Wharf's initializer, no {@code undertow-websockets-jsr}. */
    public static final class Wharf implements Launcher {
        @Override
        public AutoCloseable start(int port) throws Exception {
            ServletContainerInitializer initializer = Launcher.wharfInitializer();
            java.util.Set<Class<?>> endpoints = Launcher.wharfEndpoints();
            return UndertowServers.start(port, (deployment, server) -> deployment.addServletContainerInitializer(
                    new ServletContainerInitializerInfo(initializer.getClass(),
                            new ImmediateInstanceFactory<>(initializer), endpoints)));
        }
    }

    /** The floor on Undertow ({@link FloorHostServlet}): Undertow's HTTP and servlet upgrade, no WebSocket container. */
    public static final class Floor implements Launcher {
        @Override
        public AutoCloseable start(int port) throws Exception {
            System.setProperty("floor.exactWrites", "true"); // this JVM serves only this contender
            return UndertowServers.start(port, (deployment, server) -> deployment.addServletContainerInitializer(
                    new ServletContainerInitializerInfo(FloorHostServlet.Initializer.class,
                            new ImmediateInstanceFactory<>(new FloorHostServlet.Initializer()), java.util.Set.of())));
        }
    }

    /**
     * Undertow's own Jakarta WebSocket ({@code undertow-websockets-jsr}): the server's own I/O worker, and buffers
     * like the server's defaults (16 KiB direct).
     */
    public static final class Native implements Launcher {
        @Override
        public AutoCloseable start(int port) throws Exception {
            return startNative(port, false);
        }
    }

    /**
     * As {@link Native}, with endpoints called on the worker pool instead of the I/O threads
     * ({@code setDispatchToWorkerThread(true)}, Undertow's setting for endpoints that block). With the default, a
     * blocking send to another member from {@code @OnMessage} waits on an I/O thread for writability that only
     * that I/O thread could signal: the broadcast scenario deadlocks (both I/O threads parked in
     * {@code AbstractFramedStreamSinkChannel.awaitWritable} under {@code RoomEndpoint.message}).
     */
    public static final class NativeOnWorkers implements Launcher {
        @Override
        public AutoCloseable start(int port) throws Exception {
            return startNative(port, true);
        }
    }

    private static AutoCloseable startNative(int port, boolean dispatchToWorkers) throws Exception {
        return UndertowServers.start(port, (deployment, server) -> {
            WebSocketDeploymentInfo ws = new WebSocketDeploymentInfo()
                    .setWorker(() -> server.get().getWorker())
                    .setBuffers(new DefaultByteBufferPool(true, 16 * 1024))
                    .setDispatchToWorkerThread(dispatchToWorkers);
            Launcher.ENDPOINTS.forEach(ws::addEndpoint);
            deployment.addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, ws);
        });
    }
}
