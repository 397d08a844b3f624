package dev.wharf.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.session.NegotiatedExtension;
import jakarta.websocket.Extension;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The platform default configurator's negotiation and creation algorithms (spec 3.1.2, 3.1.3, 3.1.7). */
class DefaultServerConfiguratorTest {

    private final DefaultServerConfigurator configurator = new DefaultServerConfigurator();

    private static Extension ext(String name, String... parameters) {
        List<Extension.Parameter> ps = new java.util.ArrayList<>();
        for (int i = 0; i < parameters.length; i += 2) {
            ps.add(new NegotiatedExtension.Parameter(parameters[i], parameters[i + 1]));
        }
        return new NegotiatedExtension(name, ps);
    }

    private static List<String> names(List<Extension> extensions) {
        return extensions.stream().map(Extension::getName).toList();
    }

    @Test
    @DisplayName("[WSC-3.1.3-1] the supported extensions, in the client's order, with the client's parameters")
    void extensionsInClientOrder() {
        List<Extension> installed = List.of(ext("x-b"), ext("x-c"), ext("x-a"));
        List<Extension> requested = List.of(ext("x-a", "level", "3"), ext("x-unknown"), ext("x-c"), ext("x-b"));
        List<Extension> chosen = configurator.getNegotiatedExtensions(installed, requested);
        assertEquals(List.of("x-a", "x-c", "x-b"), names(chosen));
        assertEquals("level", chosen.get(0).getParameters().get(0).getName());
        assertEquals("3", chosen.get(0).getParameters().get(0).getValue());
    }

    @Test
    @DisplayName("[WSC-3.1.3-1] an extension offered twice (alternative parameters) is agreed once, the first offer")
    void extensionOfferedTwiceAgreedOnce() {
        List<Extension> chosen = configurator.getNegotiatedExtensions(List.of(ext("x-a")),
                List.of(ext("x-a", "p", "1"), ext("x-a", "p", "2")));
        assertEquals(List.of("x-a"), names(chosen));
        assertEquals("1", chosen.get(0).getParameters().get(0).getValue());
        assertTrue(configurator.getNegotiatedExtensions(List.of(ext("x-a")), List.of(ext("x-b"))).isEmpty());
    }

    @Test
    @DisplayName("[WSC-3.1.2-1] the client's most preferred subprotocol the endpoint supports, else none")
    void subprotocol() {
        assertEquals("v2", configurator.getNegotiatedSubprotocol(List.of("v1", "v2"), List.of("x", "v2", "v1")));
        assertEquals("", configurator.getNegotiatedSubprotocol(List.of("v1"), List.of("x")));
        assertEquals("", configurator.getNegotiatedSubprotocol(List.of(), List.of("v1")));
    }

    public static class Plain {
    }

    @Test
    @DisplayName("[WSC-3.1.7-2] getEndpointInstance returns a new instance each time")
    void newInstanceEachTime() throws Exception {
        assertNotSame(configurator.getEndpointInstance(Plain.class), configurator.getEndpointInstance(Plain.class));
    }
}
