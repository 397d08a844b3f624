package dev.wharf.tck.spec.configurator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.tck.spec.client.HandshakeStatus;
import dev.wharf.tck.spec.client.SpecClient;
import dev.wharf.tck.wire.WireConnection;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spec 3.1.2, 3.1.3 and 4.1: {@code @ServerEndpoint(subprotocols, configurator)}. */
@ExtendWith(ArquillianExtension.class)
class ConfiguratorTest {

    @Deployment(testable = false)
    static WebArchive war() {
        return ShrinkWrap.create(WebArchive.class, "spec-configurator.war")
                .addClasses(ConfiguredEndpoints.class, ConfiguredEndpoints.Recording.class,
                        ConfiguredEndpoints.Subprotocols.class);
    }

    @ArquillianResource
    URL base;

    private URI ws(String pathAndQuery) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + base.getPath().replaceAll("/$", "")
                + pathAndQuery);
    }

    @Test
    @DisplayName("[WSC-3.1.2] the client's most preferred subprotocol the endpoint supports is chosen")
    void subprotocolChosenByClientPreference() throws Exception {
        try (SpecClient.Connection c = SpecClient.get().connect(ws("/subprotocols"), List.of("gamma", "beta", "alpha"))) {
            assertEquals("beta", c.subprotocol());
            assertEquals("subprotocol=beta", c.receiveText().split(" ")[0]);
        }
    }

    @Test
    @DisplayName("[WSC-3.1.2] no common subprotocol: the handshake succeeds without one")
    void noCommonSubprotocol() throws Exception {
        try (SpecClient.Connection c = SpecClient.get().connect(ws("/subprotocols"), List.of("gamma"))) {
            assertEquals("", c.subprotocol());
            assertEquals("subprotocol=", c.receiveText().split(" ")[0]);
        }
    }

    @Test
    @DisplayName("[WSC-4.1.4] the annotation's configurator creates the instance and sees the handshake in modifyHandshake")
    void configuratorHooksRun() throws Exception {
        Map<String, String> headers = WireConnection.validHandshake(ws("/subprotocols?q=1"));
        headers.put("X-Spec", "hello");
        headers.put("Sec-WebSocket-Protocol", "alpha");
        try (WireConnection c = WireConnection.connect(ws("/subprotocols?q=1"), headers, Duration.ofSeconds(10))) {
            assertEquals(101, c.handshake().status());
            assertEquals("recorded", c.handshake().field("X-Spec-Answer").orElse("(none)"));
            assertEquals("alpha", c.handshake().field("Sec-WebSocket-Protocol").orElse("(none)"));
            WireConnection.Received r = c.next(Duration.ofSeconds(10));
            String text = r instanceof WireConnection.Got got ? new String(got.frame().payload()) : r.toString();
            assertEquals("subprotocol=alpha header=hello query=q=1 createdBy=configurator", text);
        }
    }

    @Test
    @DisplayName("[WSC-4.1.4] checkOrigin false refuses the handshake with 403")
    void checkOriginRefuses() throws Exception {
        assertEquals(403, HandshakeStatus.of(ws("/subprotocols"), Map.of("Origin", "http://refused.example")));
        assertEquals(101, HandshakeStatus.of(ws("/subprotocols"), Map.of("Origin", "http://fine.example")));
    }
}
