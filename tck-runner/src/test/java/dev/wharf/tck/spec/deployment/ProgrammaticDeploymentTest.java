package dev.wharf.tck.spec.deployment;

import static dev.wharf.tck.spec.deployment.SpecUris.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.tck.spec.client.HandshakeStatus;
import dev.wharf.tck.spec.client.SpecClient;
import dev.wharf.tck.spec.deployment.DeploymentEndpoints.AppConfig;
import dev.wharf.tck.spec.deployment.DeploymentEndpoints.Dropped;
import dev.wharf.tck.spec.deployment.DeploymentEndpoints.Kept;
import dev.wharf.tck.spec.deployment.DeploymentEndpoints.Offered;
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

/** Spec 6.2: a ServerApplicationConfig inside the WAR decides what is deployed. */
@ExtendWith(ArquillianExtension.class)
class ProgrammaticDeploymentTest {

    @Deployment(testable = false)
    static WebArchive war() {
        return ShrinkWrap.create(WebArchive.class, "spec-programmatic.war")
                .addClasses(DeploymentEndpoints.class, AppConfig.class, ProgrammaticEcho.class, Kept.class,
                        Dropped.class, Offered.class);
    }

    @ArquillianResource
    URL base;

    private String echo(String path, String text) throws Exception {
        try (SpecClient.Connection c = SpecClient.get().connect(ws(base, path))) {
            c.sendText(text);
            return c.receiveText();
        }
    }

    @Test
    @DisplayName("[WSC-6.2] getEndpointConfigs deploys programmatic endpoints, templates included")
    void programmaticEndpointsServe() throws Exception {
        assertEquals("/programmatic hi", echo("/programmatic", "hi"));
        assertEquals("/programmatic/{id} hi", echo("/programmatic/7", "hi"));
    }

    @Test
    @DisplayName("[WSC-6.2] getAnnotatedEndpointClasses filters the scanned annotated endpoints")
    void annotatedEndpointsFiltered() throws Exception {
        try (SpecClient.Connection c = SpecClient.get().connect(ws(base, "/kept"))) {
            assertEquals("kept", c.receiveText());
        }
        assertEquals(404, HandshakeStatus.of(ws(base, "/dropped")));
        assertEquals(404, HandshakeStatus.of(ws(base, "/offered")), "not returned by the config, not deployed");
    }

    @Test
    @DisplayName("[WSC-6.2] endpoints on the class path but outside the WAR are not deployed")
    void onlyTheWarIsScanned() throws Exception {
        assertEquals(404, HandshakeStatus.of(ws(base, "/not-in-war")));
    }
}
