package dev.wharf.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reading {@code dev.wharf.allowedOrigins}: what a user may write, and a clear start-up failure otherwise. */
class InitParametersTest {

    @Test
    @DisplayName("host names and origins become lower-case hosts; * allows every origin")
    void allowedOriginsAreHosts() {
        assertEquals(Set.of("app.example", "cdn.example", "::1"),
                InitParameters.allowedOrigins(" App.Example, https://CDN.example:8443 ,http://[::1]:5173,"));
        assertEquals(Set.of("*"), InitParameters.allowedOrigins("*"));
    }

    @Test
    @DisplayName("an entry that is neither a host, an origin nor * fails start-up naming the parameter and entry")
    void badEntryFailsStartUp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InitParameters.allowedOrigins("app.example, https://bad host"));
        assertTrue(e.getMessage().contains("dev.wharf.allowedOrigins") && e.getMessage().contains("https://bad host"),
                e.getMessage());
    }
}
