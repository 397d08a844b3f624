package dev.wharf.servlet.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;

/**
 * Several {@code ServerApplicationConfig}s in one application (spec 6.2): each is instantiated and given the scan,
 * and the union of what they return is deployed, nothing else.
 */
@DisplayName("ServerApplicationConfig [WSC-6.2-1 to WSC-6.2-5, WSC-4.8.2]")
class ApplicationConfigSpecTest extends SpecHostedTest {

    /** What each config was handed, by config and kind. */
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    static String names(Collection<? extends Class<?>> classes) {
        return classes.stream().map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new)).toString();
    }

    /** Says where it was deployed. */
    public static class Greeter extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            String path = ((ServerEndpointConfig) config).getPath();
            session.addMessageHandler(String.class, text -> {
                try {
                    session.getBasicRemote().sendText(path + " " + text);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @ServerEndpoint("/a")
    public static class A {
        @OnMessage
        public String echo(String text) {
            return "a " + text;
        }
    }

    @ServerEndpoint("/b")
    public static class B extends A {
        @Override
        @OnMessage
        public String echo(String text) {
            return "b " + text;
        }
    }

    /** Scanned, returned by no config: not deployed. */
    @ServerEndpoint("/c")
    public static class C extends A {
        @Override
        @OnMessage
        public String echo(String text) {
            return "c " + text;
        }
    }

    /** Not public: the scan leaves it out [WSC-4.8.2], so no config is handed it. */
    @ServerEndpoint("/hidden")
    static class Hidden {
        @OnMessage
        public String echo(String text) {
            return text;
        }
    }

    public static class FirstConfig implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
            SEEN.put("first programmatic", names(scanned));
            return Set.of(ServerEndpointConfig.Builder.create(Greeter.class, "/first").build());
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            SEEN.put("first annotated", names(scanned));
            return Set.of(A.class);
        }
    }

    public static class SecondConfig implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
            SEEN.put("second programmatic", names(scanned));
            return Set.of(ServerEndpointConfig.Builder.create(Greeter.class, "/second").build());
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            SEEN.put("second annotated", names(scanned));
            return Set.of(B.class, A.class);
        }
    }

    @Override
    protected WebApp app() {
        return WebApp.at("/app").initializer(new WharfInitializer(), FirstConfig.class, SecondConfig.class,
                Greeter.class, A.class, B.class, C.class, Hidden.class).build();
    }

    @OnHosts
    @DisplayName("[WSC-6.2-1, WSC-6.2-2, WSC-6.2-4, WSC-4.8.2] every config is instantiated and handed the public scan")
    void everyConfigSeesTheScan(Host host) {
        for (String config : new String[] {"first", "second"}) {
            assertEquals("[A, B, C]", SEEN.get(config + " annotated"), config);
            assertEquals("[Greeter]", SEEN.get(config + " programmatic"), config);
        }
    }

    @OnHosts
    @DisplayName("[WSC-6.2-5] the union of what the configs return is deployed, and nothing else")
    void unionIsDeployed(Host host) throws Exception {
        try (Ws ws = Ws.connect(host.wsUri("/a"))) {
            assertEquals("a hi", ws.ask("hi"));
        }
        try (Ws ws = Ws.connect(host.wsUri("/b"))) {
            assertEquals("b hi", ws.ask("hi"));
        }
        try (Ws ws = Ws.connect(host.wsUri("/first"))) {
            assertEquals("/first hi", ws.ask("hi"));
        }
        try (Ws ws = Ws.connect(host.wsUri("/second"))) {
            assertEquals("/second hi", ws.ask("hi"));
        }
        assertEquals(404, RawHandshake.to(host.wsUri("/c")).send().status());
        assertEquals(404, RawHandshake.to(host.wsUri("/hidden")).send().status());
    }
}
