package dev.wharf.servlet.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.session.Transport;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The bridge that lets Wharf link Jetty's types inside a web application that cannot see them (a stock Jetty
 * distribution hides {@code org.eclipse.jetty.*}). The "web application" here is a loader that refuses every Jetty
 * class; Jetty's own loader is the test class path's. The stock distributions themselves are exercised by the
 * samples' distribution tests.
 */
class JettyBridgeLoaderTest {

    private final ClassLoader server = JettyBridgeLoaderTest.class.getClassLoader();
    /** A web application's loader in stock Jetty: Wharf's classes are there, Jetty's are hidden. */
    private final ClassLoader webapp = new ClassLoader("webapp", server) {
        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.eclipse.jetty.")) {
                throw new ClassNotFoundException(name + " is hidden from web applications");
            }
            return super.loadClass(name, resolve);
        }
    };

    @Test
    @DisplayName("the bridged classes link Jetty's types although the application's loader cannot see them")
    void bridgedClassesLinkHiddenJetty() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> webapp.loadClass("org.eclipse.jetty.io.AbstractConnection"));
        JettyBridgeLoader bridge = new JettyBridgeLoader(server, webapp);

        Class<?> transport = Class.forName("dev.wharf.servlet.jetty.JettyEndPointTransport", true, bridge);

        assertSame(bridge, transport.getClassLoader(), "defined by the bridge, not by the application");
        assertSame(server.loadClass("org.eclipse.jetty.io.AbstractConnection"), transport.getSuperclass(),
                "Jetty's own AbstractConnection, from Jetty's loader");
        assertTrue(Transport.class.isAssignableFrom(transport), "Wharf's session types are the application's");
    }

    @Test
    @DisplayName("only the Jetty upgrade classes (and their nested classes) are bridged")
    void bridgedNames() {
        assertTrue(JettyBridgeLoader.bridged("dev.wharf.servlet.jetty.JettyUpgrade"));
        assertTrue(JettyBridgeLoader.bridged("dev.wharf.servlet.jetty.JettyEndPointTransport$Aborted"));
        assertFalse(JettyBridgeLoader.bridged("dev.wharf.session.ReadGate$Pass"), "public: shared with the application");
        assertFalse(JettyBridgeLoader.bridged("dev.wharf.servlet.ServletTransport"));
        assertFalse(JettyBridgeLoader.bridged("dev.wharf.servlet.UpgradeFilter"));
    }

    @Test
    @DisplayName("the Jetty environment is read from the servlet layer's class name")
    void environmentOfJettyClasses() {
        assertEquals("ee11", JettyBridge.environment(ServletContextRequest.class));
        assertNull(JettyBridge.environment(String.class));
        assertNull(JettyBridge.environment(org.eclipse.jetty.io.EndPoint.class), "core Jetty is no environment");
        assertNull(JettyBridge.environment("org.eclipse.jetty.ee.webapp.WebAppClassLoader"),
                "nor is the environment-neutral ee package");
        assertEquals("ee10", JettyBridge.environment("org.eclipse.jetty.ee10.servlet.ServletApiRequest"));
    }
}
