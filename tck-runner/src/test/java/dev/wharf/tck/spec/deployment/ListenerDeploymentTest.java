package dev.wharf.tck.spec.deployment;

import static dev.wharf.tck.spec.deployment.SpecUris.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.tck.spec.client.HandshakeStatus;
import dev.wharf.tck.spec.client.SpecClient;
import dev.wharf.tck.spec.deployment.DeploymentEndpoints.AddingListener;
import dev.wharf.tck.spec.deployment.DeploymentEndpoints.ListenerReport;
import dev.wharf.tck.spec.deployment.DeploymentEndpoints.OnlyListener;
import dev.wharf.tck.spec.deployment.DeploymentEndpoints.ProgrammaticEcho;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spec 6.4: a ServletContextListener deploys endpoints through ServerContainer.addEndpoint. */
@ExtendWith(ArquillianExtension.class)
class ListenerDeploymentTest {

    @Deployment(testable = false)
    static WebArchive war() {
        return ShrinkWrap.create(WebArchive.class, "spec-listener.war")
                .addClasses(DeploymentEndpoints.class, AddingListener.class, ListenerReport.class, OnlyListener.class,
                        ProgrammaticEcho.class);
    }

    @ArquillianResource
    URL base;

    private String ask(String question) throws Exception {
        try (SpecClient.Connection c = SpecClient.get().connect(ws(base, "/listener-report"))) {
            c.sendText(question);
            return c.receiveText();
        }
    }

    @Test
    @DisplayName("[WSC-6.4] addEndpoint(Class) and addEndpoint(ServerEndpointConfig) from contextInitialized serve")
    void listenerEndpointsServe() throws Exception {
        try (SpecClient.Connection c = SpecClient.get().connect(ws(base, "/from-listener"))) {
            c.sendText("hi");
            assertEquals("/from-listener hi", c.receiveText());
        }
    }

    @Test
    @DisplayName("[WSC-6.4, WSC-3.1.1-2] once running, a second endpoint at a taken path fails with DeploymentException")
    void duplicatePathRefused() throws Exception {
        assertEquals("DeploymentException", ask("duplicate"));
    }

    @Test
    @DisplayName("[WSC-6.4] since 2.1 addEndpoint also works while the application runs")
    void lateDeploymentServes() throws Exception {
        assertEquals(404, HandshakeStatus.of(ws(base, "/too-late")));
        assertEquals("accepted", ask("late"));
        try (SpecClient.Connection c = SpecClient.get().connect(ws(base, "/too-late"))) {
            c.sendText("hi");
            assertEquals("/too-late hi", c.receiveText());
        }
    }
}
