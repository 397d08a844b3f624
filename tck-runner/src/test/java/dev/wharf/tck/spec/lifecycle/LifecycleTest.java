package dev.wharf.tck.spec.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.tck.spec.client.SpecClient;
import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spec 2.1 (endpoint lifecycle), deployed as a WAR through Arquillian like the official TCK. */
@ExtendWith(ArquillianExtension.class)
class LifecycleTest {

    @Deployment(testable = false)
    static WebArchive war() {
        return ShrinkWrap.create(WebArchive.class, "spec-lifecycle.war").addClass(LifecycleEndpoint.class);
    }

    @ArquillianResource
    URL base;

    private URI ws(String path) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + base.getPath().replaceAll("/$", "") + path);
    }

    @Test
    @DisplayName("[WSC-2.1.1] @OnOpen runs first, with an open session")
    void onOpenRunsFirst() throws Exception {
        try (SpecClient.Connection c = SpecClient.get().connect(ws("/lifecycle"))) {
            assertEquals("open true", c.receiveText());
        }
    }

    @Test
    @DisplayName("[WSC-2.1.2] @OnMessage gets each message, one endpoint instance per connection")
    void onMessagePerConnection() throws Exception {
        SpecClient client = SpecClient.get();
        try (SpecClient.Connection a = client.connect(ws("/lifecycle"));
                SpecClient.Connection b = client.connect(ws("/lifecycle"))) {
            a.receiveText();
            b.receiveText();
            a.sendText("x");
            assertEquals("message 1 x", a.receiveText());
            a.sendText("y");
            assertEquals("message 2 y", a.receiveText());
            b.sendText("z");
            assertEquals("message 1 z", b.receiveText());
        }
    }

    @Test
    @DisplayName("[WSC-2.1.5] Session.close(reason) reaches the peer as that close code and reason")
    void closeReasonReachesPeer() throws Exception {
        try (SpecClient.Connection c = SpecClient.get().connect(ws("/lifecycle"))) {
            c.receiveText();
            c.sendText("close");
            assertEquals("1000 bye", c.awaitClose());
        }
    }
}
