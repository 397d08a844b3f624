package dev.wharf.boot;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class WharfServletContextInitializerTest {

    @Test
    @DisplayName("Jetty 12.0 (Boot 3.5's Jetty) is refused at start-up, with what to use instead")
    void refusesJetty120() {
        ServletException e = assertThrows(ServletException.class,
                () -> WharfServletContextInitializer.refuseJetty120("jetty/12.0.29"));
        assertTrue(e.getMessage().contains("jetty/12.0.29"), e.getMessage());
        assertTrue(e.getMessage().contains("Jetty 12.1"), e.getMessage());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"jetty/12.1.10", "jetty/12.2.0", "Apache Tomcat/10.1.48", "Apache Tomcat/11.0.22",
            "Undertow - 2.3.20.Final"})
    @DisplayName("the servers Wharf runs on are accepted")
    void acceptsOthers(String serverInfo) {
        assertDoesNotThrow(() -> WharfServletContextInitializer.refuseJetty120(serverInfo));
    }
}
