package dev.wharf.tck.hosts;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An embedded servlet container (no WebSocket module of its own) serving one web application with Wharf's
 * {@code ServletContainerInitializer} handed {@code endpoints} as its {@code @HandlesTypes} set, on
 * {@code 127.0.0.1} and an ephemeral port.
 */
public interface EmbeddedHost extends AutoCloseable {

    /** {@code jetty} or {@code tomcat}. */
    String name();

    /**
     * Deploys an application at {@code contextPath} ({@code "/name"}) with these endpoint classes and servlet-context
     * init parameters; fails if the application does not start.
     */
    EmbeddedHost start(String contextPath, Set<Class<?>> endpoints, Map<String, String> initParams) throws Exception;

    int port();

    /** {@code ws://127.0.0.1:port/context/path}. */
    URI wsUri(String path);

    void stop() throws Exception;

    @Override
    default void close() throws Exception {
        stop();
    }

    /** Fresh instances of every host Wharf is tested on. */
    static List<EmbeddedHost> all() {
        return List.of(new JettyHost(), new TomcatHost());
    }
}
