package dev.wharf.bench.server;

import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

/** Jetty 12.1's own Jakarta WebSocket implementation (ee11). */
public final class JettyJakarta implements Launcher {
    @Override
    public AutoCloseable start(int port) throws Exception {
        return JettyServers.start(port, context -> JakartaWebSocketServletContainerInitializer.configure(context,
                (servletContext, container) -> {
                    for (Class<?> endpoint : ENDPOINTS) {
                        container.addEndpoint(endpoint);
                    }
                }));
    }
}
