package dev.wharf.boot.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Run only on Boot 3.5 with Jetty as the server (Jetty 12.0, Jetty's own WebSocket excluded). Jetty 12.0's ee10 servlet
 * layer answers {@code HttpServletRequest.upgrade} with "Not implemented", so every handshake would get a 500: the
 * application must refuse to start instead, and say what works.
 */
class Jetty120Test {

    @Test
    @DisplayName("Boot 3.5 on Jetty 12.0 refuses to start and names the combinations that work")
    void refusesJetty120() {
        assumeTrue(Boolean.getBoolean("wharf.boot.jetty-12.0"), "not the Jetty 12.0 run");
        Throwable failure = assertThrows(Throwable.class, () -> RunningApp.start().close());

        Throwable refusal = failure;
        while (refusal != null && (refusal.getMessage() == null
                || !refusal.getMessage().startsWith("Wharf cannot serve WebSockets on jetty/12.0."))) {
            refusal = refusal.getCause();
        }
        if (refusal == null) {
            throw new AssertionError("start-up failed, but not with Wharf's Jetty 12.0 refusal", failure);
        }
        assertTrue(refusal.getMessage().contains("Jetty 12.1 (Spring Boot 4.0)"), refusal.getMessage());
    }
}
