package dev.wharf.samples.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the port comes from: {@code --port}, then {@code PORT}, then 8080. */
class MainTest {

    @Test
    void defaultsTo8080() {
        assertEquals(8080, Main.port(new String[0], Map.of()));
        assertEquals(8080, Main.port(new String[0], Map.of("PORT", " ")));
    }

    @Test
    void takesPortFromTheEnvironment() {
        assertEquals(9000, Main.port(new String[0], Map.of("PORT", "9000")));
    }

    @Test
    void commandLineWinsOverTheEnvironment() {
        assertEquals(9001, Main.port(new String[] {"--port", "9001"}, Map.of("PORT", "9000")));
        assertEquals(9002, Main.port(new String[] {"--port=9002"}, Map.of("PORT", "9000")));
    }

    @Test
    void readsTheRedisUrl() {
        String[] args = {"--port", "9003", "--redis", "redis://127.0.0.1:6379"};
        assertEquals(9003, Main.port(args, Map.of()));
        assertEquals("redis://127.0.0.1:6379", Main.redis(args));
        assertEquals("rediss://:pw@h:6380", Main.redis(new String[] {"--redis=rediss://:pw@h:6380"}));
        assertEquals(null, Main.redis(new String[] {"--port", "1"}));
        assertThrows(IllegalArgumentException.class, () -> Main.redis(new String[] {"--redis", "localhost:6379"}));
    }

    @Test
    void helpIsNotAPort() {
        assertEquals(-1, Main.port(new String[] {"--help"}, Map.of()));
    }

    @Test
    void refusesWhatIsNotAPort() {
        assertThrows(IllegalArgumentException.class, () -> Main.port(new String[] {"--port", "http"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Main.port(new String[] {"--port=70000"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Main.port(new String[0], Map.of("PORT", "-1")));
        assertThrows(IllegalArgumentException.class, () -> Main.port(new String[] {"--verbose"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Main.port(new String[] {"--port"}, Map.of()));
    }
}
