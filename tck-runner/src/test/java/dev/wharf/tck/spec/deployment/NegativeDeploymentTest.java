package dev.wharf.tck.spec.deployment;

import static dev.wharf.tck.spec.deployment.SpecUris.ws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wharf.tck.spec.client.HandshakeStatus;
import dev.wharf.tck.spec.client.SpecClient;
import dev.wharf.tck.spec.deployment.DeploymentEndpoints.Invalid;
import dev.wharf.tck.spec.deployment.DeploymentEndpoints.Valid;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spec 4.x / 5.2 deployment errors, as the TCK's {@code negdep} tests check them: a WAR with an invalid endpoint
 * does not start, so none of its endpoints answer, though the deployment itself returns normally.
 */
@ExtendWith(ArquillianExtension.class)
class NegativeDeploymentTest {

    @Deployment(testable = false)
    static WebArchive war() {
        return ShrinkWrap.create(WebArchive.class, "spec-negdep.war")
                .addClasses(DeploymentEndpoints.class, Invalid.class, Valid.class);
    }

    @ArquillianResource
    URL base;

    @Test
    @DisplayName("[WSC-5.2.1] an invalid endpoint fails the application: its valid endpoint answers 404")
    void validEndpointUnreachable() throws Exception {
        assertEquals(404, HandshakeStatus.of(ws(base, "/valid")));
    }

    @Test
    @DisplayName("[WSC-5.2.1] a client connecting to the failed application gets an error, not a session")
    void clientRefused() {
        assertThrows(Exception.class, () -> SpecClient.get().connect(ws(base, "/valid")).close());
    }
}
